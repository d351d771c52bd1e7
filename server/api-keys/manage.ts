// An org's keys for the public REST API (docs/api.md): created and revoked in the dashboard by
// owners and admins. The key is a recognisable prefix and 32 random bytes; it is returned once, on
// creation, and only its SHA-256 is kept (a 256-bit random secret cannot be guessed, so a slow
// password hash would only cost every API call time). A short visible prefix identifies it in lists.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { MemberActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import type { ApiKeyScope } from "../generated/prisma/enums";

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = "isk_live_";
/** Characters of the key kept in clear for the list: the prefix and 6 of the secret. */
const VISIBLE_CHARS = API_KEY_PREFIX.length + 6;
/** Keys an org may hold at once (revoked ones do not count). */
export const MAX_ACTIVE_KEYS = 25;
export const API_KEY_NAME_MAX = 60;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  return { key, prefix: key.slice(0, VISIBLE_CHARS), hash: hashApiKey(key) };
}

const listSelect = {
  id: true,
  name: true,
  scope: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/** Active keys first (newest first), then revoked ones. */
export async function listApiKeys({ orgId }: { orgId: string }) {
  return db.apiKey.findMany({
    where: { orgId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: listSelect,
  });
}

export async function createApiKey(input: { orgId: string; actor: MemberActor; name: string; scope: ApiKeyScope }) {
  const name = input.name.trim();
  if (!name)
    throw new AppError("BAD_REQUEST", "Give the key a name, e.g. the system that will use it.", {
      field: "name",
    });
  if (name.length > API_KEY_NAME_MAX)
    throw new AppError("BAD_REQUEST", `A key's name can be at most ${API_KEY_NAME_MAX} characters.`, {
      field: "name",
    });
  const made = newApiKey();
  const row = await db.$transaction(async (tx) => {
    // Serialises creation per org, so two clicks cannot pass the cap together.
    await tx.$executeRaw`SELECT id FROM "Organization" WHERE id = ${input.orgId} FOR UPDATE`;
    const active = await tx.apiKey.count({ where: { orgId: input.orgId, revokedAt: null } });
    if (active >= MAX_ACTIVE_KEYS)
      throw new AppError("CONFLICT", `An organization can hold ${MAX_ACTIVE_KEYS} active keys; revoke one you no longer use.`);
    const key = await tx.apiKey.create({
      data: {
        orgId: input.orgId,
        name,
        scope: input.scope,
        prefix: made.prefix,
        hash: made.hash,
        createdByMembershipId: input.actor.membershipId,
      },
      select: listSelect,
    });
    await recordAudit(tx, input.actor, {
      orgId: input.orgId,
      action: "api_key.created",
      targetType: "ApiKey",
      targetId: key.id,
      data: { name, scope: input.scope, prefix: made.prefix },
    });
    return key;
  });
  // The only time the key leaves the server.
  return { ...row, key: made.key };
}

/** Revoking is final: the key answers 401 from the next call on. Revoking a revoked key changes nothing. */
export async function revokeApiKey(input: { orgId: string; actor: MemberActor; keyId: string; now?: Date }) {
  return db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({
      where: { id: input.keyId, orgId: input.orgId },
      select: { id: true, revokedAt: true, name: true, prefix: true },
    });
    if (!key) throw notFound("API key");
    if (key.revokedAt) return { id: key.id, revokedAt: key.revokedAt };
    const revokedAt = input.now ?? new Date();
    await tx.apiKey.update({ where: { id: key.id, orgId: input.orgId }, data: { revokedAt } });
    await recordAudit(tx, input.actor, {
      orgId: input.orgId,
      action: "api_key.revoked",
      targetType: "ApiKey",
      targetId: key.id,
      data: { name: key.name, prefix: key.prefix },
    });
    return { id: key.id, revokedAt };
  });
}

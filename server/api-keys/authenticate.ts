// Who is calling the public API: the org and scope of a bearer key, or null for an unknown or
// revoked one. The lookup is by the key's hash (unique index); last-used time is written at most
// once a minute per key, so a busy integration does not turn every read into a write.
import "server-only";
import { db } from "../db";
import type { ApiKeyScope } from "../generated/prisma/enums";
import { hashApiKey } from "./manage";

export const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiCaller = { keyId: string; orgId: string; scope: ApiKeyScope; timeZone: string };

export async function authenticateApiKey(key: string, now = new Date()): Promise<ApiCaller | null> {
  const row = await db.apiKey.findUnique({
    where: { hash: hashApiKey(key) },
    select: {
      id: true,
      orgId: true,
      scope: true,
      revokedAt: true,
      lastUsedAt: true,
      org: { select: { timeZone: true } },
    },
  });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Conditional, so concurrent calls write once; a revoked key is never touched.
    await db.apiKey.updateMany({
      where: {
        id: row.id,
        revokedAt: null,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }],
      },
      data: { lastUsedAt: now },
    });
  }
  return { keyId: row.id, orgId: row.orgId, scope: row.scope, timeZone: row.org.timeZone };
}

// The audit trail's one writer: how an Actor (server/access/actor.ts) becomes AuditLog columns is
// decided here, so every row says who acted the same way whichever domain wrote it.
import "server-only";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { Tx } from "../tx";
import type { Actor } from "./actor";

export type AuditEntry = {
  /** Null for actions outside any tenant (operator settings, a sign-up not yet an org). */
  orgId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Prisma.InputJsonObject;
  /** When the caller already stamped the change with its own clock; otherwise the database's. */
  at?: Date;
};

/** The column is unbounded; a forwarded header is not, so the row keeps no more than any address needs. */
const MAX_IP_LENGTH = 64;

export function auditRow(actor: Actor, entry: AuditEntry): Prisma.AuditLogCreateManyInput {
  // An API key has no user: the key's id goes into the row's data, the one place it can be kept.
  const data = actor.type === "api_key" ? { ...entry.data, apiKeyId: actor.keyId } : entry.data;
  return {
    orgId: entry.orgId,
    actorType: actor.type === "member" ? "user" : actor.type,
    actorUserId: "userId" in actor ? actor.userId : null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    data,
    ip: actor.ip?.slice(0, MAX_IP_LENGTH) ?? null,
    createdAt: entry.at,
  };
}

export async function recordAudit(tx: Tx | Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: auditRow(actor, entry), select: { id: true } });
}

/** Several rows in one statement (a job acting on many orgs at once). */
export async function recordAudits(tx: Tx | Db, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.auditLog.createMany({ data: entries.map((e) => auditRow(actor, e)) });
}

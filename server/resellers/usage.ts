// This month's figures per organization, for the reseller portal and the operator console:
// visitor minutes and session hits from the usage ledger (UsageRecord), sessions started.
// "This month" is the calendar month in UTC, as statements count it.
import "server-only";
import { db } from "../db";

export type MonthUsage = { visitorMinutes: number; sessionHits: number; sessions: number };

export function monthStartUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export async function usageThisMonth(orgIds: readonly string[], now = new Date()): Promise<Map<string, MonthUsage>> {
  const out = new Map<string, MonthUsage>(orgIds.map((id) => [id, { visitorMinutes: 0, sessionHits: 0, sessions: 0 }]));
  if (orgIds.length === 0) return out;
  const since = monthStartUtc(now);
  const [usage, sessions] = await Promise.all([
    db.usageRecord.groupBy({
      by: ["orgId", "kind"],
      where: { orgId: { in: [...orgIds] }, occurredAt: { gte: since, lte: now } },
      _sum: { quantity: true },
    }),
    db.session.groupBy({
      by: ["orgId"],
      where: { orgId: { in: [...orgIds] }, startedAt: { gte: since, lte: now } },
      _count: { _all: true },
    }),
  ]);
  for (const u of usage) {
    const row = out.get(u.orgId)!;
    if (u.kind === "VISITOR_MINUTE") row.visitorMinutes = u._sum.quantity ?? 0;
    else row.sessionHits = u._sum.quantity ?? 0;
  }
  for (const s of sessions) out.get(s.orgId)!.sessions = s._count._all;
  return out;
}

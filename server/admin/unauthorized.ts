// Visitors turned away because the referring site is not allowed (server/launchers/unauthorized.ts
// audits every attempt), across all organizations, newest first, with a per-org tally of the last day.
import "server-only";
import { db } from "../db";
import { UNAUTHORIZED_ACTION } from "../launchers/unauthorized";
import { ADMIN_PAGE_SIZE } from "./orgs";

export async function listUnauthorizedAttempts(filter: { orgId?: string; cursor?: string }, now = new Date()) {
  const where = { action: UNAUTHORIZED_ACTION, ...(filter.orgId ? { orgId: filter.orgId } : {}) };
  const [rows, lastDay] = await Promise.all([
    db.auditLog.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: ADMIN_PAGE_SIZE + 1,
      ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
      select: { id: true, createdAt: true, ip: true, data: true, org: { select: { id: true, name: true } } },
    }),
    db.auditLog.groupBy({
      by: ["orgId"],
      where: { action: UNAUTHORIZED_ACTION, createdAt: { gte: new Date(now.getTime() - 86_400_000) } },
      _count: { _all: true },
      orderBy: { _count: { orgId: "desc" } },
      take: 10,
    }),
  ]);
  const names = new Map(
    (
      await db.organization.findMany({
        where: { id: { in: lastDay.map((r) => r.orgId).filter((id): id is string => id !== null) } },
        select: { id: true, name: true },
      })
    ).map((o) => [o.id, o.name]),
  );
  const page = rows.slice(0, ADMIN_PAGE_SIZE);
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    items: page.map((r) => {
      const d = r.data as Record<string, unknown>;
      return {
        id: r.id,
        createdAt: r.createdAt,
        ip: r.ip,
        org: r.org,
        host: str(d.host),
        origin: str(d.origin),
        reason: str(d.reason),
        launcherKey: str(d.launcherKey),
        notified: d.notified === true,
      };
    }),
    nextCursor: rows.length > ADMIN_PAGE_SIZE ? page[page.length - 1]!.id : null,
    lastDayByOrg: lastDay
      .filter((r) => r.orgId !== null)
      .map((r) => ({ orgId: r.orgId!, name: names.get(r.orgId!) ?? r.orgId!, attempts: r._count._all })),
  };
}

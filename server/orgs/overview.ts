// The dashboard's first page: this month's usage, who is ready now, and what needs attention.
import "server-only";
import { routableKeys } from "../agents/statuses";
import { db } from "../db";
import { orgAvailability } from "../launchers/availability";

export function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export async function orgOverview({ orgId, membershipId, now = new Date() }: { orgId: string; membershipId: string; now?: Date }) {
  const since = monthStart(now);
  const org = await db.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: { agentStatuses: true },
  });
  const [usage, sessions, live, ready, availability, launchers, unread, invitations] = await Promise.all([
    db.usageRecord.groupBy({
      by: ["kind"],
      where: { orgId, occurredAt: { gte: since } },
      _sum: { quantity: true },
    }),
    db.session.count({ where: { orgId, startedAt: { gte: since } } }),
    db.session.count({ where: { orgId, status: "ACTIVE" } }),
    db.agentPresence.count({
      where: { orgId, status: { in: routableKeys(org.agentStatuses) }, membership: { active: true } },
    }),
    orgAvailability(orgId, org.agentStatuses),
    db.launcher.findMany({
      where: { orgId, archivedAt: null },
      orderBy: { createdAt: "asc" },
      take: 5,
      select: { id: true, key: true, name: true },
    }),
    db.notification.count({ where: { orgId, OR: [{ membershipId }, { membershipId: null }], readAt: null } }),
    db.invitation.count({ where: { orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } } }),
  ]);
  const sum = (kind: "VISITOR_MINUTE" | "SESSION_HIT") => usage.find((u) => u.kind === kind)?._sum.quantity ?? 0;
  return {
    periodStart: since,
    sessionsThisMonth: sessions,
    visitorMinutes: sum("VISITOR_MINUTE"),
    sessionHits: sum("SESSION_HIT"),
    liveSessions: live,
    agentsReady: ready,
    freeSeats: availability.available,
    launchers,
    unreadNotifications: unread,
    pendingInvitations: invitations,
  };
}

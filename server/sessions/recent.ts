// Recently ended sessions, newest first: an agent's own (the console) or the whole org's (dashboard,
// live monitor, for staff with sessions.read). Links to the read-only transcript; full search comes
// with the reports.
import "server-only";
import { db } from "../db";
import { INVISIBLE_ROLES } from "./visibility";

export const RECENT_SESSIONS = 10;

export async function recentEndedSessions({
  orgId,
  membershipId,
  limit = RECENT_SESSIONS,
}: {
  orgId: string;
  membershipId?: string;
  limit?: number;
}) {
  const rows = await db.session.findMany({
    where: { orgId, status: "ENDED", ...(membershipId ? { participants: { some: { membershipId } } } : {}) },
    orderBy: [{ endedAt: "desc" }, { id: "desc" }],
    take: Math.min(limit, 50),
    select: {
      id: true,
      title: true,
      startedAt: true,
      endedAt: true,
      queueEntry: { select: { question: true } },
      participants: {
        where: { role: { notIn: [...INVISIBLE_ROLES] } },
        orderBy: { joinedAt: "asc" },
        select: { role: true, displayName: true },
      },
    },
  });
  return rows.map((s) => ({
    id: s.id,
    title: s.title,
    startedAt: s.startedAt,
    endedAt: s.endedAt ?? s.startedAt,
    question: s.queueEntry?.question ?? "",
    visitors: [...new Set(s.participants.filter((p) => p.role === "VISITOR" || p.role === "ATTENDEE").map((p) => p.displayName))],
    agents: [...new Set(s.participants.filter((p) => p.role === "AGENT").map((p) => p.displayName))],
  }));
}

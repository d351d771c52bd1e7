// Read-only replay for staff: the whole archive of one session of their org, private lines included.
import { can } from "../access/permissions";
import { toWire } from "../archive/read";
import { db } from "../db";
import { AppError } from "../errors";

export async function getReplay({ userId, sessionId }: { userId: string; sessionId: string }) {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      orgId: true,
      title: true,
      status: true,
      kind: true,
      startedAt: true,
      endedAt: true,
      org: { select: { memberships: { where: { userId, active: true }, select: { role: true } } } },
      participants: { orderBy: { joinedAt: "asc" }, select: { id: true, role: true, displayName: true, avatarUrl: true, joinedAt: true, leftAt: true } },
      events: {
        orderBy: { seq: "asc" },
        select: { id: true, sessionId: true, seq: true, type: true, actorParticipantId: true, clientEventId: true, payload: true, createdAt: true, audience: true, sidebarId: true },
      },
    },
  });
  const role = session?.org.memberships[0]?.role;
  if (!session || !role) throw new AppError("NOT_FOUND", "Session not found.");
  if (!can(role, "sessions.read")) throw new AppError("FORBIDDEN", "Your role cannot replay sessions.");
  return {
    session: { id: session.id, title: session.title, status: session.status, kind: session.kind, startedAt: session.startedAt, endedAt: session.endedAt },
    participants: session.participants,
    events: session.events.map((e) => ({ ...toWire(e), private: e.audience.length > 0 || e.sidebarId !== null })),
  };
}

// Read-only replay for staff. Managers (sessions.read) audit the whole archive of a session of their
// org, private lines included; an agent replaying a visitor they served sees what their own seats
// in it could see: the room, and private lines addressed to them.
import "server-only";
import type { MemberActor } from "../access/actor";
import { can } from "../access/permissions";
import { STORED_EVENT_SELECT } from "../archive/append";
import { toWire, visibleTo } from "../archive/read";
import { ROOM_STREAM } from "../../lib/session-events";
import { db } from "../db";
import { AppError } from "../errors";

export async function getReplay({ orgId, actor, sessionId }: { orgId: string; actor: MemberActor; sessionId: string }) {
  const userId = actor.userId;
  const audit = can(actor.role, "sessions.read");
  const ownSeats = audit
    ? []
    : (await db.participant.findMany({ where: { sessionId, orgId, membership: { userId } }, select: { id: true } })).map((p) => p.id);
  const session = await db.session.findFirst({
    where: { id: sessionId, orgId },
    select: {
      id: true,
      orgId: true,
      title: true,
      status: true,
      kind: true,
      startedAt: true,
      endedAt: true,
      participants: {
        orderBy: { joinedAt: "asc" },
        select: { id: true, role: true, displayName: true, avatarUrl: true, joinedAt: true, leftAt: true, visitorId: true },
      },
      events: {
        where: audit ? {} : visibleTo(ownSeats),
        // Archive order: each stream in seq order, the streams interleaved as they were written.
        orderBy: { id: "asc" },
        select: STORED_EVENT_SELECT,
      },
    },
  });
  if (!session) throw new AppError("NOT_FOUND", "Session not found.");
  if (!audit && !(await servedThisVisitor(userId, session.orgId, session.participants))) {
    throw new AppError("FORBIDDEN", "Your role cannot replay sessions.");
  }
  return {
    session: {
      id: session.id,
      title: session.title,
      status: session.status,
      kind: session.kind,
      startedAt: session.startedAt,
      endedAt: session.endedAt,
    },
    participants: session.participants.map(({ visitorId: _v, ...p }) => p),
    events: session.events.map((e) => ({ ...toWire(e), private: e.stream !== ROOM_STREAM })),
  };
}

/** An agent may replay a visitor's sessions once they have served that visitor (the console's context panel). */
async function servedThisVisitor(userId: string, orgId: string, participants: { visitorId: string | null }[]): Promise<boolean> {
  const visitorIds = participants.map((p) => p.visitorId).filter((v): v is string => v !== null);
  if (visitorIds.length === 0) return false;
  const seat = await db.participant.findFirst({
    where: {
      orgId,
      role: "AGENT",
      membership: { userId, active: true },
      session: { participants: { some: { visitorId: { in: visitorIds } } } },
    },
    select: { id: true },
  });
  return seat !== null;
}

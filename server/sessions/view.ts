// Everything the viewer needs on load, as this participant may see it.
import "server-only";
import { visitorBanner } from "../../lib/banner";
import type { WireEvent } from "../../lib/session-events";
import { listEvents } from "../archive/read";
import { listSidebars } from "../sidebars/sidebars";
import { db } from "../db";
import { mayTake } from "./baton";
import { readsUntil, type Seat } from "./participant";
import { audienceFigures } from "../auditorium/count";
import { seatChannels } from "../realtime/subscriptions";
import { INVISIBLE_ROLES, isInvisible, unlistedRoles } from "./visibility";

export async function getSessionView(seat: Seat) {
  const invisibleMe = isInvisible(seat.role);
  const [participants, events, history, rooms, sidebars, org] = await Promise.all([
    db.participant.findMany({
      where: { sessionId: seat.sessionId, role: { notIn: unlistedRoles(seat.session.kind, invisibleMe) } },
      orderBy: { joinedAt: "asc" },
      select: { id: true, role: true, displayName: true, avatarUrl: true, leftAt: true, canLead: true },
    }),
    listEvents({ orgId: seat.orgId, sessionId: seat.sessionId, participantId: seat.id, until: readsUntil(seat) }),
    db.sessionEvent.findMany({
      where: { orgId: seat.orgId, sessionId: seat.sessionId, type: "navigate" },
      orderBy: { seq: "desc" },
      take: 50,
      select: { seq: true, payload: true, createdAt: true },
    }),
    seat.session.scenario.showRooms ? otherRooms(seat) : Promise.resolve([]),
    listSidebars(seat),
    db.organization.findUniqueOrThrow({ where: { id: seat.orgId }, select: { name: true } }),
  ]);
  // An auditorium's audience is a count (server/auditorium/count.ts), never its rows.
  const audience = seat.session.kind === "AUDITORIUM" ? await audienceFigures(seat.sessionId) : null;
  return {
    session: {
      id: seat.session.id,
      title: seat.session.title,
      /** The business, for the page's title (components/viewer/session-title.ts). */
      orgName: org.name,
      status: seat.session.status,
      kind: seat.session.kind,
      startedAt: seat.session.startedAt,
      endedAt: seat.session.endedAt,
      currentUrl: seat.session.currentUrl,
      leaderParticipantId: seat.session.leaderParticipantId,
      lastSeq: seat.session.lastSeq,
    },
    scenario: { ...seat.session.scenario, banner: visitorBanner(seat.session.scenario.banner) },
    me: { id: seat.id, role: seat.role, displayName: seat.displayName, left: seat.leftAt !== null, mayTake: mayTake(seat) },
    participants: participants.map((p) => ({
      id: p.id,
      role: p.role,
      displayName: p.displayName,
      avatarUrl: p.avatarUrl,
      present: p.leftAt === null,
      canLead: p.canLead,
    })),
    history: history.map((h) => ({ seq: h.seq, url: String((h.payload as { url?: string }).url ?? ""), at: h.createdAt })),
    rooms,
    sidebars,
    audience,
    /** What this page subscribes to (the browser never builds a channel name). */
    channels: seatChannels({ sessionId: seat.sessionId, participantId: seat.id }),
    events: events satisfies WireEvent[],
  };
}

/** Other live sessions this person may go to: where they hold a seat, and for staff the org's open rooms. */
async function otherRooms(seat: Seat) {
  const staff = seat.membershipId !== null;
  const mine = seat.visitorId ? { visitorId: seat.visitorId } : { membershipId: seat.membershipId };
  const sessions = await db.session.findMany({
    where: {
      orgId: seat.orgId,
      status: "ACTIVE",
      id: { not: seat.sessionId },
      OR: [
        { participants: { some: { leftAt: null, ...mine } } },
        ...(staff ? [{ kind: { in: ["COLLABORATION" as const, "AUDITORIUM" as const] } }] : []),
      ],
    },
    orderBy: { startedAt: "desc" },
    take: 20,
    // Unseen staff are never counted: a count is a "who" list too.
    select: {
      id: true,
      title: true,
      kind: true,
      _count: { select: { participants: { where: { leftAt: null, role: { notIn: [...INVISIBLE_ROLES] } } } } },
      // Whether this person holds a seat there: the Rooms tab links there or to a join confirmation.
      participants: { where: { leftAt: null, ...mine }, select: { id: true }, take: 1 },
    },
  });
  return sessions.map((s) => ({
    id: s.id,
    title: s.title,
    kind: s.kind,
    present: s._count.participants,
    seated: s.participants.length > 0,
  }));
}

export type SessionView = Awaited<ReturnType<typeof getSessionView>>;

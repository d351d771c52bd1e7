// Who is calling, inside one session: the caller's seat, found from their sign-in or visitor
// cookie. Someone without a seat gets NOT_FOUND, whether or not the session exists.
import { db } from "../db";
import { AppError } from "../errors";
import { isWatchOnly } from "./visibility";

export type SessionCaller = { userId?: string | null; visitorCookieId?: string | null };

const seatSelect = {
  id: true,
  orgId: true,
  sessionId: true,
  role: true,
  canLead: true,
  displayName: true,
  avatarUrl: true,
  leftAt: true,
  removedAt: true,
  membershipId: true,
  visitorId: true,
  session: {
    select: {
      id: true,
      orgId: true,
      status: true,
      kind: true,
      title: true,
      leaderParticipantId: true,
      currentUrl: true,
      lastSeq: true,
      seatVersion: true,
      startedAt: true,
      endedAt: true,
      scenario: { select: { typingPreview: true, showWho: true, showRooms: true, batonPolicy: true, name: true, banner: true, monitoringNotice: true } },
    },
  },
} as const;

export async function findSeat(caller: SessionCaller, sessionId: string) {
  const who = [
    ...(caller.userId ? [{ membership: { userId: caller.userId, active: true } }] : []),
    ...(caller.visitorCookieId ? [{ visitor: { cookieId: caller.visitorCookieId } }] : []),
  ];
  if (who.length === 0) return null;
  // A present seat before a left one; the latest of each.
  return db.participant.findFirst({
    where: { sessionId, OR: who },
    orderBy: [{ leftAt: { sort: "desc", nulls: "first" } }, { joinedAt: "desc" }],
    select: seatSelect,
  });
}

export type Seat = NonNullable<Awaited<ReturnType<typeof findSeat>>>;

/** A seat by its own id, for work the server does on the seat's behalf (no caller to check). */
export async function findSeatById(participantId: string) {
  return db.participant.findUnique({ where: { id: participantId }, select: { ...seatSelect, joinedAt: true } });
}

export async function requireSeat(caller: SessionCaller, sessionId: string): Promise<Seat> {
  const seat = await findSeat(caller, sessionId);
  if (!seat) throw new AppError("NOT_FOUND", "Session not found.");
  return seat;
}

/** The seat must still be in a live session to act in it. */
export function assertActive(seat: Seat): void {
  if (seat.session.status !== "ACTIVE") throw new AppError("PRECONDITION_FAILED", "This session has ended.");
  if (seat.leftAt) throw new AppError("PRECONDITION_FAILED", "You have left this session.");
}

/** An auditorium attendee watches (server/sessions/visibility.ts): writing to the room is refused. */
export function assertMayWriteToRoom(seat: Seat): void {
  if (isWatchOnly(seat)) throw new AppError("FORBIDDEN", "The audience can't write in the stage chat. Send a question instead.");
}

/**
 * How far a seat may read the live archive: a removed seat (an auditorium attendee the producer
 * took out) up to its removal, which writes no room event, so nothing it was owed is cut; every
 * other seat reads on (a departed agent's page still needs the hand-off event that its leaving
 * wrote a moment after `leftAt`).
 */
export function readsUntil(seat: { leftAt: Date | null; removedAt: Date | null }): Date | null {
  return seat.removedAt ? seat.leftAt : null;
}

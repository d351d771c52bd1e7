// Who is calling, inside one session: the caller's seat, found from their sign-in or visitor
// cookie. Someone without a seat gets NOT_FOUND, whether or not the session exists.
import "server-only";
import { callerSeatWhere, type SeatCaller } from "../access/seats";
import { db } from "../db";
import { AppError } from "../errors";
import { isWatchOnly } from "./visibility";

export type SessionCaller = SeatCaller;

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
      scenario: {
        select: {
          typingPreview: true,
          showWho: true,
          showRooms: true,
          batonPolicy: true,
          name: true,
          banner: true,
          monitoringNotice: true,
        },
      },
    },
  },
} as const;

export async function findSeat(caller: SessionCaller, sessionId: string) {
  const mine = callerSeatWhere(caller);
  if (!mine) return null;
  // A present seat before a left one; the latest of each.
  return db.participant.findFirst({
    where: { sessionId, ...mine },
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

/**
 * The hot path's seat (a chat line): remembered per process for a short while, so a line costs the
 * one statement that stores it. Never trusted on its own: the append checks in the same statement
 * that the session is live at the cached seat version (a role change, a leave, a removal or the
 * end bumps it) and that the seat is present with its membership active (a deactivation bumps
 * nothing), and a line that fails the check is judged again from a fresh `requireSeat`
 * (server/chat/send.ts). The TTL only bounds memory and the age of fields no line depends on.
 */
const SEAT_CACHE_TTL_MS = 60_000;
const SEAT_CACHE_MAX = 50_000;
const seatCache = new Map<string, { seat: Seat; until: number }>();

const seatCacheKey = (caller: SessionCaller, sessionId: string) =>
  `${caller.userId ?? ""}\u0000${caller.visitorCookieId ?? ""}\u0000${sessionId}`;

/** The caller's seat from the cache when fresh, else from the database (and remembered). */
export async function cachedSeat(caller: SessionCaller, sessionId: string): Promise<{ seat: Seat; cached: boolean }> {
  const hit = peekCachedSeat(caller, sessionId);
  if (hit) return { seat: hit, cached: true };
  return { seat: await reloadSeat(caller, sessionId), cached: false };
}

/** The caller's seat if the cache holds it fresh, without asking the database (also the line limit's early refusal: server/http/trpc-handler.ts). */
export function peekCachedSeat(caller: SessionCaller, sessionId: string): Seat | null {
  const hit = seatCache.get(seatCacheKey(caller, sessionId));
  return hit && hit.until > Date.now() ? hit.seat : null;
}

/** The caller's seat read again (requireSeat), replacing what the cache held. */
export async function reloadSeat(caller: SessionCaller, sessionId: string): Promise<Seat> {
  const key = seatCacheKey(caller, sessionId);
  seatCache.delete(key);
  const seat = await requireSeat(caller, sessionId);
  // Oldest first out: a Map iterates in insertion order.
  if (seatCache.size >= SEAT_CACHE_MAX) seatCache.delete(seatCache.keys().next().value!);
  seatCache.set(key, { seat, until: Date.now() + SEAT_CACHE_TTL_MS });
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

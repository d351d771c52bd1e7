// "Which seat is the caller's": a participant row is someone's through their active membership (a
// signed-in member) or their visitor cookie. One browser may carry both, and either identifies.
import "server-only";
import type { Prisma } from "../generated/prisma/client";

export type SeatCaller = { userId?: string | null; visitorCookieId?: string | null };

/**
 * The filter matching the caller's seats, to combine with a session or a seat id; null when the
 * caller is neither signed in nor a known visitor (nothing can be theirs).
 */
export function callerSeatWhere(caller: SeatCaller): Prisma.ParticipantWhereInput | null {
  const who: Prisma.ParticipantWhereInput[] = [
    ...(caller.userId ? [{ membership: { userId: caller.userId, active: true } }] : []),
    ...(caller.visitorCookieId ? [{ visitor: { cookieId: caller.visitorCookieId } }] : []),
  ];
  return who.length > 0 ? { OR: who } : null;
}

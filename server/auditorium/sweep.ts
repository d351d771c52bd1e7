// Seats that never connected. An attendee seat closes by disconnecting only through the relay's
// channel_vacated for its own channel (attendance.ts), and a channel nobody ever subscribed to is
// never vacated: a tab closed right after the join, a bot posting the join form, a double-submitted
// form. Such a seat would stay in the audience count and be billed until the event ends. The worker
// sweeps them: present attendee seats of live events that joined more than the grace ago, whose own
// channel is not occupied and that no presence-leave job is deciding, leave now (leaveAttendee, the
// same path as a disconnect). docs/sessions.md, "The auditorium".
import "server-only";
import { db } from "../db";
import { JOBS } from "../jobs/boss";
import { onlineParticipants } from "../realtime/presence";
import { presenceLeaveGraceMs } from "../sessions/presence-leave";
import { leaveAttendee } from "./attendance";

/**
 * Every 30 s: a never-connected seat leaves within grace + 30 s (at most a minute with the default
 * grace, so it is billed one or two minutes, not hours), at the cost of one query and, only when
 * there are candidates, one relay request per sweep.
 */
export const ATTENDEE_SWEEP_EVERY_MS = 30_000;

/**
 * One sweep: leaves the present attendee seats of live auditoriums that joined before `now` minus
 * the grace and whose own channel nobody holds. Idempotent, and safe with several workers at once:
 * leaving locks the event's row and closes only a seat still open, so a seat leaves (and the count
 * drops) once. Returns the seats it left.
 */
export async function sweepUnconnectedAttendees(now = new Date()): Promise<string[]> {
  const joinedBefore = new Date(now.getTime() - presenceLeaveGraceMs());
  // A seat with a presence-leave job waiting or running has been connected and dropped (maybe a
  // reload): that job decides, with the disconnect time, so a reload is never cut short here.
  const seats = await db.$queryRaw<{ id: string; orgId: string; sessionId: string }[]>`
    SELECT p.id, p."orgId", p."sessionId"
    FROM "Participant" p
    JOIN "Session" s ON s.id = p."sessionId" AND s.kind = 'AUDITORIUM' AND s.status = 'ACTIVE'
    JOIN "Auditorium" a ON a."sessionId" = p."sessionId" AND a."endedAt" IS NULL
    WHERE p.role = 'ATTENDEE' AND p."leftAt" IS NULL AND p."joinedAt" < ${joinedBefore}
      AND NOT EXISTS (
        SELECT 1 FROM pgboss.job j
        WHERE j.name = ${JOBS.presenceLeave} AND j.data->>'participantId' = p.id
          AND j.state IN ('created', 'retry', 'active'))`;
  if (seats.length === 0) return [];
  // Asked after the query, so a page that subscribed meanwhile is seen as connected.
  const online = await onlineParticipants();
  const left: string[] = [];
  for (const seat of seats) {
    if (online.has(seat.id)) continue;
    if (await leaveAttendee({ orgId: seat.orgId, sessionId: seat.sessionId, participantId: seat.id }, now)) left.push(seat.id);
  }
  return left;
}

// Removing (kicking) an attendee: the producer's call. The seat is left and marked removedAt; the
// same visitor (cookie) cannot join the event again by its link (join.ts refuses "removed"), and
// A2's questions refuse a seat with removedAt. The attendee's page is told on their own channel.
import "server-only";
import { EVENTS, type AttendeeRemoved } from "../../lib/realtime-events";
import { db } from "../db";
import { AppError } from "../errors";
import { publishNotices } from "../realtime/notices";
import { assertActive, type Seat } from "../sessions/participant";
import { leaveAttendeeInTx } from "./attendance";
import { audienceChanged } from "./count";

/** The producer of a live auditorium: the one seat that runs it (remove, end, attendance). */
export function assertProducer(seat: Seat): void {
  if (seat.session.kind !== "AUDITORIUM") throw new AppError("NOT_FOUND", "Session not found.");
  assertActive(seat);
  if (seat.role !== "PRODUCER") throw new AppError("FORBIDDEN", "Only the event's producer can do this.");
}

export async function removeAttendee(producer: Seat, participantId: string, now = new Date()): Promise<{ removed: true }> {
  assertProducer(producer);
  const target = await db.participant.findFirst({
    where: { id: participantId, sessionId: producer.sessionId, orgId: producer.orgId, role: "ATTENDEE" },
    select: { id: true, removedAt: true },
  });
  // Speakers are demoted first (A2); staff and unknown ids look the same: not an attendee here.
  if (!target) throw new AppError("NOT_FOUND", "That attendee is not in this event.");
  if (target.removedAt) throw new AppError("CONFLICT", "That attendee was already removed.");
  const left = await db.$transaction((tx) =>
    leaveAttendeeInTx(tx, { orgId: producer.orgId, sessionId: producer.sessionId, participantId: target.id }, now, { removedAt: now }),
  );
  const notice: AttendeeRemoved = { sessionId: producer.sessionId };
  await publishNotices([{ audience: { to: "participant", participantId: target.id }, event: EVENTS.attendeeRemoved, data: notice }]);
  if (left) audienceChanged(producer.sessionId);
  return { removed: true };
}

// Raised hands: an attendee asks to come on stage; the producer sees the list and promotes
// (stage.ts) or lowers it. The hand is a column on the seat, not an event: it is a request to the
// producer, not part of the event's record, and the room never learns of it.
import "server-only";
import type { RaisedHand } from "../../lib/stage-events";
import { db } from "../db";
import { AppError } from "../errors";
import { publishNotices } from "../realtime/notices";
import { assertActive, type Seat } from "../sessions/participant";
import { handNotice, requireAuditorium, requireStage } from "./stage";

function requireAttendee(seat: Seat): void {
  requireAuditorium(seat);
  assertActive(seat);
  if (seat.role !== "ATTENDEE") throw new AppError("BAD_REQUEST", "You are on stage already.");
}

/** Raising a raised hand changes nothing and tells nobody again. */
export async function raiseHand(seat: Seat): Promise<{ raised: true }> {
  requireAttendee(seat);
  const at = new Date();
  const { count } = await db.participant.updateMany({
    where: { id: seat.id, role: "ATTENDEE", leftAt: null, handRaisedAt: null },
    data: { handRaisedAt: at },
  });
  if (count === 1)
    await publishNotices([
      handNotice(seat.sessionId, { participantId: seat.id, name: seat.displayName, raised: true, at: at.toISOString() }),
    ]);
  return { raised: true };
}

/** An attendee lowers their own hand; the producer lowers anyone's (`participantId`). */
export async function lowerHand(seat: Seat, input: { participantId?: string }): Promise<{ raised: false }> {
  requireAuditorium(seat);
  assertActive(seat);
  const target = input.participantId ?? seat.id;
  if (target !== seat.id && seat.role !== "PRODUCER") throw new AppError("FORBIDDEN", "Only the producer can lower someone else's hand.");
  const hand = await db.participant.findFirst({
    where: { id: target, sessionId: seat.sessionId, role: "ATTENDEE" },
    select: { displayName: true, handRaisedAt: true },
  });
  if (!hand) throw new AppError("NOT_FOUND", "That person is not in the audience.");
  const { count } = await db.participant.updateMany({ where: { id: target, handRaisedAt: { not: null } }, data: { handRaisedAt: null } });
  if (count === 1)
    await publishNotices([
      handNotice(seat.sessionId, { participantId: target, name: hand.displayName, raised: false, at: new Date().toISOString() }),
    ]);
  return { raised: false };
}

export const HANDS_SHOWN = 200;

/** Raised hands, first raised first (producers and speakers). */
export async function listHands(seat: Seat): Promise<RaisedHand[]> {
  requireStage(seat);
  const rows = await db.participant.findMany({
    where: { orgId: seat.orgId, sessionId: seat.sessionId, role: "ATTENDEE", leftAt: null, handRaisedAt: { not: null } },
    orderBy: { handRaisedAt: "asc" },
    take: HANDS_SHOWN,
    select: { id: true, displayName: true, handRaisedAt: true },
  });
  return rows.map((r) => ({ participantId: r.id, name: r.displayName, raised: true, at: r.handRaisedAt!.toISOString() }));
}

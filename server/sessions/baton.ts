// The baton: who leads. The leader passes it; others ask for it; the scenario's policy says who may
// simply take it (staff in support sessions, anyone in open collaboration). Archived either way.
import "server-only";
import type { WireEvent } from "../../lib/session-events";
import { isInvisible } from "./visibility";
import { appendEvents } from "../archive/append";
import { toWire } from "../archive/read";
import { db } from "../db";
import { AppError } from "../errors";
import { publishStoredEvents } from "../realtime/stored-events";
import { assertActive, assertMayWriteToRoom, type Seat } from "./participant";

const STAFF_ROLES = ["AGENT", "SPEAKER", "PRODUCER"] as const;

/** May `seat` take the baton without it being passed, under the session's policy? */
export function mayTake(seat: Pick<Seat, "role" | "canLead" | "session">): boolean {
  if (isInvisible(seat.role)) return false;
  if (seat.session.kind === "AUDITORIUM") {
    // Only the stage leads an auditorium; the producer runs it and may always take the lead.
    if (seat.role === "PRODUCER") return true;
    if (seat.role !== "SPEAKER") return false;
  }
  const policy = seat.session.scenario.batonPolicy;
  if (policy === "ANYONE_TAKES") return true;
  if (policy === "STAFF_TAKES") return (STAFF_ROLES as readonly string[]).includes(seat.role);
  return false;
}

async function moveBaton(seat: Seat, toParticipantId: string, mode: "pass" | "take"): Promise<WireEvent> {
  assertActive(seat);
  assertMayWriteToRoom(seat);
  const stored = await db.$transaction(async (tx) => {
    const [session] = await tx.$queryRaw<{ leaderParticipantId: string | null; status: string }[]>`
      SELECT "leaderParticipantId", status FROM "Session" WHERE id = ${seat.sessionId} FOR UPDATE`;
    if (session?.status !== "ACTIVE") throw new AppError("PRECONDITION_FAILED", "This session has ended.");
    // An auditorium's producer runs the stage: they hand the baton between speakers without holding it.
    const producer = seat.session.kind === "AUDITORIUM" && seat.role === "PRODUCER";
    if (mode === "pass" && session.leaderParticipantId !== seat.id && !producer)
      throw new AppError("FORBIDDEN", "Only the leader can pass the baton.");
    if (mode === "take" && !mayTake(seat)) throw new AppError("FORBIDDEN", "You can ask for the baton; the leader passes it.");
    const target = await tx.participant.findFirst({
      where: { id: toParticipantId, sessionId: seat.sessionId, leftAt: null },
      select: { id: true, role: true },
    });
    // Unseen staff answer exactly like someone absent: a different answer would confirm a watcher.
    if (!target || isInvisible(target.role)) throw new AppError("NOT_FOUND", "That participant is not in this session.");
    // In an auditorium the baton stays on stage: an attendee would lead 19,000 people unvetted.
    if (seat.session.kind === "AUDITORIUM" && target.role !== "SPEAKER" && target.role !== "PRODUCER")
      throw new AppError("BAD_REQUEST", "Only people on stage can lead. Promote them to speaker first.");
    if (session.leaderParticipantId === target.id) throw new AppError("CONFLICT", "They already lead.");
    await tx.session.update({ where: { id: seat.sessionId }, data: { leaderParticipantId: target.id } });
    await tx.participant.update({ where: { id: target.id }, data: { canLead: true } });
    const [e] = await appendEvents(tx, {
      orgId: seat.orgId,
      sessionId: seat.sessionId,
      events: [{ type: "baton.passed", actorParticipantId: seat.id, payload: { from: session.leaderParticipantId, to: target.id, mode } }],
    });
    return e!;
  });
  await publishStoredEvents(seat.sessionId, [stored]);
  return toWire(stored);
}

export function passBaton(seat: Seat, toParticipantId: string) {
  return moveBaton(seat, toParticipantId, "pass");
}

export function takeBaton(seat: Seat) {
  return moveBaton(seat, seat.id, "take");
}

export async function requestBaton(seat: Seat): Promise<WireEvent> {
  assertActive(seat);
  assertMayWriteToRoom(seat);
  if (seat.session.leaderParticipantId === seat.id) throw new AppError("CONFLICT", "You already lead.");
  if (isInvisible(seat.role)) throw new AppError("BAD_REQUEST", "An invisible participant cannot lead.");
  // A request is a room event: the audience does not write to the stage (raise a hand instead).
  if (seat.session.kind === "AUDITORIUM" && seat.role === "ATTENDEE")
    throw new AppError("FORBIDDEN", "The audience can't lead. Raise your hand to ask to come on stage.");
  const [stored] = await db.$transaction((tx) =>
    appendEvents(tx, {
      orgId: seat.orgId,
      sessionId: seat.sessionId,
      events: [{ type: "baton.requested", actorParticipantId: seat.id, payload: {} }],
    }),
  );
  await publishStoredEvents(seat.sessionId, [stored!]);
  return toWire(stored!);
}

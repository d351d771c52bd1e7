// The auditorium's stage: who is on it (producers, speakers), promoting an attendee to speaker
// and back, and the backstage notices. The stage is the only part of an auditorium that writes
// to the room; the audience watches, asks questions and raises hands (questions.ts, hands.ts).
import "server-only";
import { STAGE_EVENT_TYPES, STAGE_EVENTS, type RaisedHand, type StageRoleChanged } from "../../lib/stage-events";
import type { ParticipantRole } from "../generated/prisma/enums";
import { appendEvents, type StoredEvent } from "../archive/append";
import { toWire } from "../archive/read";
import { db } from "../db";
import { AppError } from "../errors";
import { publishNotices, type Notice } from "../realtime/notices";
import { storedEventNotices } from "../realtime/stored-events";
import { bumpSeatVersion } from "../sessions/line-guard";
import { adjustAudience, audienceChanged } from "./count";
import { assertActive, type Seat } from "../sessions/participant";

export const STAGE_ROLES = ["PRODUCER", "SPEAKER"] as const satisfies readonly ParticipantRole[];

export function isStageRole(role: ParticipantRole): boolean {
  return (STAGE_ROLES as readonly ParticipantRole[]).includes(role);
}

/** Auditorium work only happens in an auditorium; elsewhere the procedures do not exist. */
export function requireAuditorium(seat: Seat): void {
  if (seat.session.kind !== "AUDITORIUM") throw new AppError("NOT_FOUND", "This session is not an auditorium.");
}

export function requireProducer(seat: Seat): void {
  requireAuditorium(seat);
  assertActive(seat);
  if (seat.role !== "PRODUCER") throw new AppError("FORBIDDEN", "Only the producer can do that.");
}

export function requireStage(seat: Seat): void {
  requireAuditorium(seat);
  assertActive(seat);
  if (!isStageRole(seat.role)) throw new AppError("FORBIDDEN", "That is for the people on stage.");
}

/** A notice for producers and speakers only; never archived, so it carries no seq. */
export function stageNotice(sessionId: string, event: string, data: unknown): Notice {
  return { audience: { to: "stage", sessionId }, event, data };
}

/** The backstage notice for one hand; idempotent (raised or not, as of `at`). */
export function handNotice(sessionId: string, hand: RaisedHand): Notice {
  return stageNotice(sessionId, STAGE_EVENTS.hand, hand);
}

export function seatNotice(participantId: string, event: string, data: unknown): Notice {
  return { audience: { to: "participant", participantId }, event, data };
}

/**
 * Brings an attendee on stage (SPEAKER: a visible seat that may hold the baton) or sends a
 * speaker back to the audience. Producer only. A seat change like any other: it bumps the
 * session's seatVersion under the row lock, so a line already on its way is judged by the new
 * role (sessions/line-guard.ts). A demoted speaker who held the baton hands it to the producer.
 */
export async function changeStageRole(seat: Seat, input: { participantId: string; to: "SPEAKER" | "ATTENDEE" }) {
  requireProducer(seat);
  const from = input.to === "SPEAKER" ? "ATTENDEE" : "SPEAKER";
  const stored = await db.$transaction(async (tx) => {
    const [session] = await tx.$queryRaw<{ leaderParticipantId: string | null; status: string }[]>`
      SELECT "leaderParticipantId", status FROM "Session" WHERE id = ${seat.sessionId} AND "orgId" = ${seat.orgId} FOR UPDATE`;
    if (session?.status !== "ACTIVE") throw new AppError("PRECONDITION_FAILED", "This session has ended.");
    const target = await tx.participant.findFirst({
      where: { id: input.participantId, sessionId: seat.sessionId, leftAt: null },
      select: { id: true, role: true, displayName: true },
    });
    // Unseen staff, producers and absent seats all answer the same: nobody to move.
    if (!target || (target.role !== "ATTENDEE" && target.role !== "SPEAKER"))
      throw new AppError("NOT_FOUND", "That person is not in the audience or on stage.");
    if (target.role !== from)
      throw new AppError(
        "CONFLICT",
        input.to === "SPEAKER" ? `${target.displayName} is already on stage.` : `${target.displayName} is not on stage.`,
      );
    await tx.participant.update({
      where: { id: target.id },
      data: { role: input.to, canLead: input.to === "SPEAKER", handRaisedAt: null },
    });
    await bumpSeatVersion(tx, seat.sessionId);
    // The audience count is of attendees: one fewer on stage's way up, one more on the way back.
    await adjustAudience(tx, seat.sessionId, input.to === "SPEAKER" ? -1 : 1);
    const events: Parameters<typeof appendEvents>[1]["events"] = [
      {
        type: input.to === "SPEAKER" ? STAGE_EVENT_TYPES.promoted : STAGE_EVENT_TYPES.demoted,
        actorParticipantId: seat.id,
        payload: { participantId: target.id, name: target.displayName, role: input.to },
      },
    ];
    if (input.to === "ATTENDEE" && session.leaderParticipantId === target.id) {
      await tx.session.update({ where: { id: seat.sessionId }, data: { leaderParticipantId: seat.id } });
      events.push({ type: "baton.passed", actorParticipantId: seat.id, payload: { from: target.id, to: seat.id, mode: "take" } });
    }
    return { target, events: await appendEvents(tx, { orgId: seat.orgId, sessionId: seat.sessionId, events }) };
  });
  audienceChanged(seat.sessionId);
  const role: StageRoleChanged = { role: input.to };
  await publishNotices([
    ...storedEventNotices(seat.sessionId, stored.events),
    // Their page switches view (attendee <-> speaker) on this.
    seatNotice(stored.target.id, STAGE_EVENTS.role, role),
    handNotice(seat.sessionId, {
      participantId: stored.target.id,
      name: stored.target.displayName,
      raised: false,
      at: new Date().toISOString(),
    }),
  ]);
  return stored.events.map((e: StoredEvent) => toWire(e));
}

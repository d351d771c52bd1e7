// Auditorium events (docs/sessions.md, "The auditorium"). A1's block: events (create, schedule,
// start, produce, list), attendance, removing attendees, the audience count, ending. A2's
// procedures (questions, hands, stage) go in their own block below.
import "server-only";
import { z } from "zod";
import { MAX_ANSWER_LENGTH, MAX_QUESTION_LENGTH } from "../../../lib/stage-events";
import { answerQuestion, askQuestion, listQuestions, moderateQuestion, myQuestions } from "../../auditorium/questions";
import { listHands, lowerHand, raiseHand } from "../../auditorium/hands";
import { changeStageRole } from "../../auditorium/stage";
import { attendanceCsv, attendanceSummary } from "../../auditorium/attendance";
import { audienceFigures } from "../../auditorium/count";
import {
  MAX_TITLE_LENGTH,
  createAuditorium,
  endAuditorium,
  listAuditoriums,
  produceAuditorium,
  startAuditorium,
} from "../../auditorium/create";
import { removeAttendee } from "../../auditorium/remove";
import { AppError } from "../../errors";
import { safeString } from "../schemas/safe-string";
import { orgProcedure, router, sessionProcedure } from "../trpc";

const id = safeString().min(1).max(64);

export const auditoriumRouter = router({
  // ─── A1: events, attendance, audience ─────────────────────────────────────────────────────────
  /** A new event: now (the creator is seated as producer) or at `startsAt` (an ISO instant). */
  create: orgProcedure("events.run")
    .input(
      z.object({
        title: safeString().max(MAX_TITLE_LENGTH * 2),
        startsAt: safeString().max(40).nullable().optional(),
        maxAttendees: z.number().int().min(1).max(1_000_000).nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const startsAt = input.startsAt ? new Date(input.startsAt) : null;
      if (startsAt && Number.isNaN(startsAt.getTime())) throw new AppError("BAD_REQUEST", "That start time is not a date and time.");
      return createAuditorium(
        { orgId: ctx.org.id, membershipId: ctx.member.id },
        { title: input.title, startsAt, maxAttendees: input.maxAttendees ?? null },
      );
    }),

  list: orgProcedure("events.run").query(({ ctx }) => listAuditoriums(ctx.org.id)),

  /** Starts a scheduled event now; the caller produces it. */
  start: orgProcedure("events.run")
    .input(z.object({ auditoriumId: id }))
    .mutation(({ ctx, input }) => startAuditorium({ orgId: ctx.org.id, membershipId: ctx.member.id }, input.auditoriumId)),

  /** Open a live event as its producer (a seat is taken if the caller has none). */
  produce: orgProcedure("events.run")
    .input(z.object({ auditoriumId: id }))
    .mutation(({ ctx, input }) => produceAuditorium({ orgId: ctx.org.id, membershipId: ctx.member.id }, input.auditoriumId)),

  /** People, seats, peak, attendee minutes: read from counters and one aggregate, never a list. */
  attendance: orgProcedure("events.run")
    .input(z.object({ auditoriumId: id }))
    .query(({ ctx, input }) => attendanceSummary(ctx.org.id, input.auditoriumId)),

  /** Join and leave per attendee seat, as CSV text (the page offers it as a download). */
  attendanceCsv: orgProcedure("events.run")
    .input(z.object({ auditoriumId: id }))
    .query(({ ctx, input }) => attendanceCsv(ctx.org.id, input.auditoriumId)),

  /** The audience count for any seat of the event (the live value comes as `audience.count`). */
  audience: sessionProcedure.query(({ ctx }) => {
    if (ctx.seat.session.kind !== "AUDITORIUM") throw new AppError("NOT_FOUND", "Session not found.");
    return audienceFigures(ctx.seat.sessionId);
  }),

  /** The producer removes an attendee: seat left, no rejoin by the same link, questions refused. */
  removeAttendee: sessionProcedure
    .input(z.object({ participantId: id }))
    .mutation(({ ctx, input }) => removeAttendee(ctx.seat, input.participantId)),

  /** The producer ends the event for everyone. */
  end: sessionProcedure.mutation(({ ctx }) => endAuditorium(ctx.seat)),

  // ─── A2: questions, hands, stage ──────────────────────────────────────────────────────────────
  /** An attendee's question to the stage. The limit is enforced with its message in askQuestion; this bound stops absurd payloads. */
  ask: sessionProcedure
    .input(z.object({ text: safeString().max(MAX_QUESTION_LENGTH * 8) }))
    .mutation(({ ctx, input }) => askQuestion(ctx.seat, input)),
  /** The caller's own questions and whether their hand is up. */
  myQuestions: sessionProcedure.query(({ ctx }) => myQuestions(ctx.seat)),
  /** The queue: producers every question, speakers the approved and answered ones. */
  questions: sessionProcedure.query(({ ctx }) => listQuestions(ctx.seat)),
  moderate: sessionProcedure
    .input(z.object({ questionId: id, decision: z.enum(["approve", "reject"]) }))
    .mutation(({ ctx, input }) => moderateQuestion(ctx.seat, input)),
  /** `stage`: a room event with the question and the answer; `private`: to the asker alone. */
  answer: sessionProcedure
    .input(z.object({ questionId: id, mode: z.enum(["stage", "private"]), text: safeString().max(MAX_ANSWER_LENGTH * 4) }))
    .mutation(({ ctx, input }) => answerQuestion(ctx.seat, input)),
  raiseHand: sessionProcedure.mutation(({ ctx }) => raiseHand(ctx.seat)),
  /** One's own hand, or (producer) anyone's. */
  lowerHand: sessionProcedure.input(z.object({ participantId: id.optional() })).mutation(({ ctx, input }) => lowerHand(ctx.seat, input)),
  hands: sessionProcedure.query(({ ctx }) => listHands(ctx.seat)),
  /** Producer: an attendee comes on stage as a speaker (visible, may lead when holding the baton). */
  promote: sessionProcedure
    .input(z.object({ participantId: id }))
    .mutation(({ ctx, input }) => changeStageRole(ctx.seat, { participantId: input.participantId, to: "SPEAKER" })),
  /** Producer: a speaker goes back to the audience (the baton, if held, comes to the producer). */
  demote: sessionProcedure
    .input(z.object({ participantId: id }))
    .mutation(({ ctx, input }) => changeStageRole(ctx.seat, { participantId: input.participantId, to: "ATTENDEE" })),
});

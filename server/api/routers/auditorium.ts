// The auditorium (docs/sessions.md): every procedure acts as the caller's own seat (ctx.seat).
import { z } from "zod";
import { MAX_ANSWER_LENGTH, MAX_QUESTION_LENGTH } from "../../../lib/stage-events";
import { answerQuestion, askQuestion, listQuestions, moderateQuestion, myQuestions } from "../../auditorium/questions";
import { listHands, lowerHand, raiseHand } from "../../auditorium/hands";
import { changeStageRole } from "../../auditorium/stage";
import { safeString } from "../schemas/safe-string";
import { router, sessionProcedure } from "../trpc";

const id = safeString().min(1).max(64);

export const auditoriumRouter = router({
  // ── Questions, hands and the stage ──────────────────────────────────────────────────────────
  /** An attendee's question to the stage. The limit is enforced with its message in askQuestion; this bound stops absurd payloads. */
  ask: sessionProcedure.input(z.object({ text: safeString().max(MAX_QUESTION_LENGTH * 8) })).mutation(({ ctx, input }) => askQuestion(ctx.seat, input)),
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
  promote: sessionProcedure.input(z.object({ participantId: id })).mutation(({ ctx, input }) => changeStageRole(ctx.seat, { participantId: input.participantId, to: "SPEAKER" })),
  /** Producer: a speaker goes back to the audience (the baton, if held, comes to the producer). */
  demote: sessionProcedure.input(z.object({ participantId: id })).mutation(({ ctx, input }) => changeStageRole(ctx.seat, { participantId: input.participantId, to: "ATTENDEE" })),
});

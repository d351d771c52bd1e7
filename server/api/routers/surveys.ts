// The satisfaction survey, answered by a visitor's seat after the session (docs/surveys.md).
// sessionProcedure resolves the caller's seat from their cookie: no seat, NOT_FOUND.
import "server-only";
import { z } from "zod";
import { SurveyKind } from "../../generated/prisma/enums";
import { safeString } from "../schemas/safe-string";
import { answerSurvey } from "../../surveys/answer";
import { SURVEY_COMMENT_MAX } from "../../../lib/survey-rules";
import { surveyState } from "../../surveys/state";
import { router, sessionProcedure } from "../trpc";

const surveyKind = z.enum(SurveyKind);

export const surveyValue = z.union(
  [
    z
      .number({ error: "Choose from 1 to 5 stars." })
      .int("Choose from 1 to 5 stars.")
      .min(1, "Choose from 1 to 5 stars.")
      .max(5, "Choose from 1 to 5 stars."),
    z.enum(["UP", "DOWN"], { error: "Choose thumbs up or thumbs down." }),
  ],
  { error: "Choose a rating." },
);

const answerOutput = z.object({
  scale: surveyKind,
  rating: z.number().int(),
  value: z.string(),
  comment: z.string().nullable(),
  answeredAt: z.date(),
});

export const surveysRouter = router({
  /** The survey of the caller's seat: its kind, whether it is open, the answer given. */
  state: sessionProcedure
    .output(
      z.object({
        kind: surveyKind,
        comment: z.boolean(),
        open: z.boolean(),
        closesAt: z.date().nullable(),
        answer: answerOutput.nullable(),
      }),
    )
    .query(({ ctx }) => surveyState(ctx.seat)),

  answer: sessionProcedure
    .input(
      z.object({
        value: surveyValue,
        comment: safeString().max(SURVEY_COMMENT_MAX, `A comment can be at most ${SURVEY_COMMENT_MAX} characters.`).nullable().optional(),
      }),
    )
    .output(answerOutput.extend({ id: z.string(), sessionId: z.string() }))
    .mutation(({ ctx, input }) => answerSurvey(ctx.seat, input)),
});

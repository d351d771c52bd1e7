// A visitor answers the satisfaction survey of a session they sat in (docs/surveys.md). The seat
// is the authority: sessionProcedure resolved it from the visitor's cookie (someone without a seat
// in the session gets NOT_FOUND, as for a session that does not exist), so nobody answers for
// another visitor or another org. One answer per visitor per session; a second is CONFLICT.
import "server-only";
import { queueWebhookEvent } from "../webhooks/emit";
import { appendEvents } from "../archive/append";
import { db } from "../db";
import { AppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import type { Seat } from "../sessions/participant";
import {
  normalizeAnswer,
  surveyClosesAt,
  SURVEY_COMMENT_MAX,
  SURVEY_OPEN_DAYS,
  type SurveyScale,
  type SurveyValue,
} from "../../lib/survey-rules";

export type SurveyInput = { value: SurveyValue; comment?: string | null };

/** What was stored: the integrator's `survey.answered` webhook payload is made from it. */
export type StoredSurveyAnswer = {
  id: string;
  orgId: string;
  sessionId: string;
  participantId: string;
  scale: SurveyScale;
  /** Stars 1-5; thumbs 1 (up) or 0 (down). */
  rating: number;
  /** What was chosen: "1".."5", "UP" or "DOWN". */
  value: string;
  comment: string | null;
  agentIds: string[];
  answeredAt: Date;
};

/** The seat may answer (a visitor's, closed by leaving or by the end, within the window), else why not. */
export function assertMayAnswer(seat: Seat, now = new Date()): void {
  if (seat.role !== "VISITOR" && seat.role !== "ATTENDEE") throw new AppError("FORBIDDEN", "Only visitors answer the survey.");
  if (seat.membershipId !== null) throw new AppError("FORBIDDEN", "Only visitors answer the survey.");
  const closesAt = surveyClosesAt(seat, seat.session);
  if (!closesAt) throw new AppError("PRECONDITION_FAILED", "The survey opens when the session is over.");
  if (closesAt <= now) throw new AppError("PRECONDITION_FAILED", `The survey closed ${SURVEY_OPEN_DAYS} days after the session.`);
}

const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";

export async function answerSurvey(seat: Seat, input: SurveyInput): Promise<StoredSurveyAnswer> {
  assertMayAnswer(seat);
  const scenario = await db.session.findUniqueOrThrow({
    where: { id: seat.sessionId },
    select: { startedAt: true, scenario: { select: { survey: true, surveyComment: true } } },
  });
  const { survey, surveyComment } = scenario.scenario;
  if (survey === "OFF") throw new AppError("PRECONDITION_FAILED", "This session has no survey.");
  const normalized = normalizeAnswer(survey, input.value);
  if ("error" in normalized) throw new AppError("BAD_REQUEST", normalized.error, { field: "value" });
  const comment = input.comment?.trim() ? input.comment.trim() : null;
  if (comment && !surveyComment) throw new AppError("BAD_REQUEST", "This survey takes no comment.", { field: "comment" });
  if (comment && comment.length > SURVEY_COMMENT_MAX)
    throw new AppError("BAD_REQUEST", `A comment can be at most ${SURVEY_COMMENT_MAX} characters.`, { field: "comment" });

  try {
    return await db.$transaction(async (tx) => {
      // One answer per visitor: a visitor who rejoined has a second seat, not a second vote.
      const earlier = await tx.surveyAnswer.findFirst({
        where: {
          orgId: seat.orgId,
          sessionId: seat.sessionId,
          OR: [{ participantId: seat.id }, ...(seat.visitorId ? [{ visitorId: seat.visitorId }] : [])],
        },
        select: { id: true },
      });
      if (earlier) throw new AppError("CONFLICT", "You have already answered the survey for this session.");
      const agents = await tx.participant.findMany({
        where: { orgId: seat.orgId, sessionId: seat.sessionId, role: "AGENT", membershipId: { not: null } },
        distinct: ["membershipId"],
        select: { membershipId: true },
      });
      const row = await tx.surveyAnswer.create({
        data: {
          orgId: seat.orgId,
          sessionId: seat.sessionId,
          participantId: seat.id,
          visitorId: seat.visitorId,
          scale: survey,
          rating: normalized.rating,
          value: normalized.value,
          comment,
          agentIds: agents.map((a) => a.membershipId!),
          sessionStartedAt: scenario.startedAt,
        },
      });
      // In the archive, so the replay shows it: a private stream of the visitor's seat (staff who
      // audit read it; other people in a room never see one visitor's rating).
      await appendEvents(tx, {
        orgId: seat.orgId,
        sessionId: seat.sessionId,
        events: [
          {
            type: "survey.answered",
            actorParticipantId: seat.id,
            audience: [seat.id],
            stream: `survey:${seat.id}`,
            payload: { scale: survey, rating: row.rating, value: row.value, comment: row.comment },
          },
        ],
      });
      // The client's systems hear of it if and only if the answer commits.
      await queueWebhookEvent(tx, seat.orgId, "survey.answered", {
        sessionId: row.sessionId,
        participantId: seat.id,
        agentIds: row.agentIds,
        rating: row.rating,
        scale: survey === "THUMBS" ? "THUMBS" : "STARS",
        comment: row.comment,
        answeredAt: row.answeredAt.toISOString(),
      });
      return {
        id: row.id,
        orgId: row.orgId,
        sessionId: row.sessionId,
        participantId: seat.id,
        scale: survey,
        rating: row.rating,
        value: row.value,
        comment: row.comment,
        agentIds: row.agentIds,
        answeredAt: row.answeredAt,
      };
    });
  } catch (e) {
    // Two submits at once: the unique (session, seat) index lets one in.
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "You have already answered the survey for this session.");
    throw e;
  }
}

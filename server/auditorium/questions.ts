// Questions to the stage: an attendee asks, the producer approves or rejects, the producer or a
// speaker answers on stage (a room event everyone sees) or privately (an event only the asker can
// read, in its own stream `question:{askerId}`, so nobody else sees a gap in the room's seqs).
// The queue itself is not archived: its changes are notices on the backstage channel and on the
// asker's own channel, carrying the question's version so a late copy never undoes a newer one.
import "server-only";
import {
  MAX_ANSWER_LENGTH,
  MAX_QUESTION_LENGTH,
  QUESTIONS_PER_MINUTE,
  STAGE_EVENT_TYPES,
  STAGE_EVENTS,
  type AnsweredOnStagePayload,
  type MyQuestion,
  type StageQuestion,
} from "../../lib/stage-events";
import type { WireEvent } from "../../lib/session-events";
import { appendEvents, type NewEvent } from "../archive/append";
import { toWire } from "../archive/read";
import { db } from "../db";
import { AppError } from "../errors";
import type { Question } from "../generated/prisma/client";
import { publishNotices, type Notice } from "../realtime/notices";
import { storedEventNotices } from "../realtime/stored-events";
import { SeatChangedError } from "../sessions/line-guard";
import { findSeatById, type Seat } from "../sessions/participant";
import { requireAuditorium, requireProducer, requireStage, seatNotice, stageNotice } from "./stage";

type Row = Question & { asker: { displayName: string } };

function forStage(q: Row): StageQuestion {
  return { ...mine(q), askerId: q.askerParticipantId, askerName: q.asker.displayName };
}

function mine(q: Question): MyQuestion {
  return {
    id: q.id,
    text: q.text,
    status: q.status,
    answerMode: q.answerMode,
    answerText: q.answerText,
    askedAt: q.askedAt.toISOString(),
    version: q.version,
  };
}

/** Both copies of a question's new state: backstage, and the asker's own channel. */
function questionNotices(sessionId: string, q: Row): Notice[] {
  return [stageNotice(sessionId, STAGE_EVENTS.question, forStage(q)), seatNotice(q.askerParticipantId, STAGE_EVENTS.myQuestion, mine(q))];
}

/** Line breaks kept, other control characters dropped, trimmed; the limit is said with the count. */
function cleanText(raw: string, what: "question" | "answer", max: number): string {
  const text = raw.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, "").trim();
  if (!text) throw new AppError("BAD_REQUEST", what === "question" ? "Type a question first." : "Type an answer first.");
  if (text.length > max)
    throw new AppError(
      "BAD_REQUEST",
      `${what === "question" ? "Questions" : "Answers"} can be at most ${max} characters (this one has ${text.length}).`,
      { reason: "too_long", max },
    );
  return text;
}

const withAsker = { asker: { select: { displayName: true } } } as const;

/**
 * An attendee's question. The seat is locked while the per-minute count is read and the row
 * written, so two questions sent at once cannot both slip under the limit, and a seat removed
 * or left meanwhile is seen here (its row lock waits for the removal to commit).
 */
export async function askQuestion(seat: Seat, input: { text: string }): Promise<MyQuestion> {
  requireAuditorium(seat);
  // Whether the seat is still in the event is read under its lock below (left, removed, ended).
  if (seat.role !== "ATTENDEE") throw new AppError("FORBIDDEN", "Questions come from the audience; on stage, say it in the stage chat.");
  const text = cleanText(input.text, "question", MAX_QUESTION_LENGTH);
  const q = await db.$transaction(async (tx) => {
    const [me] = await tx.$queryRaw<
      { leftAt: Date | null; removedAt: Date | null; role: string; status: string; recent: number; oldest: Date | null }[]
    >`
      SELECT p."leftAt", p."removedAt", p.role, s.status::text AS status,
        (SELECT count(*)::int FROM "Question" q WHERE q."askerParticipantId" = p.id AND q."askedAt" > now() - interval '1 minute') AS recent,
        (SELECT min(q."askedAt") FROM "Question" q WHERE q."askerParticipantId" = p.id AND q."askedAt" > now() - interval '1 minute') AS oldest
      FROM "Participant" p JOIN "Session" s ON s.id = p."sessionId" WHERE p.id = ${seat.id} FOR UPDATE OF p`;
    if (me?.status !== "ACTIVE") throw new AppError("PRECONDITION_FAILED", "This event has ended.");
    if (me.removedAt)
      throw new AppError("FORBIDDEN", "You were removed from this event, so you can't ask questions.", { reason: "removed" });
    if (me.leftAt)
      throw new AppError("PRECONDITION_FAILED", "You are no longer in this event, so you can't ask questions.", { reason: "left" });
    if (me.role !== "ATTENDEE") throw new AppError("FORBIDDEN", "Questions come from the audience; on stage, say it in the stage chat.");
    if (me.recent >= QUESTIONS_PER_MINUTE) {
      const wait = Math.max(1, Math.ceil(((me.oldest?.getTime() ?? Date.now()) + 60_000 - Date.now()) / 1000));
      throw new AppError("TOO_MANY_REQUESTS", `You can send ${QUESTIONS_PER_MINUTE} questions a minute. Try again in ${wait} s.`, {
        retryAfterSec: wait,
      });
    }
    return tx.question.create({
      data: { orgId: seat.orgId, sessionId: seat.sessionId, askerParticipantId: seat.id, text },
      include: withAsker,
    });
  });
  await publishNotices(questionNotices(seat.sessionId, q));
  return mine(q);
}

export const QUESTIONS_SHOWN = 500;

/** The asker's own questions (any seat: a speaker sees those asked before coming on stage) and hand. */
export async function myQuestions(seat: Seat): Promise<{ questions: MyQuestion[]; handRaised: boolean }> {
  requireAuditorium(seat);
  const [rows, hand] = await Promise.all([
    db.question.findMany({
      where: { orgId: seat.orgId, askerParticipantId: seat.id },
      orderBy: { askedAt: "desc" },
      take: QUESTIONS_SHOWN,
    }),
    db.participant.findUnique({ where: { id: seat.id }, select: { handRaisedAt: true } }),
  ]);
  return { questions: rows.reverse().map(mine), handRaised: !!hand?.handRaisedAt };
}

/** The queue: producers see every question, speakers those approved or answered. Newest 500, oldest first. */
export async function listQuestions(seat: Seat): Promise<StageQuestion[]> {
  requireStage(seat);
  const rows = await db.question.findMany({
    where: {
      orgId: seat.orgId,
      sessionId: seat.sessionId,
      ...(seat.role === "PRODUCER" ? {} : { status: { in: ["APPROVED", "ANSWERED"] } }),
    },
    orderBy: { askedAt: "desc" },
    take: QUESTIONS_SHOWN,
    include: withAsker,
  });
  return rows.reverse().map(forStage);
}

/** Locks one question of the seat's session; another session's (or org's) answers NOT_FOUND. */
async function lockQuestion(tx: Parameters<Parameters<typeof db.$transaction>[0]>[0], seat: Seat, questionId: string): Promise<Question> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Question" WHERE id = ${questionId} AND "sessionId" = ${seat.sessionId} AND "orgId" = ${seat.orgId} FOR UPDATE`;
  if (!row) throw new AppError("NOT_FOUND", "Question not found.");
  return tx.question.findUniqueOrThrow({ where: { id: row.id } });
}

/** Approve (to the speakers' list) or reject. Producer only; a rejected question may be approved after all, an answered one is done. */
export async function moderateQuestion(seat: Seat, input: { questionId: string; decision: "approve" | "reject" }): Promise<StageQuestion> {
  requireProducer(seat);
  const status = input.decision === "approve" ? "APPROVED" : "REJECTED";
  const q = await db.$transaction(async (tx) => {
    const current = await lockQuestion(tx, seat, input.questionId);
    if (current.status === "ANSWERED") throw new AppError("CONFLICT", "This question has been answered already.");
    if (current.status === status) throw new AppError("CONFLICT", `This question is already ${status.toLowerCase()}.`);
    return tx.question.update({
      where: { id: current.id },
      data: { status, moderatedAt: new Date(), moderatedByParticipantId: seat.id, version: { increment: 1 } },
      include: withAsker,
    });
  });
  await publishNotices(questionNotices(seat.sessionId, q));
  return forStage(q);
}

/**
 * Answer on stage (a room event: question and answer, for everyone) or privately (an event whose
 * audience is the asker alone, in the stream `question:{askerId}`: every event of a stream has the
 * same audience, so the answerer reads the answer from the queue, not from that stream). The
 * producer answers any open question; a speaker the approved ones.
 */
export async function answerQuestion(
  seat: Seat,
  input: { questionId: string; mode: "stage" | "private"; text: string },
): Promise<{ question: StageQuestion; event: WireEvent }> {
  requireStage(seat);
  const answer = cleanText(input.text, "answer", MAX_ANSWER_LENGTH);
  // Judged by the answerer's seat as it is when the answer is appended (sessions/line-guard.ts):
  // a speaker sent back to the audience meanwhile is refused, not heard on stage.
  for (let by = seat; ;) {
    try {
      return await appendAnswer(by, input, answer);
    } catch (e) {
      if (!(e instanceof SeatChangedError)) throw e;
      const now = await findSeatById(seat.id);
      if (!now) throw new AppError("NOT_FOUND", "Session not found.");
      requireStage(now);
      by = now;
    }
  }
}

async function appendAnswer(
  seat: Seat,
  input: { questionId: string; mode: "stage" | "private" },
  answer: string,
): Promise<{ question: StageQuestion; event: WireEvent }> {
  const { q, stored } = await db.$transaction(async (tx) => {
    const current = await lockQuestion(tx, seat, input.questionId);
    if (current.status === "ANSWERED") throw new AppError("CONFLICT", "This question has been answered already.");
    if (current.status === "REJECTED") throw new AppError("CONFLICT", "This question was rejected. Approve it first to answer it.");
    if (current.status === "PENDING" && seat.role !== "PRODUCER")
      throw new AppError("FORBIDDEN", "The producer approves a question before speakers answer it.");
    const asker = await tx.participant.findUniqueOrThrow({ where: { id: current.askerParticipantId }, select: { displayName: true } });
    const onStage: AnsweredOnStagePayload = { questionId: current.id, question: current.text, askerName: asker.displayName, answer };
    const event: NewEvent =
      input.mode === "stage"
        ? { type: STAGE_EVENT_TYPES.answeredOnStage, actorParticipantId: seat.id, payload: onStage }
        : {
            type: STAGE_EVENT_TYPES.answeredPrivately,
            actorParticipantId: seat.id,
            payload: { questionId: current.id, question: current.text, answer, answeredBy: seat.displayName },
            audience: [current.askerParticipantId],
            stream: `question:${current.askerParticipantId}`,
          };
    const [e] = await appendEvents(tx, {
      orgId: seat.orgId,
      sessionId: seat.sessionId,
      events: [event],
      ifSeatVersion: seat.session.seatVersion,
    });
    const updated = await tx.question.update({
      where: { id: current.id },
      data: {
        status: "ANSWERED",
        answerMode: input.mode === "stage" ? "STAGE" : "PRIVATE",
        answerText: answer,
        answeredAt: new Date(),
        answeredByParticipantId: seat.id,
        // Answering a pending question approves it: the producer decided.
        ...(current.status === "PENDING" ? { moderatedAt: new Date(), moderatedByParticipantId: seat.id } : {}),
        version: { increment: 1 },
      },
      include: withAsker,
    });
    return { q: updated, stored: e! };
  });
  // The stored event decides its channels: the room's, or the asker's own for a private answer.
  await publishNotices([...storedEventNotices(seat.sessionId, [stored]), ...questionNotices(seat.sessionId, q)]);
  return { question: forStage(q), event: toWire(stored) };
}

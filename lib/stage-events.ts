// The auditorium's questions and stage (docs/sessions.md, "The auditorium: questions and the
// stage"): limits, notice names and payloads, shared by the browser and the server so that a
// renamed field breaks the build, not the event.

/** A question is a line to the stage, not an essay: long enough for context, short enough to read aloud. */
export const MAX_QUESTION_LENGTH = 500;
/** Questions one attendee may send per minute: enough to correct a typo, too few to flood the queue. */
export const QUESTIONS_PER_MINUTE = 3;
/** An answer, on stage or private, is a chat line. */
export const MAX_ANSWER_LENGTH = 2000;

export const STAGE_EVENTS = {
  /** Backstage channel (producers, speakers): one question as it is now. */
  question: "stage.question",
  /** Backstage channel: an attendee raised or lowered a hand. */
  hand: "stage.hand",
  /** The asker's own participant channel: their question as it is now. */
  myQuestion: "question.state",
  /** One seat's own participant channel: its role changed (promoted to the stage or back). */
  role: "stage.role",
} as const;

/** Archived event types (room events unless said otherwise). */
export const STAGE_EVENT_TYPES = {
  /** A question answered on stage: everyone sees the question and the answer. */
  answeredOnStage: "question.answered",
  /** A private answer, to the asker only (stream `question:{askerId}`). */
  answeredPrivately: "question.answer",
  promoted: "stage.promoted",
  demoted: "stage.demoted",
} as const;

export type QuestionStatus = "PENDING" | "APPROVED" | "REJECTED" | "ANSWERED";
export type AnswerMode = "STAGE" | "PRIVATE";

/** A question as the stage sees it (the asker's name is for producers and speakers only). */
export type StageQuestion = {
  id: string;
  text: string;
  status: QuestionStatus;
  askerId: string;
  askerName: string;
  answerMode: AnswerMode | null;
  answerText: string | null;
  askedAt: string;
  version: number;
};

/** A question as its asker sees it. */
export type MyQuestion = Omit<StageQuestion, "askerId" | "askerName">;

export type RaisedHand = { participantId: string; name: string; raised: boolean; at: string };

export type StageRoleChanged = { role: "SPEAKER" | "ATTENDEE" };

/** A question answered on stage, as archived (payload of `question.answered`). */
export type AnsweredOnStagePayload = { questionId: string; question: string; askerName: string; answer: string };

/** Keep the newer of two copies of one question: notices may arrive late or twice. */
export function newer<T extends { version: number }>(a: T | undefined, b: T): T {
  return a && a.version >= b.version ? a : b;
}

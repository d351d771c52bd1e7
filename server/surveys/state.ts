// What the visitor's viewer shows after the session: the survey of the session's scenario, whether
// it is open for this seat, and the answer already given (the thank-you state survives a reload).
import "server-only";
import { db } from "../db";
import type { SurveyKind } from "../generated/prisma/enums";
import type { Seat } from "../sessions/participant";
import { surveyClosesAt } from "../../lib/survey-rules";

export type SurveyState = {
  kind: SurveyKind;
  comment: boolean;
  /** The seat may answer now (a visitor's seat, over, within the window, not answered yet). */
  open: boolean;
  closesAt: Date | null;
  answer: { scale: SurveyKind; rating: number; value: string; comment: string | null; answeredAt: Date } | null;
};

export async function surveyState(seat: Seat, now = new Date()): Promise<SurveyState> {
  const visitor = (seat.role === "VISITOR" || seat.role === "ATTENDEE") && seat.membershipId === null;
  const session = await db.session.findUniqueOrThrow({
    where: { id: seat.sessionId },
    select: { scenario: { select: { survey: true, surveyComment: true } } },
  });
  const kind = visitor ? session.scenario.survey : "OFF";
  if (kind === "OFF") return { kind: "OFF", comment: false, open: false, closesAt: null, answer: null };
  const answer = await db.surveyAnswer.findFirst({
    where: {
      orgId: seat.orgId,
      sessionId: seat.sessionId,
      OR: [{ participantId: seat.id }, ...(seat.visitorId ? [{ visitorId: seat.visitorId }] : [])],
    },
    select: { scale: true, rating: true, value: true, comment: true, answeredAt: true },
  });
  const closesAt = surveyClosesAt(seat, seat.session);
  return { kind, comment: session.scenario.surveyComment, open: !answer && closesAt !== null && closesAt > now, closesAt, answer };
}

// The events an org can subscribe an endpoint to, and the `data` each carries. A delivery's body is
// { id, type, createdAt, orgId, data } (docs/webhooks.md); receivers dedupe on `id`.
import { z } from "zod";

export const WEBHOOK_EVENTS = [
  "session.started",
  "session.ended",
  "visitor.queued",
  "visitor.abandoned",
  "survey.answered",
  "statement.closed",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** Sent only by "Send test event", to the one endpoint asked; nobody subscribes to it. */
export const TEST_EVENT = "webhook.test";

export const webhookEventType = z.enum(WEBHOOK_EVENTS, { error: "Unknown event type." });

export type SessionStartedData = {
  sessionId: string;
  kind: string;
  startedAt: string;
  queueEntryId: string | null;
  launcherId: string | null;
  scenarioId: string;
  visitorId: string | null;
  agentMembershipId: string | null;
};

export type SessionEndedData = {
  sessionId: string;
  endedAt: string;
  endReason: string;
  /** The transcript in the archive explorer (signed-in staff with sessions.read; `format=json` for JSON). */
  transcriptUrl: string;
};

export type VisitorQueuedData = {
  queueEntryId: string;
  visitorId: string;
  launcherId: string;
  scenarioId: string;
  question: string;
  enqueuedAt: string;
};

export type VisitorAbandonedData = {
  queueEntryId: string;
  visitorId: string | null;
  reason: string;
  abandonedAt: string;
};

/** Emitted by the survey code (wired by the integrator), not by this module. */
export type SurveyAnsweredData = {
  sessionId: string;
  participantId?: string;
  agentIds: string[];
  rating: number;
  scale: "STARS" | "THUMBS";
  comment: string | null;
  answeredAt: string;
};

export type StatementClosedData = {
  statementId: string;
  periodStart: string;
  periodEnd: string;
  status: string;
  currency: string;
  totalCents: number;
  finalizedAt: string;
};

export type WebhookEventData = {
  "session.started": SessionStartedData;
  "session.ended": SessionEndedData;
  "visitor.queued": VisitorQueuedData;
  "visitor.abandoned": VisitorAbandonedData;
  "survey.answered": SurveyAnsweredData;
  "statement.closed": StatementClosedData;
};

export const EVENT_LABELS: Record<WebhookEventType, string> = {
  "session.started": "A session starts",
  "session.ended": "A session ends (with the transcript link)",
  "visitor.queued": "A visitor joins the queue",
  "visitor.abandoned": "A visitor leaves the queue before being answered",
  "survey.answered": "A visitor answers the satisfaction survey",
  "statement.closed": "A monthly statement is closed",
};

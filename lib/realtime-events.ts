// Names and payloads of the realtime events the server publishes outside the session archive.
// Browser and server import the same types, so a renamed field breaks the build, not production.
export const EVENTS = {
  offerCreated: "offer.created",
  offerWithdrawn: "offer.withdrawn",
  sessionAssigned: "session.assigned",
  queueStatus: "queue.status",
  queueConnected: "queue.connected",
  queueChanged: "queue.changed",
  agentStatus: "agent.status",
  /** A session moved between agents or back to the queue (member channels of both agents). */
  sessionTransferred: "session.transferred",
  /** Staff channel: who holds which session changed outside routing (transfer, reassign). */
  sessionsChanged: "sessions.changed",
  /** Auditorium: attendees present, on the audience channel, at most every ~2 s while it changes (server/auditorium/count.ts). */
  audienceCount: "audience.count",
  /** Auditorium: this attendee was removed by the producer (their own participant channel). */
  attendeeRemoved: "attendee.removed",
} as const;

export type OfferCreated = {
  offerId: string;
  queueEntryId: string;
  expiresAt: string;
  question: string;
  referrerUrl: string | null;
  scenarioName: string;
  visitor: { name: string | null; email: string | null; earlierSessions: number; firstSeenAt: string };
};

export type OfferWithdrawn = { offerId: string; reason: "taken" | "visitor_left" | "timed_out" | "agent_unavailable" };

export type SessionAssigned = { sessionId: string; queueEntryId: string };

export type QueueStatus = {
  status: "WAITING" | "OFFERED" | "ASSIGNED" | "ABANDONED" | "EXPIRED" | "SCHEDULED";
  position: number | null;
  estimatedWaitSec: number | null;
  sessionId: string | null;
};

export type QueueChanged = { waiting: number; longestWaitSec: number };

export type AgentStatusChanged = { membershipId: string; status: string; since: string; capacity: number };

export type SessionTransferred = {
  sessionId: string;
  kind: "agent" | "queue";
  fromMembershipId: string;
  toMembershipId: string | null;
  /** A manager moved it (reassign), rather than the agent handing it over. */
  reassigned: boolean;
};

export type SessionsChanged = { sessionId: string };

/** Idempotent: a later `at` wins; carries no seq (not an archived event). */
export type AudienceCount = { sessionId: string; count: number; peak: number; at: string };

export type AttendeeRemoved = { sessionId: string };

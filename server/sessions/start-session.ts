// A support session for a queue entry the agent accepted: named after the org and the time, the
// agent and the visitor seated, the leader chosen by the scenario, all archived. Runs inside the
// caller's transaction (routing's accept), which has already read the entry (StartingEntry).
import "server-only";
import { randomUUID } from "node:crypto";
import { appendEvents } from "../archive/append";
import { agentSeatAvatar, avatarField, visitorSeatAvatar } from "../avatars/seat";
import { sessionHitInsert } from "../billing/metering";
import type { Prisma } from "../generated/prisma/client";
import { queueWebhookEvent } from "../webhooks/emit";

type Tx = Prisma.TransactionClient;

/** What starting a session for an entry needs, read by the accept with the offer (routing/offers.ts). */
export type StartingEntry = {
  id: string;
  launcherId: string;
  visitorId: string;
  question: string;
  referrerUrl: string | null;
  avatarUrl: string | null;
  clientAddress: string | null;
  orgName: string;
  scenarioId: string;
  kind: "ONE_ON_ONE" | "COLLABORATION" | "AUDITORIUM";
  batonPolicy: string;
  scenarioAvatars: Prisma.JsonValue;
  visitorName: string | null;
  /** The accepting agent's membership and user. */
  memberDisplayName: string | null;
  memberAvatarUrl: string | null;
  userName: string | null;
  userEmail: string;
  /**
   * Whether any enabled webhook endpoint of the org listens to session.started, read with the
   * offer: an accept for an org without one (most) spends no statement on the webhook.
   */
  startedHooked?: boolean;
};

const newId = () => `c${randomUUID().replaceAll("-", "")}`;

export async function startSessionForEntry(tx: Tx, input: { orgId: string; entry: StartingEntry; membershipId: string; now: Date }) {
  const { entry, now } = input;
  const time = now.toISOString().slice(0, 16).replace("T", " ");
  const session = {
    id: newId(),
    title: `${entry.orgName} · ${time} UTC`,
    kind: entry.kind,
    launcherId: entry.launcherId,
    scenarioId: entry.scenarioId,
  };
  // A new session has no seats yet, so the agent's seat closes none (seatAgentInTx's other case).
  const agent = {
    id: newId(),
    displayName: entry.memberDisplayName ?? entry.userName ?? entry.userEmail,
    avatarUrl: agentSeatAvatar(entry.memberAvatarUrl, entry.scenarioAvatars),
  };
  const visitor = {
    id: newId(),
    displayName: entry.visitorName?.trim() || "Visitor",
    avatarUrl: visitorSeatAvatar(entry.avatarUrl, entry.scenarioAvatars),
  };
  // One statement: the session (the agent leads by default: the 1999 design's agent takes the
  // visitor to the right page), both seats, and the billing hit (recorded with the session, in the
  // same transaction: docs/billing.md). The session and its leader's seat refer to each other;
  // foreign keys are checked at the statement's end, when both exist.
  await tx.$executeRaw`
    WITH s AS (
      INSERT INTO "Session" (id, "orgId", "scenarioId", "launcherId", "queueEntryId", kind, title, "startedAt", "currentUrl", "leaderParticipantId")
      VALUES (${session.id}, ${input.orgId}, ${entry.scenarioId}, ${entry.launcherId}, ${entry.id}, ${entry.kind}::"ScenarioKind", ${session.title}, ${now}, ${entry.referrerUrl}, ${agent.id})
    ),
    p AS (
      INSERT INTO "Participant" (id, "orgId", "sessionId", role, "canLead", "membershipId", "visitorId", "displayName", "avatarUrl", "clientAddress", "joinedAt")
      VALUES
        (${agent.id}, ${input.orgId}, ${session.id}, 'AGENT', true, ${input.membershipId}, NULL, ${agent.displayName}, ${agent.avatarUrl}, NULL, ${now}),
        -- In a scenario where anyone may take the baton, the visitor can lead too. The client
        -- address is staff-only (agent console, staff transcript); never in an event the room reads.
        (${visitor.id}, ${input.orgId}, ${session.id}, 'VISITOR', ${entry.batonPolicy === "ANYONE_TAKES"}, NULL, ${entry.visitorId}, ${visitor.displayName}, ${visitor.avatarUrl}, ${entry.clientAddress}, ${now})
    ),
    hit AS (${sessionHitInsert({ orgId: input.orgId, sessionId: session.id, occurredAt: now })})
    SELECT 1`;
  await appendEvents(tx, {
    orgId: input.orgId,
    sessionId: session.id,
    events: [
      { type: "session.started", payload: { title: session.title, question: entry.question, referrerUrl: entry.referrerUrl } },
      {
        type: "participant.joined",
        actorParticipantId: agent.id,
        payload: { role: "AGENT", name: agent.displayName, ...avatarField(agent.avatarUrl) },
      },
      {
        type: "participant.joined",
        actorParticipantId: visitor.id,
        payload: { role: "VISITOR", name: visitor.displayName, ...avatarField(visitor.avatarUrl) },
      },
      { type: "baton.passed", actorParticipantId: agent.id, payload: { to: agent.id } },
    ],
  });
  if (entry.startedHooked !== false)
    await queueWebhookEvent(tx, input.orgId, "session.started", {
      sessionId: session.id,
      kind: entry.kind,
      startedAt: now.toISOString(),
      queueEntryId: entry.id,
      launcherId: entry.launcherId,
      scenarioId: entry.scenarioId,
      visitorId: entry.visitorId,
      agentMembershipId: input.membershipId,
    });
  return { session, agent, visitor };
}

// A support session for a queue entry the agent accepted: named after the org and the time, the
// agent and the visitor seated, the leader chosen by the scenario, all archived. Runs inside the
// caller's transaction (routing's accept).
import { appendEvents } from "../archive/append";
import { avatarField, visitorSeatAvatar } from "../avatars/seat";
import { recordSessionHit } from "../billing/metering";
import type { Prisma } from "../generated/prisma/client";
import { seatAgentInTx } from "./seat-agent";

type Tx = Prisma.TransactionClient;

export async function startSessionForEntry(
  tx: Tx,
  input: { orgId: string; queueEntryId: string; membershipId: string; now: Date },
) {
  const entry = await tx.queueEntry.findUniqueOrThrow({
    where: { id: input.queueEntryId },
    select: {
      id: true,
      launcherId: true,
      visitorId: true,
      question: true,
      referrerUrl: true,
      avatarUrl: true,
      clientAddress: true,
      org: { select: { name: true } },
      scenario: { select: { id: true, kind: true, batonPolicy: true, avatars: true } },
      visitor: { select: { name: true } },
    },
  });
  const time = input.now.toISOString().slice(0, 16).replace("T", " ");
  const session = await tx.session.create({
    data: {
      orgId: input.orgId,
      scenarioId: entry.scenario.id,
      launcherId: entry.launcherId,
      queueEntryId: entry.id,
      kind: entry.scenario.kind,
      title: `${entry.org.name} · ${time} UTC`,
      startedAt: input.now,
      currentUrl: entry.referrerUrl,
    },
  });
  const agent = await seatAgentInTx(tx, { orgId: input.orgId, sessionId: session.id, membershipId: input.membershipId, now: input.now });
  const visitor = await tx.participant.create({
    data: {
      orgId: input.orgId,
      sessionId: session.id,
      role: "VISITOR",
      // In a scenario where anyone may take the baton, the visitor can lead too.
      canLead: entry.scenario.batonPolicy === "ANYONE_TAKES",
      visitorId: entry.visitorId,
      displayName: entry.visitor.name?.trim() || "Visitor",
      avatarUrl: visitorSeatAvatar(entry.avatarUrl, entry.scenario.avatars),
      // Staff-only (agent console, staff transcript); never put in an event the room reads.
      clientAddress: entry.clientAddress,
      joinedAt: input.now,
    },
  });
  // Billing: the hit is recorded with the session, in the same transaction (docs/billing.md).
  await recordSessionHit(tx, { orgId: input.orgId, sessionId: session.id, occurredAt: input.now });
  // The agent leads by default: the 1999 design's agent takes the visitor to the right page.
  await tx.session.update({ where: { id: session.id }, data: { leaderParticipantId: agent.id } });
  await appendEvents(tx, {
    orgId: input.orgId,
    sessionId: session.id,
    events: [
      { type: "session.started", payload: { title: session.title, question: entry.question, referrerUrl: entry.referrerUrl } },
      { type: "participant.joined", actorParticipantId: agent.id, payload: { role: "AGENT", name: agent.displayName, ...avatarField(agent.avatarUrl) } },
      { type: "participant.joined", actorParticipantId: visitor.id, payload: { role: "VISITOR", name: visitor.displayName, ...avatarField(visitor.avatarUrl) } },
      { type: "baton.passed", actorParticipantId: agent.id, payload: { to: agent.id } },
    ],
  });
  return { session, agent, visitor };
}

// Moving a live session to another agent (an agent's transfer, a manager's reassign) or back to the
// queue. One transaction under the org's routing lock, so capacity holds against routing: the
// target must be ready and below capacity; the old agent's seat closes and the new one opens in
// the SAME session, so the visitor keeps the room and its transcript. Going back to the queue keeps
// the session too: the visitor waits inside it, and the next agent who accepts joins it
// (routing/offers.ts acceptInTx). docs/agent-console.md explains the choices.
import "server-only";
import { EVENTS, type SessionsChanged, type SessionTransferred } from "../../lib/realtime-events";
import type { SessionTransferredPayload } from "../../lib/session-events";
import { agentStatusesFor } from "../agents/statuses";
import { appendEvents, type StoredEvent } from "../archive/append";
import { db } from "../db";
import { AppError } from "../errors";
import { applyEffects, newEffects } from "../routing/effects";
import { agentLoad } from "../routing/load";
import { lockOrgRouting } from "../routing/lock";
import { REQUEUED_PRIORITY } from "../queue/schedule";
import type { Notice } from "../realtime/notices";
import { publishStoredEvents } from "../realtime/stored-events";
import { bumpSeatVersion } from "./line-guard";
import { avatarField } from "../avatars/seat";
import { seatAgentInTx } from "./seat-agent";

export type TransferTarget = { kind: "agent"; membershipId: string } | { kind: "queue" };

export type TransferInput = {
  orgId: string;
  sessionId: string;
  /** The agent who hands the session over: the caller (transfer) or any agent in it (reassign). */
  fromMembershipId: string;
  to: TransferTarget;
  /** Who asked (the agent, or a manager reassigning); named in the room's notice. */
  actor: { membershipId: string };
  now?: Date;
};

export type TransferResult = { sessionId: string; toParticipantId: string | null; kind: TransferTarget["kind"] };

export async function transferSession(input: TransferInput): Promise<TransferResult> {
  const now = input.now ?? new Date();
  const reassigned = input.actor.membershipId !== input.fromMembershipId;
  const fx = newEffects();
  const { events, result } = await db.$transaction(async (tx) => {
    await lockOrgRouting(tx, input.orgId);
    const session = await tx.session.findFirst({
      where: { id: input.sessionId, orgId: input.orgId },
      select: { id: true, status: true, kind: true, leaderParticipantId: true, queueEntryId: true },
    });
    if (!session) throw new AppError("NOT_FOUND", "Session not found.");
    if (session.status !== "ACTIVE") throw new AppError("PRECONDITION_FAILED", "This session has ended.");
    const from = await tx.participant.findFirst({
      where: { sessionId: session.id, membershipId: input.fromMembershipId, role: "AGENT", leftAt: null },
      select: { id: true, displayName: true },
    });
    if (!from)
      throw new AppError("NOT_FOUND", reassigned ? "That agent is not in this session." : "You are not the agent of this session.");

    const actor = await tx.membership.findFirst({
      where: { id: input.actor.membershipId, orgId: input.orgId },
      select: { displayName: true, user: { select: { name: true, email: true } } },
    });
    const byName = actor ? (actor.displayName ?? actor.user.name ?? actor.user.email) : "A manager";
    const out: StoredEvent[] = [];
    const append = async (evs: Parameters<typeof appendEvents>[1]["events"]) =>
      out.push(...(await appendEvents(tx, { orgId: input.orgId, sessionId: session.id, events: evs })));

    if (input.to.kind === "agent") {
      const toId = input.to.membershipId;
      if (toId === input.fromMembershipId) throw new AppError("BAD_REQUEST", "Choose another agent than the one who has the session.");
      const target = await tx.membership.findFirst({
        where: { id: toId, orgId: input.orgId, active: true },
        select: {
          id: true,
          displayName: true,
          user: { select: { name: true, email: true } },
          presence: true,
          org: { select: { agentStatuses: true } },
        },
      });
      if (!target) throw new AppError("NOT_FOUND", "Agent not found.");
      const targetName = target.displayName ?? target.user.name ?? target.user.email;
      const status = agentStatusesFor(target.org.agentStatuses).find((s) => s.key === (target.presence?.status ?? "offline"));
      if (!status?.routable) {
        throw new AppError("CONFLICT", `${targetName} is not ready (${status?.label ?? "offline"}). Choose an agent who is ready.`, {
          reason: "not_ready",
        });
      }
      const already = await tx.participant.findFirst({
        where: { sessionId: session.id, membershipId: toId, role: "AGENT", leftAt: null },
        select: { id: true },
      });
      if (already) throw new AppError("CONFLICT", `${targetName} is already an agent in this session.`, { reason: "already_in" });
      const capacity = target.presence?.capacity ?? 1;
      if ((await agentLoad(tx, input.orgId, toId)) >= capacity) {
        throw new AppError("CONFLICT", `${targetName} is at capacity (${capacity} session${capacity === 1 ? "" : "s"}).`, {
          reason: "at_capacity",
        });
      }

      await tx.participant.update({ where: { id: from.id }, data: { leftAt: now } });
      await bumpSeatVersion(tx, session.id);
      const seat = await seatAgentInTx(tx, { orgId: input.orgId, sessionId: session.id, membershipId: toId, now });
      if (session.queueEntryId) {
        await tx.queueEntry.update({ where: { id: session.queueEntryId }, data: { assignedMembershipId: toId } });
      }
      // Taking a session puts the new agent at the back of the "longest idle" line.
      await tx.agentPresence.updateMany({ where: { membershipId: toId }, data: { idleSince: now } });
      await append([
        {
          type: "session.transferred",
          payload: {
            kind: "agent",
            fromName: from.displayName,
            toName: seat.displayName,
            byName,
            reassigned,
          } satisfies SessionTransferredPayload,
        },
        {
          type: "participant.left",
          actorParticipantId: from.id,
          payload: { role: "AGENT", name: from.displayName, reason: "transferred" },
        },
        {
          type: "participant.joined",
          actorParticipantId: seat.id,
          payload: { role: "AGENT", name: seat.displayName, ...avatarField(seat.avatarUrl) },
        },
      ]);
      if (session.leaderParticipantId === from.id) {
        await tx.session.update({ where: { id: session.id }, data: { leaderParticipantId: seat.id } });
        await append([{ type: "baton.passed", actorParticipantId: from.id, payload: { from: from.id, to: seat.id, mode: "transfer" } }]);
      }
      return { events: out, result: { sessionId: session.id, toParticipantId: seat.id, kind: "agent" as const } };
    }

    // Back to the queue: the visitor stays seated; the entry waits again, ahead of first-time
    // arrivals and behind scheduled re-entries (REQUEUED_PRIORITY).
    if (!session.queueEntryId || session.kind !== "ONE_ON_ONE") {
      throw new AppError("BAD_REQUEST", "Only a visitor's one-on-one session can go back to the queue.");
    }
    const otherAgents = await tx.participant.count({ where: { sessionId: session.id, role: "AGENT", leftAt: null, id: { not: from.id } } });
    if (otherAgents > 0) throw new AppError("CONFLICT", "Another agent is still in this session; leave it to them instead.");
    await tx.participant.update({ where: { id: from.id }, data: { leftAt: now } });
    await bumpSeatVersion(tx, session.id);
    if (session.leaderParticipantId === from.id)
      await tx.session.update({ where: { id: session.id }, data: { leaderParticipantId: null } });
    await tx.queueEntry.update({
      where: { id: session.queueEntryId },
      data: { status: "WAITING", enqueuedAt: now, assignedAt: null, assignedMembershipId: null, priority: REQUEUED_PRIORITY },
    });
    await append([
      {
        type: "session.transferred",
        payload: { kind: "queue", fromName: from.displayName, toName: null, byName, reassigned } satisfies SessionTransferredPayload,
      },
      { type: "participant.left", actorParticipantId: from.id, payload: { role: "AGENT", name: from.displayName, reason: "transferred" } },
    ]);
    fx.queueChanged.add(input.orgId);
    fx.dispatch.add(input.orgId);
    return { events: out, result: { sessionId: session.id, toParticipantId: null, kind: "queue" as const } };
  });

  const notice: SessionTransferred = {
    sessionId: result.sessionId,
    kind: result.kind,
    fromMembershipId: input.fromMembershipId,
    toMembershipId: input.to.kind === "agent" ? input.to.membershipId : null,
    reassigned,
  };
  fx.notices.push(
    { audience: { to: "member", membershipId: input.fromMembershipId }, event: EVENTS.sessionTransferred, data: notice },
    ...(notice.toMembershipId
      ? [
          {
            audience: { to: "member", membershipId: notice.toMembershipId },
            event: EVENTS.sessionTransferred,
            data: notice,
          } satisfies Notice,
        ]
      : []),
    {
      audience: { to: "orgStaff", orgId: input.orgId },
      event: EVENTS.sessionsChanged,
      data: { sessionId: result.sessionId } satisfies SessionsChanged,
    },
  );
  await publishStoredEvents(input.sessionId, events);
  await applyEffects(fx);
  return result;
}

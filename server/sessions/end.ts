// Ending a live session, inside the caller's transaction (which holds the org's routing lock):
// everyone still seated leaves with it, the agents' capacity frees, a visitor waiting in the room
// after "back to the queue" leaves the line, and routing runs again. Used by leaving (the last
// agent) and by wrap-up.
import "server-only";
import { appendEvents, type StoredEvent } from "../archive/append";
import type { Prisma } from "../generated/prisma/client";
import type { RoutingEffects } from "../routing/effects";
import { closeEntryInTx } from "../routing/offers";
import { indexEndedSession } from "../reports/archive/index-doc";
import { queueWebhookEvent } from "../webhooks/emit";
import { transcriptUrl } from "../webhooks/links";

export async function endSessionInTx(
  tx: Prisma.TransactionClient,
  fx: RoutingEffects,
  input: {
    orgId: string;
    sessionId: string;
    queueEntryId: string | null;
    actorParticipantId: string | null;
    endReason: string;
    message: string;
    idleMembershipIds: string[];
    now: Date;
  },
): Promise<StoredEvent[]> {
  const { orgId, sessionId, now } = input;
  await tx.session.update({
    where: { id: sessionId },
    data: { status: "ENDED", endedAt: now, endReason: input.endReason, seatVersion: { increment: 1 } },
  });
  await tx.participant.updateMany({ where: { sessionId, leftAt: null }, data: { leftAt: now } });
  if (input.idleMembershipIds.length)
    await tx.agentPresence.updateMany({ where: { membershipId: { in: input.idleMembershipIds } }, data: { idleSince: now } });
  const events = await appendEvents(tx, {
    orgId,
    sessionId,
    events: [{ type: "session.ended", actorParticipantId: input.actorParticipantId, payload: { reason: input.message } }],
  });
  if (input.queueEntryId) {
    await closeEntryInTx(tx, fx, {
      orgId,
      queueEntryId: input.queueEntryId,
      status: "ABANDONED",
      reason: "left the session while waiting",
      now,
    });
  }
  // The archive explorer's row commits with the end, so the session is searchable at once.
  await indexEndedSession(tx, orgId, sessionId);
  await queueWebhookEvent(tx, orgId, "session.ended", {
    sessionId,
    endedAt: now.toISOString(),
    endReason: input.endReason,
    transcriptUrl: transcriptUrl(orgId, sessionId),
  });
  fx.dispatch.add(orgId);
  fx.queueChanged.add(orgId);
  return events;
}

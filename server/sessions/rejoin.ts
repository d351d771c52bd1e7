// The other half of "back to the queue" (sessions/transfer.ts): when an agent accepts an entry whose
// session is still live, the agent is seated in that session instead of a new one being started,
// so the visitor keeps the room and the transcript. Inside accept's transaction and routing lock.
import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { appendEvents, type NewEvent } from "../archive/append";
import { storedEventNotices } from "../realtime/stored-events";
import { avatarField } from "../avatars/seat";
import { seatAgentInTx } from "./seat-agent";
import type { RoutingEffects } from "../routing/effects";

type Tx = Prisma.TransactionClient;

export async function rejoinWaitingSession(
  tx: Tx,
  fx: RoutingEffects,
  input: { orgId: string; queueEntryId: string; membershipId: string; now: Date },
): Promise<{ id: string } | null> {
  const session = await tx.session.findFirst({
    where: { orgId: input.orgId, queueEntryId: input.queueEntryId, status: "ACTIVE" },
    select: { id: true, leaderParticipantId: true },
  });
  if (!session) return null;
  const seat = await seatAgentInTx(tx, { orgId: input.orgId, sessionId: session.id, membershipId: input.membershipId, now: input.now });
  const events: NewEvent[] = [
    {
      type: "participant.joined",
      actorParticipantId: seat.id,
      payload: { role: "AGENT", name: seat.displayName, ...avatarField(seat.avatarUrl) },
    },
  ];
  if (!session.leaderParticipantId) {
    await tx.session.update({ where: { id: session.id }, data: { leaderParticipantId: seat.id } });
    events.push({ type: "baton.passed", actorParticipantId: seat.id, payload: { to: seat.id } });
  }
  const stored = await appendEvents(tx, { orgId: input.orgId, sessionId: session.id, events });
  fx.notices.push(...storedEventNotices(session.id, stored));
  return session;
}

// Seats an agent in a session that is already running: a transfer, a manager's reassign, or an
// agent accepting a visitor who was sent back to the queue from their session. Inside the caller's
// transaction (which holds the org's routing lock); the caller archives and publishes.
import "server-only";
import { agentSeatAvatar } from "../avatars/seat";
import type { Prisma } from "../generated/prisma/client";
import { bumpSeatVersion } from "./line-guard";
import { INVISIBLE_ROLES } from "./visibility";

type Tx = Prisma.TransactionClient;

export async function seatAgentInTx(tx: Tx, input: { orgId: string; sessionId: string; membershipId: string; now: Date }) {
  const member = await tx.membership.findUniqueOrThrow({
    where: { id: input.membershipId },
    select: { displayName: true, avatarUrl: true, user: { select: { name: true, email: true } } },
  });
  const session = await tx.session.findUniqueOrThrow({
    where: { id: input.sessionId },
    select: { scenario: { select: { avatars: true } } },
  });
  // A monitor or prompter seat of the same person gives way to the agent seat: one visible seat each.
  const closed = await tx.participant.updateMany({
    where: { sessionId: input.sessionId, membershipId: input.membershipId, leftAt: null, role: { in: [...INVISIBLE_ROLES] } },
    data: { leftAt: input.now },
  });
  // A seat changed: a prompt that seat has on its way is judged again (sessions/line-guard.ts).
  if (closed.count > 0) await bumpSeatVersion(tx, input.sessionId);
  return tx.participant.create({
    data: {
      orgId: input.orgId,
      sessionId: input.sessionId,
      role: "AGENT",
      canLead: true,
      membershipId: input.membershipId,
      displayName: member.displayName ?? member.user.name ?? member.user.email,
      avatarUrl: agentSeatAvatar(member.avatarUrl, session.scenario.avatars),
      joinedAt: input.now,
    },
  });
}

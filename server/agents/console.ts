// Read models for the agent console: the agent's own routing state, pending offers and open sessions.
import "server-only";
import type { OfferCreated } from "../../lib/realtime-events";
import { db } from "../db";
import { pendingOfferViews } from "../routing/offer-view";
import { INVISIBLE_ROLES } from "../sessions/visibility";
import { agentStatusesFor } from "./statuses";

export async function agentPresence({ orgId, membershipId }: { orgId: string; membershipId: string }) {
  const m = await db.membership.findFirstOrThrow({
    where: { id: membershipId, orgId },
    select: { org: { select: { agentStatuses: true } }, presence: true },
  });
  const load = await db.participant.count({ where: { orgId, membershipId, role: "AGENT", leftAt: null, session: { status: "ACTIVE" } } });
  return {
    status: m.presence?.status ?? "offline",
    since: m.presence?.since ?? null,
    capacity: m.presence?.capacity ?? 1,
    autoAccept: m.presence?.autoAccept ?? false,
    load,
    statuses: agentStatusesFor(m.org.agentStatuses),
  };
}

export async function pendingOffers({
  orgId,
  membershipId,
  now = new Date(),
}: {
  orgId: string;
  membershipId: string;
  now?: Date;
}): Promise<OfferCreated[]> {
  return pendingOfferViews(db, orgId, membershipId, now);
}

// Unseen seats (monitor, prompter) are left out: a console tab writes to the room, which those roles
// may not do; they are worked from /s/{id} and /manager.
export async function openSessions({ orgId, membershipId }: { orgId: string; membershipId: string }) {
  const seats = await db.participant.findMany({
    where: { orgId, membershipId, leftAt: null, role: { notIn: [...INVISIBLE_ROLES] }, session: { status: "ACTIVE" } },
    orderBy: { joinedAt: "asc" },
    select: {
      role: true,
      session: {
        select: {
          id: true,
          title: true,
          startedAt: true,
          queueEntry: { select: { question: true, referrerUrl: true } },
          participants: { where: { role: "VISITOR", leftAt: null }, select: { displayName: true } },
        },
      },
    },
  });
  return seats.map((s) => ({
    sessionId: s.session.id,
    title: s.session.title,
    startedAt: s.session.startedAt,
    role: s.role,
    question: s.session.queueEntry?.question ?? "",
    referrerUrl: s.session.queueEntry?.referrerUrl ?? null,
    visitors: s.session.participants.map((p) => p.displayName),
  }));
}

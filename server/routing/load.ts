// What routing needs to know about agents and seats. A dispatch round reads its agents' load in the
// database function route_round_state (server/routing/dispatch.ts); accepts and transfers use these.
import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { INVISIBLE_ROLES } from "../sessions/visibility";

type Tx = Prisma.TransactionClient;

export type AgentLoad = {
  membershipId: string;
  capacity: number;
  autoAccept: boolean;
  idleSince: Date;
  /** Live sessions the agent is seated in. */
  load: number;
  /** Offers waiting for the agent's answer. */
  pending: number;
};

/**
 * The agent's capacity and the sessions it is seated in now (any status of theirs), with its
 * presence row locked until commit: accepts and transfers to one agent take turns, so two of them
 * cannot both take its last free place. Row locks go agent, then entry, then offer (lockEntries).
 */
export async function lockedAgent(tx: Tx, orgId: string, membershipId: string): Promise<{ capacity: number; load: number } | null> {
  const [row] = await tx.$queryRaw<{ capacity: number; load: number }[]>`
    SELECT p.capacity, (SELECT count(*)::int FROM "Participant" pt
        WHERE pt."orgId" = ${orgId} AND pt."membershipId" = p."membershipId" AND pt."leftAt" IS NULL
          AND pt.role = 'AGENT') AS load
    FROM "AgentPresence" p WHERE p."membershipId" = ${membershipId}
    FOR NO KEY UPDATE`;
  return row ?? null;
}

/** Sessions an agent is seated in now (any status of theirs), its presence row locked (see lockedAgent). */
export async function agentLoad(tx: Tx, orgId: string, membershipId: string): Promise<number> {
  await tx.$queryRaw`SELECT 1 FROM "AgentPresence" WHERE "membershipId" = ${membershipId} FOR NO KEY UPDATE`;
  // Seats not left are live sessions: a session ends only in endSession, which sets every seat's
  // leftAt in the same transaction, so no join to Session is needed.
  return tx.participant.count({ where: { orgId, membershipId, leftAt: null, role: "AGENT" } });
}

/**
 * Locks queue entries (in id order) before their offers are read or changed: an accept runs without
 * the org's lock, so an entry's row is where an accept and a decline, an expiry or a withdrawal of
 * the same entry take turns. Every writer locks agent, then entry, then offer, so none deadlock.
 */
export async function lockEntries(tx: Tx, queueEntryIds: string[]): Promise<void> {
  if (queueEntryIds.length === 0) return;
  await tx.$queryRaw`SELECT 1 FROM "QueueEntry" WHERE id = ANY(${[...new Set(queueEntryIds)].sort()}::text[]) ORDER BY id FOR NO KEY UPDATE`;
}

/**
 * Participants seated in the org's live sessions: what the org's seat cap counts. Unseen staff
 * (monitors, prompters) are not counted: a manager watching the floor must never turn visitors away.
 */
export async function seatsInUse(tx: Tx, orgId: string): Promise<number> {
  return tx.participant.count({
    // Auditorium attendees are not seats of the call centre: an event's audience has its own cap
    // (Auditorium.maxAttendees) and must not turn one-on-one visitors away.
    where: { orgId, leftAt: null, role: { notIn: [...INVISIBLE_ROLES, "ATTENDEE"] }, session: { status: "ACTIVE" } },
  });
}

/** A one-on-one session seats the visitor and the agent. */
export const SEATS_PER_SESSION = 2;

/**
 * Seats an entry still needs: a visitor sent back to the queue keeps its seat in the live session
 * (sessions/rejoin.ts), so only the agent's seat is new; any other entry needs both.
 */
export const seatsNeeded = (entry: { session: { status: string } | null }) =>
  entry.session?.status === "ACTIVE" ? SEATS_PER_SESSION - 1 : SEATS_PER_SESSION;

/**
 * The seats the org's cap counts, in ONE statement: participants seated in live sessions
 * (seatsInUse) plus the seats held for entries offered and not yet answered. One snapshot matters:
 * an accept runs without the org's lock, and one committing between two separate reads would be
 * counted in neither (its entry no longer offered, its seats not yet seen). The statement is the
 * database function route_seats_held (migration 20261206110000_route_round_state), which a
 * dispatch round's read calls too, so both count alike.
 */
export async function seatsHeld(tx: Tx, orgId: string, exceptQueueEntryId?: string | null): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    SELECT route_seats_held(${orgId}, ${exceptQueueEntryId ?? null}, ${NOT_SEATS}::text[], ${SEATS_PER_SESSION}::int) AS n`;
  return row?.n ?? 0;
}

/** Roles that hold no seat of the org's cap: unseen staff, and auditorium attendees (their event has its own cap). */
export const NOT_SEATS: string[] = [...INVISIBLE_ROLES, "ATTENDEE"];

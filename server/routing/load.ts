// What routing needs to know about agents and seats, read under the org's routing lock.
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
 * Agents of the org in a routable state with an active membership, with their load, in one
 * snapshot. Not row-locked: dispatch runs under the org's lock, and the one change made without it,
 * an accept, turns an agent's pending offer into a session in one commit (load + pending unchanged).
 */
export async function routableAgents(tx: Tx, orgId: string, routable: string[]): Promise<AgentLoad[]> {
  if (routable.length === 0) return [];
  // Each count is one grouped pass over the org's live rows (MATERIALIZED: computed once, not once
  // per agent), and an agent's live sessions are its seats not yet left: a session ends only in
  // endSession, which sets every seat's leftAt in the same transaction, so no join to Session is
  // needed. Both matter on tables that grew since they were last analysed: the planner, believing
  // them empty, ran a per-agent subquery with a sequential scan of Session for every seat, and a
  // round's read grew from 2 ms to 1.3 s over 10 s of steady arrivals (docs/routing.md).
  const rows = await tx.$queryRaw<
    { membershipId: string; capacity: number; autoAccept: boolean; idleSince: Date; load: number; pending: number }[]
  >`
    WITH agents AS MATERIALIZED (
      SELECT p."membershipId", p.capacity, p."autoAccept", p."idleSince"
      FROM "AgentPresence" p JOIN "Membership" m ON m.id = p."membershipId"
      WHERE p."orgId" = ${orgId} AND m.active AND p.status = ANY(${routable})
    ), seated AS MATERIALIZED (
      SELECT pt."membershipId", count(*)::int AS n
      FROM "Participant" pt
      WHERE pt."orgId" = ${orgId} AND pt."leftAt" IS NULL AND pt.role = 'AGENT' AND pt."membershipId" IS NOT NULL
      GROUP BY pt."membershipId"
    ), offered AS MATERIALIZED (
      SELECT o."membershipId", count(*)::int AS n
      FROM "QueueOffer" o
      WHERE o."orgId" = ${orgId} AND o.status = 'PENDING'
      GROUP BY o."membershipId"
    )
    SELECT a.*, coalesce(seated.n, 0) AS load, coalesce(offered.n, 0) AS pending
    FROM agents a
    LEFT JOIN seated ON seated."membershipId" = a."membershipId"
    LEFT JOIN offered ON offered."membershipId" = a."membershipId"
    ORDER BY a."idleSince" ASC`;
  return rows;
}

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
  // Seats not left are live sessions (routableAgents says why no join to Session).
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
 * (seatsInUse) plus the seats held for entries offered and not yet answered (seatsOffered).
 * One snapshot matters: an accept runs without the org's lock, and one committing between two
 * separate reads would be counted in neither (its entry no longer offered, its seats not yet seen).
 */
export async function seatsHeld(tx: Tx, orgId: string, exceptQueueEntryId?: string | null): Promise<number> {
  const notCounted = [...INVISIBLE_ROLES, "ATTENDEE"];
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    SELECT (
      (SELECT count(*) FROM "Participant" pt JOIN "Session" s ON s.id = pt."sessionId"
        WHERE pt."orgId" = ${orgId} AND pt."leftAt" IS NULL AND s.status = 'ACTIVE' AND pt.role::text <> ALL(${notCounted}::text[]))
      + (SELECT coalesce(sum(CASE WHEN s.status = 'ACTIVE' THEN ${SEATS_PER_SESSION - 1}::int ELSE ${SEATS_PER_SESSION}::int END), 0)
        FROM "QueueEntry" e LEFT JOIN "Session" s ON s."queueEntryId" = e.id
        WHERE e."orgId" = ${orgId} AND e.status = 'OFFERED' AND e.id <> ${exceptQueueEntryId ?? ""})
    )::int AS n`;
  return row?.n ?? 0;
}

// The hunt group: offer waiting entries, oldest first (priority first), to agents who are in a
// routable state and below capacity. Longest-idle mode offers each entry to one agent at a time and
// moves on after the ring timeout; ring-all offers it to every free agent and the first accept wins.
//
// A round is a handful of statements under the org's routing lock whatever its size: read the line
// and the agents, decide in memory, write every offer and every entry's new status in one statement.
// What only the published offer needs (visitor details, earlier sessions) is read after commit.
import "server-only";
import { EVENTS } from "../../lib/realtime-events";
import { routableKeys } from "../agents/statuses";
import { queueDb } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { Notice } from "../realtime/notices";
import { applyEffects, newEffects, type RoutingEffects } from "./effects";
import { routableAgents, seatsHeld, seatsNeeded, SEATS_PER_SESSION, type AgentLoad } from "./load";
import { lockOrgRouting } from "./lock";
import { offerViews } from "./offer-view";
import { acceptInTx } from "./offers";

/** Entries considered per round; a burst beyond this is served by the next round. */
const BATCH = 1000;
export type DispatchResult = { offers: { offerId: string; queueEntryId: string; membershipId: string }[]; sessions: string[] };

type Tx = Prisma.TransactionClient;

type WaitingEntry = {
  id: string;
  visitorId: string;
  routingMode: "LONGEST_IDLE" | "RING_ALL" | null;
  ringTimeoutSec: number | null;
  maxSeats: number | null;
  /** The session a visitor sent back to the queue waits in, if any (see seatsNeeded). */
  sessionStatus: string | null;
  /** Offers made for this entry so far, by agent. */
  asked: Record<string, number>;
};

type Planned = { entry: WaitingEntry; chosen: AgentLoad[]; autoAccepting: AgentLoad | null; expiresAt: Date };

export async function dispatch(orgId: string, now = new Date()): Promise<DispatchResult> {
  const fx = newEffects();
  const announce: string[] = [];
  const result = await queueDb("dispatch").$transaction(
    async (tx) => {
      await lockOrgRouting(tx, orgId);
      return dispatchInTx(tx, fx, announce, orgId, now);
    },
    { timeout: 30_000 },
  );
  fx.notices.push(...(await offerNotices(orgId, announce)));
  await applyEffects(fx);
  return result;
}

async function dispatchInTx(tx: Tx, fx: RoutingEffects, announce: string[], orgId: string, now: Date): Promise<DispatchResult> {
  const out: DispatchResult = { offers: [], sessions: [] };
  const org = await tx.organization.findUnique({
    where: { id: orgId },
    select: { status: true, routingMode: true, ringTimeoutSec: true, maxConcurrentSeats: true, agentStatuses: true },
  });
  if (!org || org.status !== "ACTIVE") return out;

  const agents = await routableAgents(tx, orgId, routableKeys(org.agentStatuses));
  const free = (a: AgentLoad) => a.load + a.pending < a.capacity;
  if (!agents.some(free)) return out;
  const entries = await waitingEntries(tx, orgId);
  if (entries.length === 0) return out;

  // Seats in use, plus those held by entries already offered and not yet answered.
  let seatsUsed = org.maxConcurrentSeats === null ? 0 : await seatsHeld(tx, orgId);

  const planned: Planned[] = [];
  for (const entry of entries) {
    // First come, first served: when the head of the line cannot be served, nobody behind it is.
    const needed = seatsNeeded({ session: entry.sessionStatus ? { status: entry.sessionStatus } : null });
    if (org.maxConcurrentSeats !== null && seatsUsed + needed > org.maxConcurrentSeats) break;
    if (entry.maxSeats !== null && entry.maxSeats < SEATS_PER_SESSION) continue;
    // Agents already asked about an entry go to the back for it, so a decline or a timeout moves on.
    // An unanswered offer counts as the session it is about to be (accepting resets idleSince): a
    // burst is spread over the idle agents instead of filling the longest-idle one to capacity.
    const candidates = agents
      .filter(free)
      .map((a) => ({ a, times: entry.asked[a.membershipId] ?? 0 }))
      .sort((x, y) => x.times - y.times || x.a.pending - y.a.pending || x.a.idleSince.getTime() - y.a.idleSince.getTime());
    if (candidates.length === 0) break;

    const mode = entry.routingMode ?? org.routingMode;
    const ringSec = entry.ringTimeoutSec ?? org.ringTimeoutSec;
    const chosen = mode === "RING_ALL" ? candidates.map((c) => c.a) : [candidates[0]!.a];
    // An agent on auto-accept takes it at once: only its seat is used, the others' offers are withdrawn.
    const autoAccepting = chosen.find((a) => a.autoAccept) ?? null;
    if (autoAccepting) autoAccepting.load++;
    else for (const a of chosen) a.pending++;
    seatsUsed += needed;
    planned.push({ entry, chosen, autoAccepting, expiresAt: new Date(now.getTime() + ringSec * 1000) });
  }
  if (planned.length === 0) return out;

  const created = await insertOffers(tx, orgId, now, planned);
  const offerId = new Map(created.map((o) => [`${o.queueEntryId}:${o.membershipId}`, o.offerId]));
  for (const { entry, chosen, autoAccepting, expiresAt } of planned) {
    const made = chosen.map((a) => ({ offerId: offerId.get(`${entry.id}:${a.membershipId}`)!, membershipId: a.membershipId }));
    for (const m of made) out.offers.push({ offerId: m.offerId, queueEntryId: entry.id, membershipId: m.membershipId });
    if (autoAccepting) {
      const { sessionId } = await acceptInTx(tx, fx, {
        orgId,
        offerId: offerId.get(`${entry.id}:${autoAccepting.membershipId}`)!,
        membershipId: autoAccepting.membershipId,
        now,
      });
      out.sessions.push(sessionId);
      continue;
    }
    for (const m of made) {
      announce.push(m.offerId);
      fx.expiries.push({ orgId, offerId: m.offerId, at: expiresAt });
    }
  }
  fx.queueChanged.add(orgId);
  return out;
}

/** The head of the org's line, with what the decision needs and nothing else (one statement). */
async function waitingEntries(tx: Tx, orgId: string): Promise<WaitingEntry[]> {
  return tx.$queryRaw<WaitingEntry[]>`
    SELECT e.id, e."visitorId", sc."routingMode"::text AS "routingMode", sc."ringTimeoutSec", sc."maxSeats",
      s.status::text AS "sessionStatus",
      COALESCE((SELECT json_object_agg(x."membershipId", x.n) FROM (
        SELECT o."membershipId", count(*)::int AS n FROM "QueueOffer" o
        WHERE o."orgId" = ${orgId} AND o."queueEntryId" = e.id GROUP BY o."membershipId") x), '{}'::json) AS asked
    FROM "QueueEntry" e
    JOIN "Scenario" sc ON sc.id = e."scenarioId"
    LEFT JOIN "Session" s ON s."queueEntryId" = e.id
    WHERE e."orgId" = ${orgId} AND e.status = 'WAITING'
    ORDER BY e.priority DESC, e."enqueuedAt" ASC, e.id ASC
    LIMIT ${BATCH}`;
}

/**
 * Every offer of the round and every offered entry's status in one statement. The entry update is
 * guarded by WAITING and checked: under the lock nothing else can have moved them, and if something
 * did, the round rolls back rather than offer an entry twice.
 */
async function insertOffers(
  tx: Tx,
  orgId: string,
  now: Date,
  planned: Planned[],
): Promise<{ offerId: string; queueEntryId: string; membershipId: string }[]> {
  const rows = planned.flatMap((p) => p.chosen.map((a) => ({ entryId: p.entry.id, membershipId: a.membershipId, expiresAt: p.expiresAt })));
  const entryIds = planned.map((p) => p.entry.id);
  const [res] = await tx.$queryRaw<{ offers: { offerId: string; queueEntryId: string; membershipId: string }[] | null; entries: number }[]>`
    WITH entries AS (
      UPDATE "QueueEntry" SET status = 'OFFERED'
      WHERE "orgId" = ${orgId} AND id = ANY(${entryIds}::text[]) AND status = 'WAITING'
      RETURNING id
    ), offers AS (
      INSERT INTO "QueueOffer" (id, "orgId", "queueEntryId", "membershipId", status, "offeredAt", "expiresAt")
      SELECT 'qo' || replace(gen_random_uuid()::text, '-', ''), ${orgId}, r.entry, r.member, 'PENDING', ${now}, r.expires
      FROM unnest(${rows.map((r) => r.entryId)}::text[], ${rows.map((r) => r.membershipId)}::text[], ${rows.map((r) => r.expiresAt.toISOString())}::timestamptz[])
        AS r(entry, member, expires)
      JOIN entries ON entries.id = r.entry
      RETURNING id, "queueEntryId", "membershipId"
    )
    SELECT (SELECT json_agg(json_build_object('offerId', id, 'queueEntryId', "queueEntryId", 'membershipId', "membershipId")) FROM offers) AS offers,
      (SELECT count(*)::int FROM entries) AS entries`;
  if (!res || res.entries !== entryIds.length || (res.offers?.length ?? 0) !== rows.length) {
    throw new Error(
      `dispatch: ${entryIds.length - (res?.entries ?? 0)} of ${entryIds.length} entries were no longer waiting; round rolled back`,
    );
  }
  return res.offers ?? [];
}

/** The offers as agents see them; read after commit, outside the lock. */
async function offerNotices(orgId: string, offerIds: string[]): Promise<Notice[]> {
  if (offerIds.length === 0) return [];
  const views = await offerViews(queueDb("dispatch"), orgId, { id: { in: offerIds } });
  return views.map((o) => ({ audience: { to: "member", membershipId: o.membershipId }, event: EVENTS.offerCreated, data: o.view }));
}

// The hunt group: offer waiting entries, oldest first (priority first), to agents who are in a
// routable state and below capacity. Longest-idle mode offers each entry to one agent at a time and
// moves on after the ring timeout; ring-all offers it to every free agent and the first accept wins.
//
// A round is three round trips whatever its size (docs/routing.md, "A round in three round trips"):
// BEGIN with the round's read (route_round_state: the org's lock, then the org, the agents, the line
// and the seats in one call), the decision in memory (planRound), every offer and every entry's new
// status in one statement that also answers the offers as agents see them, and COMMIT. It runs on a
// connection of its own pool without Prisma's client. A round that would hand an entry to an agent
// on auto-accept is rolled back before writing and runs again through Prisma's interactive
// transaction, where the accept's general path (acceptInTx) lives.
import "server-only";
import type pg from "pg";
import { EVENTS, type OfferCreated } from "../../lib/realtime-events";
import { routableKeys } from "../agents/statuses";
import { queueDb, queuePool } from "../db";
import { applyEffects, newEffects, type RoutingEffects } from "./effects";
import { NOT_SEATS, seatsNeeded, SEATS_PER_SESSION, type AgentLoad } from "./load";
import { OFFER_VIEW_JOINS, OFFER_VIEW_JSON, toOfferView, type OfferViewRow } from "./offer-view";
import { acceptInTx } from "./offers";

/** Entries considered per round; a burst beyond this is served by the next round. */
const BATCH = 1000;
export type DispatchResult = { offers: { offerId: string; queueEntryId: string; membershipId: string }[]; sessions: string[] };

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

type RoundState = {
  org: {
    status: string;
    routingMode: "LONGEST_IDLE" | "RING_ALL";
    ringTimeoutSec: number;
    maxConcurrentSeats: number | null;
    agentStatuses: unknown;
  } | null;
  agents: AgentLoad[];
  entries: WaitingEntry[];
  /** Seats the org's cap counts (null: no cap). */
  seatsHeld: number | null;
};

type Planned = { entry: WaitingEntry; chosen: AgentLoad[]; autoAccepting: AgentLoad | null; expiresAt: Date };

/** An offer the round wrote, with what its agent is shown. */
type Made = { offerId: string; queueEntryId: string; membershipId: string; view: OfferCreated };

/** One statement with positional parameters, on whichever connection the round holds. */
type Query = <T>(text: string, values: unknown[]) => Promise<T[]>;

export async function dispatch(orgId: string, now = new Date()): Promise<DispatchResult> {
  const fx = newEffects();
  const result = (await plainRound(fx, orgId, now)) ?? (await roundWithAccepts(fx, orgId, now));
  await applyEffects(fx);
  return result;
}

/** The round without Prisma (see the file's comment). Null: an agent would auto-accept; nothing written. */
async function plainRound(fx: RoutingEffects, orgId: string, now: Date): Promise<DispatchResult | null> {
  const client = await queuePool("dispatch").connect();
  let broken: Error | undefined;
  try {
    const routable = routableGuess(orgId);
    // BEGIN and the read in one simple-protocol message: one round trip, not two. The values are
    // quoted by the driver (escapeLiteral); they are an org id and state keys, never free text.
    // Each statement gives up after 30 s (Prisma's interactive transaction had that limit for the
    // whole round): a round stuck behind the org's lock would hold every later round of the org.
    const lit = (v: string) => client.escapeLiteral(v);
    const [, , read] = (await client.query(
      `BEGIN; SET LOCAL statement_timeout = '30s'; SELECT route_round_state(${lit(orgId)}, ARRAY[${routable.map(lit).join(",")}]::text[], ${BATCH}, ` +
        `ARRAY[${NOT_SEATS.map(lit).join(",")}]::text[], ${SEATS_PER_SESSION}) AS s`,
    )) as unknown as pg.QueryResult<{ s: RoundStateRow }>[];
    const query: Query = async <T>(text: string, values: unknown[]) => (await client.query(text, values)).rows as T[];
    const state = await checkedState(query, orgId, routable, read!.rows[0]!.s);
    const planned = planRound(state, now);
    if (planned.some((p) => p.autoAccepting)) {
      await client.query("ROLLBACK");
      return null;
    }
    const made = planned.length === 0 ? [] : await writeOffers(query, orgId, now, planned);
    await client.query("COMMIT");
    return announce(fx, orgId, planned, made);
  } catch (e) {
    await client.query("ROLLBACK").catch((r: unknown) => (broken = r as Error));
    throw e;
  } finally {
    // A connection that could not even roll back is closed, not handed to the next round.
    client.release(broken);
  }
}

/** The round through Prisma's interactive transaction, for the accepts of agents on auto-accept. */
async function roundWithAccepts(fx: RoutingEffects, orgId: string, now: Date): Promise<DispatchResult> {
  return queueDb("dispatch").$transaction(
    async (tx) => {
      const query: Query = <T>(text: string, values: unknown[]) => tx.$queryRawUnsafe<T[]>(text, ...values);
      const routable = routableGuess(orgId);
      const [read] = await query<{ s: RoundStateRow }>(STATE_SQL, [orgId, routable, BATCH, NOT_SEATS, SEATS_PER_SESSION]);
      const state = await checkedState(query, orgId, routable, read!.s);
      const planned = planRound(state, now);
      const made = planned.length === 0 ? [] : await writeOffers(query, orgId, now, planned);
      const out = announce(
        fx,
        orgId,
        planned.filter((p) => !p.autoAccepting),
        made,
      );
      for (const { entry, autoAccepting } of planned) {
        if (!autoAccepting) continue;
        const offerId = made.find((m) => m.queueEntryId === entry.id && m.membershipId === autoAccepting.membershipId)!.offerId;
        const { sessionId } = await acceptInTx(tx, fx, { orgId, offerId, membershipId: autoAccepting.membershipId, now });
        out.sessions.push(sessionId);
      }
      return out;
    },
    { timeout: 30_000 },
  );
}

const STATE_SQL = "SELECT route_round_state($1, $2::text[], $3, $4::text[], $5) AS s";

/** route_round_state's answer as the driver parses it (times are ISO strings inside json). */
type RoundStateRow = Omit<RoundState, "agents" | "org"> & {
  org: RoundState["org"];
  agents: (Omit<AgentLoad, "idleSince"> & { idleSince: string })[] | undefined;
};

/**
 * Which of an org's states route is the org's setting (agentStatuses), which the round reads under
 * the lock; the read needs the answer first. So the round asks with what the org's last round in
 * this process found, checks it against the setting it read, and reads again on the rare round
 * after the org changed its states (the lock is held by then; taking it again is a no-op).
 */
const routableByOrg = new Map<string, string[]>();
const DEFAULT_ROUTABLE = routableKeys([]);

function routableGuess(orgId: string): string[] {
  return routableByOrg.get(orgId) ?? DEFAULT_ROUTABLE;
}

async function checkedState(query: Query, orgId: string, asked: string[], row: RoundStateRow): Promise<RoundState> {
  if (row.org) {
    const routable = routableKeys(row.org.agentStatuses);
    if (routable.join("\n") !== asked.join("\n")) {
      if (routableByOrg.size >= 10_000) routableByOrg.clear();
      routableByOrg.set(orgId, routable);
      const [again] = await query<{ s: RoundStateRow }>(STATE_SQL, [orgId, routable, BATCH, NOT_SEATS, SEATS_PER_SESSION]);
      return checkedState(query, orgId, routable, again!.s);
    }
  }
  return {
    org: row.org,
    agents: (row.agents ?? []).map((a) => ({ ...a, idleSince: new Date(a.idleSince) })),
    entries: row.entries ?? [],
    seatsHeld: row.seatsHeld ?? null,
  };
}

/** The round's decision, in memory: which entries go to which agents. Changes the agents' counts. */
function planRound(state: RoundState, now: Date): Planned[] {
  const { org, agents, entries } = state;
  if (!org || org.status !== "ACTIVE") return [];
  const free = (a: AgentLoad) => a.load + a.pending < a.capacity;
  if (!agents.some(free) || entries.length === 0) return [];

  // Seats in use, plus those held by entries already offered and not yet answered.
  let seatsUsed = state.seatsHeld ?? 0;

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
  return planned;
}

/** The round's result, its offers' notices and expiry jobs (for the offers no agent auto-accepted). */
function announce(fx: RoutingEffects, orgId: string, planned: Planned[], made: Made[]): DispatchResult {
  const out: DispatchResult = {
    offers: made.map(({ offerId, queueEntryId, membershipId }) => ({ offerId, queueEntryId, membershipId })),
    sessions: [],
  };
  if (made.length === 0) return out;
  const ringing = new Map(planned.map((p) => [p.entry.id, p.expiresAt]));
  for (const m of made) {
    const expiresAt = ringing.get(m.queueEntryId);
    if (!expiresAt) continue;
    fx.notices.push({ audience: { to: "member", membershipId: m.membershipId }, event: EVENTS.offerCreated, data: m.view });
    fx.expiries.push({ orgId, offerId: m.offerId, at: expiresAt });
  }
  fx.queueChanged.add(orgId);
  return out;
}

/**
 * Every offer of the round and every offered entry's status in one statement, answering the offers
 * as their agents see them (offer-view.ts: the same SQL as the console's pending list). The entry update is guarded by WAITING and checked: under the lock
 * nothing else can have moved them, and if something did, the round rolls back rather than offer an
 * entry twice. The view is read here, under the lock, rather than after commit: the org's next round
 * waits for this one to finish either way, and this way it is no round trip of its own.
 */
const WRITE_SQL = `
  WITH entries AS (
    UPDATE "QueueEntry" SET status = 'OFFERED'
    WHERE "orgId" = $1 AND id = ANY($2::text[]) AND status = 'WAITING'
    RETURNING id
  ), offers AS (
    INSERT INTO "QueueOffer" (id, "orgId", "queueEntryId", "membershipId", status, "offeredAt", "expiresAt")
    SELECT 'qo' || replace(gen_random_uuid()::text, '-', ''), $1, r.entry, r.member, 'PENDING', $3::timestamptz, r.expires
    FROM unnest($4::text[], $5::text[], $6::timestamptz[]) AS r(entry, member, expires)
    JOIN entries ON entries.id = r.entry
    RETURNING id, "queueEntryId", "membershipId", "expiresAt"
  )
  SELECT (SELECT count(*)::int FROM entries) AS entries,
    (SELECT json_agg(${OFFER_VIEW_JSON}) FROM offers o ${OFFER_VIEW_JOINS}) AS offers`;

async function writeOffers(query: Query, orgId: string, now: Date, planned: Planned[]): Promise<Made[]> {
  const rows = planned.flatMap((p) => p.chosen.map((a) => ({ entryId: p.entry.id, membershipId: a.membershipId, expiresAt: p.expiresAt })));
  const entryIds = planned.map((p) => p.entry.id);
  const [res] = await query<{ offers: OfferViewRow[] | null; entries: number }>(WRITE_SQL, [
    orgId,
    entryIds,
    now.toISOString(),
    rows.map((r) => r.entryId),
    rows.map((r) => r.membershipId),
    rows.map((r) => r.expiresAt.toISOString()),
  ]);
  if (!res || res.entries !== entryIds.length || (res.offers?.length ?? 0) !== rows.length) {
    throw new Error(
      `dispatch: ${entryIds.length - (res?.entries ?? 0)} of ${entryIds.length} entries were no longer waiting; round rolled back`,
    );
  }
  return (res.offers ?? []).map((o) => ({
    offerId: o.offerId,
    queueEntryId: o.queueEntryId,
    membershipId: o.membershipId,
    view: toOfferView(o),
  }));
}

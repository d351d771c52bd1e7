// The hunt group: offer waiting entries, oldest first (priority first), to agents who are in a
// routable state and below capacity. Longest-idle mode offers each entry to one agent at a time and
// moves on after the ring timeout; ring-all offers it to every free agent and the first accept wins.
import { channels } from "../../lib/channels";
import { EVENTS, type OfferCreated } from "../../lib/realtime-events";
import { routableKeys } from "../agents/statuses";
import { db } from "../db";
import { earlierSessionCounts } from "../visitors/earlier-sessions";
import { applyEffects, newEffects, type RoutingEffects } from "./effects";
import { routableAgents, seatsInUse, seatsNeeded, seatsOffered, SEATS_PER_SESSION, type AgentLoad } from "./load";
import { lockOrgRouting } from "./lock";
import { acceptInTx } from "./offers";

/** Entries considered per round; a burst beyond this is served by the next round. */
const BATCH = 200;
export type DispatchResult = { offers: { offerId: string; queueEntryId: string; membershipId: string }[]; sessions: string[] };

export async function dispatch(orgId: string, now = new Date()): Promise<DispatchResult> {
  const fx = newEffects();
  const result = await db.$transaction(
    async (tx) => {
      await lockOrgRouting(tx, orgId);
      return dispatchInTx(tx, fx, orgId, now);
    },
    { timeout: 30_000 },
  );
  await applyEffects(fx);
  return result;
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

async function dispatchInTx(tx: Tx, fx: RoutingEffects, orgId: string, now: Date): Promise<DispatchResult> {
  const out: DispatchResult = { offers: [], sessions: [] };
  const org = await tx.organization.findUnique({
    where: { id: orgId },
    select: { status: true, routingMode: true, ringTimeoutSec: true, maxConcurrentSeats: true, agentStatuses: true },
  });
  if (!org || org.status !== "ACTIVE") return out;

  const entries = await tx.queueEntry.findMany({
    where: { orgId, status: "WAITING" },
    orderBy: [{ priority: "desc" }, { enqueuedAt: "asc" }, { id: "asc" }],
    take: BATCH,
    select: {
      id: true,
      question: true,
      referrerUrl: true,
      enqueuedAt: true,
      scenario: { select: { name: true, routingMode: true, ringTimeoutSec: true, maxSeats: true } },
      session: { select: { status: true } },
      visitor: { select: { id: true, name: true, email: true, firstSeenAt: true } },
    },
  });
  if (entries.length === 0) return out;

  const agents = await routableAgents(tx, orgId, routableKeys(org.agentStatuses));
  const free = (a: AgentLoad) => a.load + a.pending < a.capacity;
  if (!agents.some(free)) return out;

  // Agents already asked about an entry go to the back for it, so a decline or a timeout moves on.
  const earlier = await tx.queueOffer.groupBy({
    by: ["queueEntryId", "membershipId"],
    where: { orgId, queueEntryId: { in: entries.map((e) => e.id) } },
    _count: { _all: true },
  });
  const asked = new Map(earlier.map((r) => [`${r.queueEntryId}:${r.membershipId}`, r._count._all]));
  const earlierSessions = await earlierSessionCounts(tx, orgId, entries.map((e) => ({ queueEntryId: e.id, visitorId: e.visitor.id })));

  // Seats in use, plus those held by entries already offered and not yet answered.
  let seatsUsed = org.maxConcurrentSeats === null ? 0 : (await seatsInUse(tx, orgId)) + (await seatsOffered(tx, orgId));

  for (const entry of entries) {
    // First come, first served: when the head of the line cannot be served, nobody behind it is.
    const needed = seatsNeeded(entry);
    if (org.maxConcurrentSeats !== null && seatsUsed + needed > org.maxConcurrentSeats) break;
    if (entry.scenario.maxSeats !== null && entry.scenario.maxSeats < SEATS_PER_SESSION) continue;
    const candidates = agents
      .filter(free)
      .map((a) => ({ a, times: asked.get(`${entry.id}:${a.membershipId}`) ?? 0 }))
      .sort((x, y) => x.times - y.times || x.a.idleSince.getTime() - y.a.idleSince.getTime());
    if (candidates.length === 0) break;

    const mode = entry.scenario.routingMode ?? org.routingMode;
    const ringSec = entry.scenario.ringTimeoutSec ?? org.ringTimeoutSec;
    const chosen = mode === "RING_ALL" ? candidates.map((c) => c.a) : [candidates[0]!.a];
    const expiresAt = new Date(now.getTime() + ringSec * 1000);

    await tx.queueEntry.update({ where: { id: entry.id }, data: { status: "OFFERED" } });
    seatsUsed += needed;
    const created = await tx.queueOffer.createManyAndReturn({
      data: chosen.map((agent) => ({ orgId, queueEntryId: entry.id, membershipId: agent.membershipId, offeredAt: now, expiresAt })),
      select: { id: true, membershipId: true },
    });
    const made = created.map((o) => ({ offerId: o.id, agent: chosen.find((a) => a.membershipId === o.membershipId)! }));
    for (const m of made) {
      m.agent.pending++;
      out.offers.push({ offerId: m.offerId, queueEntryId: entry.id, membershipId: m.agent.membershipId });
    }

    const autoAccepting = made.find((m) => m.agent.autoAccept);
    if (autoAccepting) {
      const { sessionId } = await acceptInTx(tx, fx, { orgId, offerId: autoAccepting.offerId, membershipId: autoAccepting.agent.membershipId, now });
      autoAccepting.agent.pending--;
      autoAccepting.agent.load++;
      for (const m of made) if (m !== autoAccepting) m.agent.pending--;
      out.sessions.push(sessionId);
      continue;
    }

    const payload: Omit<OfferCreated, "offerId"> = {
      queueEntryId: entry.id,
      expiresAt: expiresAt.toISOString(),
      question: entry.question,
      referrerUrl: entry.referrerUrl,
      scenarioName: entry.scenario.name,
      visitor: {
        name: entry.visitor.name,
        email: entry.visitor.email,
        earlierSessions: earlierSessions.get(entry.id) ?? 0,
        firstSeenAt: entry.visitor.firstSeenAt.toISOString(),
      },
    };
    for (const m of made) {
      fx.messages.push({ channel: channels.member(m.agent.membershipId), event: EVENTS.offerCreated, data: { ...payload, offerId: m.offerId } });
      fx.expiries.push({ orgId, offerId: m.offerId, at: expiresAt });
    }
    fx.queueChanged.add(orgId);
  }
  return out;
}

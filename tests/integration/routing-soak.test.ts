// Routing under everything at once, for ROUTING_SOAK_SECONDS (60 in CI): arrivals in two routing
// modes, dispatch rounds (coalesced as the web process starts them, and a loop as the worker's),
// accepts, declines, ring time-outs (1 s ring), visitors leaving, agents going not-ready (built-in
// and custom statuses) and ready again, agents ending sessions. The real functions on a real
// PostgreSQL; the invariants are read from the rows, sampled during the run and checked after it.
import { describe, expect, it } from "vitest";
import { setAgentStatus } from "../../server/agents/set-status";
import { db } from "../../server/db";
import { isAppError } from "../../server/errors";
import { Prisma } from "../../server/generated/prisma/client";
import { enqueueVisitor } from "../../server/queue/enqueue";
import { leaveQueue } from "../../server/queue/leave";
import { coalesce, drainCoalesced } from "../../server/routing/coalesce";
import { dispatch } from "../../server/routing/dispatch";
import { acceptOffer, declineOffer, expireDueOffers } from "../../server/routing/offers";
import { leaveSession } from "../../server/sessions/leave";
import { findSeat } from "../../server/sessions/participant";
import { addMember, createVisitor, seedOrg } from "../helpers/factories";

const SECONDS = Number(process.env.ROUTING_SOAK_SECONDS ?? 60);
const CAPACITY = 2;
/** The org's seat cap (2 seats a session): below the agents' 6 x 2 sessions, so it binds too. */
const ORG_SEATS = 16;
const ROUTABLE = ["available", "phones"];
const NOT_ROUTABLE = ["away", "lunch"];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;

type Sample = {
  overSessions: number;
  overHeld: number;
  ringingTwice: number;
  takenTwice: number;
  ringingNotReady: number;
  overOrgSeats: number;
};

/** Seats the org's cap counts, read independently of server/routing/load.ts: seated visible participants of live sessions, plus 2 per offered entry (1 if it returns to a live session). */
const ORG_SEATS_HELD = (orgId: string) => Prisma.sql`(
  (SELECT count(*) FROM "Participant" pt JOIN "Session" s ON s.id = pt."sessionId"
    WHERE pt."orgId" = ${orgId} AND pt."leftAt" IS NULL AND s.status = 'ACTIVE' AND pt.role NOT IN ('MONITOR', 'PROMPTER', 'ATTENDEE'))
  + (SELECT coalesce(sum(CASE WHEN s.status = 'ACTIVE' THEN 1 ELSE 2 END), 0)
    FROM "QueueEntry" e LEFT JOIN "Session" s ON s."queueEntryId" = e.id WHERE e."orgId" = ${orgId} AND e.status = 'OFFERED'))`;

/** One consistent read of the invariants that must hold at every instant. */
async function sample(orgId: string): Promise<Sample> {
  const [row] = await db.$queryRaw<Sample[]>`
    WITH agent AS (
      SELECT p.capacity, p.status = ANY(${ROUTABLE}) AS ready,
        (SELECT count(*) FROM "Participant" pt JOIN "Session" s ON s.id = pt."sessionId"
          WHERE pt."orgId" = p."orgId" AND pt."membershipId" = p."membershipId" AND pt.role = 'AGENT' AND pt."leftAt" IS NULL AND s.status = 'ACTIVE') AS sessions,
        (SELECT count(*) FROM "QueueOffer" o WHERE o."orgId" = p."orgId" AND o."membershipId" = p."membershipId" AND o.status = 'PENDING') AS pending
      FROM "AgentPresence" p WHERE p."orgId" = ${orgId}
    ), entry AS (
      SELECT COALESCE(sc."routingMode", org."routingMode") AS mode,
        (SELECT count(*) FROM "QueueOffer" o WHERE o."orgId" = e."orgId" AND o."queueEntryId" = e.id AND o.status = 'PENDING') AS pending,
        (SELECT count(*) FROM "QueueOffer" o WHERE o."orgId" = e."orgId" AND o."queueEntryId" = e.id AND o.status = 'ACCEPTED') AS accepted,
        (SELECT count(*) FROM "Session" s WHERE s."queueEntryId" = e.id) AS sessions
      FROM "QueueEntry" e JOIN "Scenario" sc ON sc.id = e."scenarioId" JOIN "Organization" org ON org.id = e."orgId"
      WHERE e."orgId" = ${orgId}
    )
    SELECT
      (SELECT count(*)::int FROM agent WHERE sessions > capacity) AS "overSessions",
      (SELECT count(*)::int FROM agent WHERE sessions + pending > capacity) AS "overHeld",
      (SELECT count(*)::int FROM entry WHERE mode = 'LONGEST_IDLE' AND pending > 1) AS "ringingTwice",
      (SELECT count(*)::int FROM entry WHERE accepted > 1 OR sessions > 1) AS "takenTwice",
      (SELECT count(*)::int FROM agent WHERE NOT ready AND pending > 0) AS "ringingNotReady",
      (CASE WHEN ${ORG_SEATS_HELD(orgId)} > ${ORG_SEATS} THEN 1 ELSE 0 END)::int AS "overOrgSeats"`;
  return row!;
}

describe("routing soak", () => {
  it(
    "keeps capacity, once-only offers, not-ready agents and the counts right under concurrent arrivals, answers, time-outs, leaves and status changes",
    async () => {
      const s = await seedOrg();
      const orgId = s.org.id;
      await db.organization.update({
        where: { id: orgId },
        data: {
          ringTimeoutSec: 1,
          maxConcurrentSeats: ORG_SEATS,
          agentStatuses: [
            { key: "phones", label: "On the phones", routable: true },
            { key: "lunch", label: "Lunch", routable: false },
          ],
        },
      });
      const ringAll = await db.scenario.create({ data: { orgId, name: "Everyone rings", routingMode: "RING_ALL", ringTimeoutSec: 1 } });
      const agents = [...s.agents, ...(await Promise.all([0, 1, 2, 3].map((i) => addMember(orgId, "AGENT", { name: `Agent ${i + 3}` }))))];
      for (const a of agents) await setAgentStatus({ orgId, membershipId: a.membership.id, status: "available", capacity: CAPACITY });

      const until = Date.now() + SECONDS * 1000;
      const running = () => Date.now() < until;
      const unexpected: string[] = [];
      const expected = new Map<string, number>();
      /** Races answer with a typed error (taken, withdrawn, timed out, already left); anything else fails the test. */
      const guard = (what: string) => (e: unknown) => {
        if (isAppError(e)) expected.set(`${what} ${e.code}`, (expected.get(`${what} ${e.code}`) ?? 0) + 1);
        else unexpected.push(`${what}: ${(e as Error).message}`);
      };
      const round = () => coalesce(`dispatch:${orgId}`, () => dispatch(orgId).then(() => undefined, guard("dispatch")));

      const arrivals: string[] = [];
      const arrive = async () => {
        for (let i = 0; running(); i++) {
          const v = await createVisitor(orgId, { name: `V${i}` });
          const scenarioId = i % 3 === 0 ? ringAll.id : s.launcher.scenarioId;
          const e = await enqueueVisitor({
            orgId,
            launcherId: s.launcher.id,
            scenarioId,
            visitorId: v.id,
            question: `q${i}`,
            referrerUrl: null,
          });
          if (!e.rejoined) arrivals.push(e.id);
          // As the web process does after an arrival (ROUTING_DISPATCH=inline), coalesced.
          void round();
          await sleep(40);
        }
      };
      // The worker's rounds and its sweep of overdue offers.
      const worker = async () => {
        while (running()) {
          await dispatch(orgId).catch(guard("dispatch"));
          await expireDueOffers().catch(guard("expire"));
          await sleep(150);
        }
      };
      const visitorsLeaving = async () => {
        while (running()) {
          await sleep(300);
          const open = await db.queueEntry.findMany({ where: { orgId, status: { in: ["WAITING", "OFFERED"] } }, select: { id: true } });
          if (open.length > 0) await leaveQueue({ orgId, queueEntryId: pick(open).id }).catch(guard("leaveQueue"));
        }
      };
      let statusChanges = 0;
      const agent = async (a: (typeof agents)[number]) => {
        const membershipId = a.membership.id;
        let ready = true;
        const seen = new Set<string>();
        while (running()) {
          await sleep(30 + Math.random() * 50);
          // Not ready, the console shows no offers: one made to the agent anyway would ring on
          // until its time-out, where the sampler sees it.
          const offers = !ready
            ? []
            : await db.queueOffer.findMany({
                where: { orgId, membershipId, status: "PENDING", id: { notIn: [...seen] } },
                select: { id: true },
              });
          for (const o of offers) {
            seen.add(o.id);
            const r = Math.random();
            // The rest are left to ring out.
            if (r < 0.6) await acceptOffer({ orgId, offerId: o.id, membershipId }).catch(guard("accept"));
            else if (r < 0.75) await declineOffer({ orgId, offerId: o.id, membershipId }).catch(guard("decline"));
          }
          const live = await db.participant.findMany({
            where: { membershipId, role: "AGENT", leftAt: null, session: { status: "ACTIVE" } },
            select: { sessionId: true },
          });
          for (const p of live) {
            if (Math.random() < 0.15) {
              const seat = await findSeat({ userId: a.user.id }, p.sessionId);
              if (seat) await leaveSession(seat).catch(guard("leaveSession"));
            }
          }
          if (Math.random() < 0.03) {
            await setAgentStatus({ orgId, membershipId, status: pick(ready ? NOT_ROUTABLE : ROUTABLE) });
            ready = !ready;
            statusChanges++;
          }
        }
      };
      const none: Sample = { overSessions: 0, overHeld: 0, ringingTwice: 0, takenTwice: 0, ringingNotReady: 0, overOrgSeats: 0 };
      const worst: Sample = { ...none };
      let samples = 0;
      const sampler = async () => {
        while (running()) {
          const now = await sample(orgId);
          samples++;
          for (const k of Object.keys(worst) as (keyof Sample)[]) worst[k] = Math.max(worst[k], now[k]);
          await sleep(200);
        }
      };

      await Promise.all([arrive(), worker(), visitorsLeaving(), sampler(), ...agents.map(agent)]);
      await drainCoalesced();
      // Quiet now: one more round, so anything still waiting waits for a reason.
      await dispatch(orgId);

      expect(unexpected).toEqual([]);
      expect(samples).toBeGreaterThan(SECONDS); // sampled all along (about 5 a second)
      expect(worst).toEqual(none);
      expect(await sample(orgId)).toEqual(none);

      // The run did what it says: every kind of answer happened.
      const offers = await db.queueOffer.groupBy({ by: ["status"], where: { orgId }, _count: { _all: true } });
      const byStatus = Object.fromEntries(offers.map((o) => [o.status, o._count._all]));
      for (const k of ["ACCEPTED", "DECLINED", "TIMED_OUT", "WITHDRAWN"]) expect(byStatus[k] ?? 0, k).toBeGreaterThan(0);
      expect(statusChanges).toBeGreaterThan(0);
      // Not-ready agents: in every sample and now, none had an offer ringing (going not-ready
      // withdraws them in the same commit; a round after it must not make new ones).
      const presence = await db.agentPresence.findMany({ where: { orgId }, select: { membershipId: true, status: true } });
      const notRoutable = presence.filter((p) => !ROUTABLE.includes(p.status)).map((p) => p.membershipId);
      expect(await db.queueOffer.count({ where: { orgId, status: "PENDING", membershipId: { in: notRoutable } } })).toBe(0);

      // The counts add up: every arrival is waiting, offered, assigned or abandoned, and nothing else exists.
      const entries = await db.queueEntry.findMany({
        where: { orgId },
        select: { id: true, status: true, session: { select: { id: true } }, offers: { select: { status: true } } },
      });
      expect(new Set(entries.map((e) => e.id))).toEqual(new Set(arrivals));
      const count = (st: string) => entries.filter((e) => e.status === st).length;
      expect(count("WAITING") + count("OFFERED") + count("ASSIGNED") + count("ABANDONED")).toBe(arrivals.length);
      expect(count("ASSIGNED")).toBeGreaterThan(0);
      expect(count("ABANDONED")).toBeGreaterThan(0);
      for (const e of entries) {
        const pending = e.offers.filter((o) => o.status === "PENDING").length;
        const accepted = e.offers.filter((o) => o.status === "ACCEPTED").length;
        if (e.status === "ASSIGNED") expect([accepted, e.session ? 1 : 0], e.id).toEqual([1, 1]);
        else expect([accepted, e.session, e.status === "OFFERED" ? pending > 0 : pending === 0], e.id).toEqual([0, null, true]);
      }
      // Whoever still waits, waits because no agent is free or the org's seats are all held.
      const [held] = await db.$queryRaw<{ n: number }[]>`SELECT ${ORG_SEATS_HELD(orgId)}::int AS n`;
      if (count("WAITING") > 0 && held!.n + 2 <= ORG_SEATS) {
        const free = await db.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM "AgentPresence" p WHERE p."orgId" = ${orgId} AND p.status = ANY(${ROUTABLE}) AND p.capacity > (
            (SELECT count(*) FROM "QueueOffer" o WHERE o."orgId" = p."orgId" AND o."membershipId" = p."membershipId" AND o.status = 'PENDING')
            + (SELECT count(*) FROM "Participant" pt JOIN "Session" s ON s.id = pt."sessionId"
               WHERE pt."orgId" = p."orgId" AND pt."membershipId" = p."membershipId" AND pt.role = 'AGENT' AND pt."leftAt" IS NULL AND s.status = 'ACTIVE'))`;
        expect(free[0]!.n).toBe(0);
      }
      console.log(
        `routing soak: ${SECONDS} s, ${arrivals.length} arrivals, ${samples} samples, offers ${JSON.stringify(byStatus)}, races answered ${JSON.stringify(Object.fromEntries(expected))}`,
      );
    },
    SECONDS * 1000 + 30_000,
  );
});

// Routing at call-centre scale, as production runs it: arrivals through `enqueueVisitor`, dispatch
// rounds started by the arrivals themselves (ROUTING_DISPATCH=inline, coalesced per org), offers
// published to a real relay. "Offered" is the moment the relay receives the offer for the agent
// (committed and published), timed from the start of the arrival's call.
//
// (a) Burst: BENCH_ARRIVALS (1,000) visitors arrive at once for BENCH_AGENTS (50) agents. Targets:
//     all offered within 1.5 s of the last arrival, 0 agents above capacity, 0 entries offered twice
//     (both from the rows). Baseline: plain inserts of the same entries and offers.
// (b) Steady: BENCH_RATE_ARRIVALS (100) arrivals/s for BENCH_STEADY_SECONDS (30); agents accept each
//     offer through `acceptOffer` in a second process (bench/routing-agents.ts: their requests land
//     on another web worker; arrivals and rounds run in this one), with enough agents of capacity 20 for every session (at least
//     BENCH_AGENTS). BENCH_SESSION_SECONDS > 0: each agent leaves its session (`leaveSession`) that
//     long after accepting, freeing capacity. Target: arrival-to-offer p99 < 100 ms. Baseline: the
//     same arrivals as a plain insert of the entry and then of an offer, at the same rate. First
//     BENCH_WARM_SECONDS (3) of arrivals at the same rate, offered and accepted but not counted: the
//     agents' process is forked for (b), and its first accepts open its pool and compile its code.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { POSTGRES_LOG_SETTINGS, postgresLogLine, throwawayDatabase } from "./lib";
import { lagBySecond, watchLoopLag } from "./loop-lag";
import { percentile, sleep } from "./relay-lib";

const ARRIVALS = Number(process.env.BENCH_ARRIVALS ?? 1000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 50);
const RATE = Number(process.env.BENCH_RATE_ARRIVALS ?? 100);
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 30);
/** Arrivals at the steady rate before the measured ones (not counted): the agents' process is started for (b), cold. */
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 3);
const BURST_CAPACITY = Math.min(20, Math.ceil(ARRIVALS / AGENTS));
const SESSION_MS = Number(process.env.BENCH_SESSION_SECONDS ?? 0) * 1000;

// PostgreSQL's log (slow statements, checkpoints, autovacuum, lock waits) is printed during the
// steady phase's measured arrivals, with its time, to lay beside its slow seconds.
let logPostgres = false;
const database = await throwawayDatabase({
  settings: POSTGRES_LOG_SETTINGS,
  onLog: (line) => {
    const shown = logPostgres ? postgresLogLine(line) : null;
    if (shown) console.log(shown);
  },
});
process.env.DATABASE_URL = database.url;
// Each process's event-loop lag per second (bench/loop-lag.ts), laid beside the slow offers of that second.
const LAG_FILE = path.join(mkdtempSync(path.join(os.tmpdir(), "isession-routing-lag-")), "lag.txt");
watchLoopLag("arrivals", LAG_FILE);
process.env.NEXTAUTH_SECRET ??= "bench-only-secret-0123456789abcdef0123";
process.env.PUSHER_SECRET ??= "bench-only-secret-0123";

// The relay is real; its cluster seam tells us when each offer reached it.
const { startRelay } = await import("../relay/server");
const { LocalAdapter } = await import("../relay/adapters/local");
const { EVENTS } = await import("../lib/realtime-events");
type Offer = { offerId: string; queueEntryId: string; membershipId: string; at: number };
let onOffer: (o: Offer) => void = () => {};
class Watching extends LocalAdapter {
  override async publish(...args: unknown[]): Promise<void> {
    const [, channel, payload] = args as [string, string, string];
    if (!payload.includes(EVENTS.offerCreated)) return;
    const msg = JSON.parse(payload) as { event: string; data: string };
    if (msg.event !== EVENTS.offerCreated) return;
    const data = JSON.parse(msg.data) as { offerId: string; queueEntryId: string };
    onOffer({ ...data, membershipId: channel.replace("private-member-", ""), at: performance.now() });
  }
}
const relay = await startRelay({
  host: "127.0.0.1",
  port: 0,
  apps: [{ id: "isession", key: "isession-key", secret: process.env.PUSHER_SECRET }],
  adapter: new Watching(),
  log: () => {},
});
process.env.RELAY_PORT = String(relay.port);

const { db, disconnectDb } = await import("../server/db");
// The bench's own checks run on a connection of their own (not the arrivals' pool), unnamed (planned
// each call with the statistics of the moment, where Prisma's named statement could settle on a
// generic plan) and with nested loops off. Sampled every 500 ms while the tables grow from empty,
// the capacity check grew in 2 of 8 runs to 0.9 s a call, a PostgreSQL core taken from what the
// bench measures; hashed joins keep it linear in the rows whatever the estimates say.
const checker = new pg.Client({ connectionString: database.url });
await checker.connect();
await checker.query("SET enable_nestloop = off");
const { createOrganization } = await import("../server/orgs/create-org");
const { enqueueVisitor } = await import("../server/queue/enqueue");
const { setAgentStatus } = await import("../server/agents/set-status");
const { drainCoalesced } = await import("../server/routing/coalesce");
const { stopJobSender } = await import("../server/jobs/boss");

async function orgWithAgents(name: string, capacity: number, count = AGENTS) {
  const owner = await db.user.create({ data: { email: `owner-${name}@bench.test` } });
  const { org, launcher } = await createOrganization(db, { name, ownerUserId: owner.id });
  const agents: { membershipId: string; userId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const u = await db.user.create({ data: { email: `a${i}-${name}@bench.test` } });
    const m = await db.membership.create({ data: { orgId: org.id, userId: u.id, role: "AGENT", presence: { create: { orgId: org.id } } } });
    await setAgentStatus({ orgId: org.id, membershipId: m.id, status: "available", capacity });
    agents.push({ membershipId: m.id, userId: u.id });
  }
  return { org, launcher, agents };
}

const visitorsFor = (orgId: string, n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) => db.visitor.create({ data: { orgId, cookieId: randomBytes(12).toString("hex"), name: `V${i}` } })),
  );

/** From the rows: agents whose live sessions plus unanswered offers exceed their capacity. */
async function agentsAboveCapacity(orgId: string): Promise<number> {
  // Each count is one grouped pass (MATERIALIZED), not a subquery per agent: the steady phase samples
  // this every 500 ms, and per agent it grew to 100-290 ms a call over 3,300 sessions, a third of a
  // core taken from what it measures (docs/routing.md, "A round in three round trips").
  const {
    rows: [row],
  } = await checker.query<{ n: number }>(
    `
    WITH offered AS MATERIALIZED (
      SELECT o."membershipId", count(*) AS n FROM "QueueOffer" o
      WHERE o."orgId" = $1 AND o.status = 'PENDING' GROUP BY o."membershipId"
    ), seated AS MATERIALIZED (
      SELECT pt."membershipId", count(*) AS n FROM "Participant" pt JOIN "Session" s ON s.id = pt."sessionId"
      WHERE pt."orgId" = $1 AND pt.role = 'AGENT' AND pt."leftAt" IS NULL AND s.status = 'ACTIVE' GROUP BY pt."membershipId"
    )
    SELECT count(*)::int AS n FROM "AgentPresence" p
    LEFT JOIN offered ON offered."membershipId" = p."membershipId"
    LEFT JOIN seated ON seated."membershipId" = p."membershipId"
    WHERE p."orgId" = $1 AND p.capacity < coalesce(offered.n, 0) + coalesce(seated.n, 0)`,
    [orgId],
  );
  return row!.n;
}

/** From the rows: entries offered to more than one agent at a time, or accepted or seated twice. */
async function entriesOfferedTwice(orgId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "QueueEntry" e WHERE e."orgId" = ${orgId} AND (
      (SELECT count(*) FROM "QueueOffer" o WHERE o."orgId" = e."orgId" AND o."queueEntryId" = e.id AND o.status IN ('PENDING', 'ACCEPTED')) > 1
      OR (SELECT count(*) FROM "Session" s WHERE s."queueEntryId" = e.id) > 1)`;
  return row!.n;
}

const pass = (ok: boolean) => (ok ? "PASS" : "FAIL");
const ratio = (x: number, base: number) => `${(x / base).toFixed(2)}x`;

// ---------------------------------------------------------------- (a) burst
{
  const { org, launcher, agents } = await orgWithAgents("Burst Co", BURST_CAPACITY);
  const visitors = await visitorsFor(org.id, ARRIVALS);

  // Baseline: the same rows, written without any routing.
  const t0 = performance.now();
  const entries = await db.queueEntry.createManyAndReturn({
    data: visitors.map((v) => ({ orgId: org.id, launcherId: launcher.id, scenarioId: launcher.scenarioId, visitorId: v.id })),
    select: { id: true },
  });
  await db.queueOffer.createMany({
    data: entries.map((e, i) => ({
      orgId: org.id,
      queueEntryId: e.id,
      membershipId: agents[i % agents.length]!.membershipId,
      expiresAt: new Date(Date.now() + 20_000),
    })),
  });
  const baselineMs = performance.now() - t0;
  await db.queueOffer.deleteMany({ where: { orgId: org.id } });
  await db.queueEntry.deleteMany({ where: { orgId: org.id } });

  const offeredAt = new Map<string, number>();
  let allOffered: () => void = () => {};
  const done = new Promise<void>((r) => (allOffered = r));
  onOffer = (o) => {
    offeredAt.set(o.queueEntryId, o.at);
    if (offeredAt.size === ARRIVALS) allOffered();
  };
  const start = performance.now();
  const arrived = await Promise.all(
    visitors.map(async (v, i) => {
      const at = performance.now();
      const e = await enqueueVisitor({
        orgId: org.id,
        launcherId: launcher.id,
        scenarioId: launcher.scenarioId,
        visitorId: v.id,
        question: `q${i}`,
        referrerUrl: null,
      });
      return { id: e.id, at, inserted: performance.now() };
    }),
  );
  const lastArrival = Math.max(...arrived.map((a) => a.inserted));
  await Promise.race([done, sleep(30_000)]);
  await drainCoalesced();
  const lastOffer = Math.max(...offeredAt.values());
  const latency = arrived.flatMap((a) => (offeredAt.has(a.id) ? [offeredAt.get(a.id)! - a.at] : [])).sort((x, y) => x - y);
  const [rounds] = await db.$queryRaw<
    { n: number }[]
  >`SELECT count(DISTINCT "offeredAt")::int AS n FROM "QueueOffer" WHERE "orgId" = ${org.id}`;
  const waiting = await db.queueEntry.count({ where: { orgId: org.id, status: "WAITING" } });
  const above = await agentsAboveCapacity(org.id);
  const twice = await entriesOfferedTwice(org.id);
  const afterLast = lastOffer - lastArrival;

  console.log(`(a) burst: ${ARRIVALS} arrivals at once, ${AGENTS} agents x capacity ${BURST_CAPACITY}`);
  console.log(`  baseline: plain inserts of ${ARRIVALS} entries + offers          ${baselineMs.toFixed(0).padStart(6)} ms   1.00x`);
  console.log(
    `  arrivals (enqueueVisitor x ${ARRIVALS}, concurrent)              ${(lastArrival - start).toFixed(0).padStart(6)} ms   ${ratio(lastArrival - start, baselineMs)}`,
  );
  console.log(
    `  first arrival -> last offer published (${rounds!.n} rounds)       ${(lastOffer - start).toFixed(0).padStart(6)} ms   ${ratio(lastOffer - start, baselineMs)}`,
  );
  console.log(
    `  offers per second: ${(offeredAt.size / ((lastOffer - start) / 1000)).toFixed(0)}   (${offeredAt.size} offered, ${waiting} still waiting)`,
  );
  console.log(
    `  arrival -> offer: p50 ${percentile(latency, 50).toFixed(0)} ms, p99 ${percentile(latency, 99).toFixed(0)} ms, max ${latency.at(-1)?.toFixed(0)} ms`,
  );
  console.log(
    `  all offered within 1.5 s of the last arrival: ${afterLast.toFixed(0)} ms after it   ${pass(offeredAt.size === ARRIVALS && afterLast <= 1500)}`,
  );
  console.log(`  agents above capacity (rows): ${above}   ${pass(above === 0)}`);
  console.log(`  entries offered twice (rows): ${twice}   ${pass(twice === 0)}`);
}

// ---------------------------------------------------------------- (b) steady
{
  const total = RATE * STEADY_SECONDS;
  const warm = RATE * WARM_SECONDS;
  const steadyAgents = SESSION_MS > 0 ? AGENTS : Math.max(AGENTS, Math.ceil((total + warm) / 20));
  const { org, launcher, agents } = await orgWithAgents("Steady Co", 20, steadyAgents);
  const visitors = await visitorsFor(org.id, total * 2 + warm);
  const userOf = new Map(agents.map((a) => [a.membershipId, a.userId]));

  /** Calls `arrive(i)` RATE times a second on a fixed schedule (not after the previous one), `n` times. */
  async function atRate(arrive: (i: number) => Promise<void>, n = total) {
    const begin = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      const due = begin + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      inFlight.push(arrive(i));
    }
    await Promise.all(inFlight);
  }

  // Baseline: the entry and then its offer, plain inserts, same rate.
  const baseline: number[] = [];
  await atRate(async (i) => {
    const at = performance.now();
    const e = await db.queueEntry.create({
      data: {
        orgId: org.id,
        launcherId: launcher.id,
        scenarioId: launcher.scenarioId,
        visitorId: visitors[total + i]!.id,
        status: "OFFERED",
      },
      select: { id: true },
    });
    await db.queueOffer.create({
      data: {
        orgId: org.id,
        queueEntryId: e.id,
        membershipId: agents[i % agents.length]!.membershipId,
        expiresAt: new Date(Date.now() + 20_000),
        status: "ACCEPTED",
      },
    });
    baseline.push(performance.now() - at);
  });
  await db.queueOffer.deleteMany({ where: { orgId: org.id } });
  await db.queueEntry.deleteMany({ where: { orgId: org.id } });

  const offeredAt = new Map<string, number>();
  const failures = new Map<string, number>();
  const fail = (what: string) => (e: unknown) =>
    failures.set(`${what}: ${(e as Error).message}`, (failures.get(`${what}: ${(e as Error).message}`) ?? 0) + 1);
  const agentProcess = fork(new URL("./routing-agents.ts", import.meta.url).pathname, {
    execArgv: [
      ...(process.env.BENCH_AGENTS_PROFILE ? ["--cpu-prof", "--cpu-prof-dir=/tmp/agprof"] : []),
      "--import",
      "tsx",
      "--import",
      "./bench/loop-lag.ts",
    ],
    env: { ...process.env, BENCH_LAG_FILE: LAG_FILE, BENCH_LAG_NAME: "agents" },
  });
  await new Promise((r) => agentProcess.once("message", r));
  const accepted = new Promise<{ cpuMsPerAccept: number; p50: number; p99: number; accepted: number; failures: [string, number][] }>((r) =>
    agentProcess.on("message", r),
  );
  onOffer = (o) => {
    offeredAt.set(o.queueEntryId, o.at);
    agentProcess.send({ orgId: org.id, offerId: o.offerId, membershipId: o.membershipId, userId: userOf.get(o.membershipId)! });
  };
  const arrived: { id: string; at: number }[] = [];
  let aboveDuring = 0;
  const sampler = setInterval(() => {
    agentsAboveCapacity(org.id).then((n) => (aboveDuring = Math.max(aboveDuring, n)), fail("sample"));
  }, 500);
  // Warm-up: the same arrivals at the same rate, offered and accepted, not counted.
  await atRate(async (i) => {
    await enqueueVisitor({
      orgId: org.id,
      launcherId: launcher.id,
      scenarioId: launcher.scenarioId,
      visitorId: visitors[total * 2 + i]!.id,
      question: `warm${i}`,
      referrerUrl: null,
    });
  }, warm);
  for (let waited = 0; offeredAt.size < warm && waited < 10_000; waited += 100) await sleep(100);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const epoch0 = Date.now();
  const clock0 = Date.now();
  console.log(`  (steady phase's measured arrivals from ${new Date(epoch0).toISOString().slice(11, 23)} UTC)`);
  logPostgres = true;
  await atRate(async (i) => {
    const at = performance.now();
    const e = await enqueueVisitor({
      orgId: org.id,
      launcherId: launcher.id,
      scenarioId: launcher.scenarioId,
      visitorId: visitors[i]!.id,
      question: `q${i}`,
      referrerUrl: null,
    });
    arrived.push({ id: e.id, at });
  });
  logPostgres = false;
  const cpu = process.cpuUsage(cpu0);
  const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - wall0);
  for (let waited = 0; offeredAt.size < total + warm && waited < 10_000; waited += 100) await sleep(100);
  await drainCoalesced();
  clearInterval(sampler);
  agentProcess.send("stop");
  const acceptStats = await accepted;
  for (const [k, n] of acceptStats.failures) failures.set(`accept/leave: ${k}`, n);
  await drainCoalesced();
  const latency = arrived.flatMap((a) => (offeredAt.has(a.id) ? [offeredAt.get(a.id)! - a.at] : [])).sort((x, y) => x - y);
  baseline.sort((x, y) => x - y);
  const above = await agentsAboveCapacity(org.id);
  const twice = await entriesOfferedTwice(org.id);
  const sessions = await db.session.count({ where: { orgId: org.id } });
  const offeredMeasured = arrived.filter((a) => offeredAt.has(a.id)).length;
  const [b50, b99, l50, l99] = [percentile(baseline, 50), percentile(baseline, 99), percentile(latency, 50), percentile(latency, 99)];

  console.log(
    `(b) steady: ${RATE} arrivals/s for ${STEADY_SECONDS} s after ${WARM_SECONDS} s not counted, ${agents.length} agents x capacity 20 accepting, ${SESSION_MS ? `sessions of ${SESSION_MS / 1000} s` : "sessions kept"}`,
  );
  console.log(
    `  baseline: plain insert of entry + offer     p50 ${b50.toFixed(1).padStart(6)} ms   p99 ${b99.toFixed(1).padStart(6)} ms   1.00x`,
  );
  console.log(
    `  arrival -> offer published                  p50 ${l50.toFixed(1).padStart(6)} ms   p99 ${l99.toFixed(1).padStart(6)} ms   ${ratio(l50, b50)} / ${ratio(l99, b99)}`,
  );
  console.log(
    `  accept (acceptOffer, agents' process)      p50 ${acceptStats.p50.toFixed(1).padStart(6)} ms   p99 ${acceptStats.p99.toFixed(1).padStart(6)} ms   (${acceptStats.accepted} accepted, ${acceptStats.cpuMsPerAccept.toFixed(1)} ms CPU each, the process's whole life)`,
  );
  console.log(`  this process (arrivals, rounds, relay) used ${(cpuShare * 100).toFixed(0)}% of a core while arrivals ran`);
  console.log(
    `  offered ${offeredMeasured}/${total} (and ${offeredAt.size - offeredMeasured} warm-up), sessions ${sessions}, errors ${[...failures].map(([k, n]) => `${n}x ${k}`).join("; ") || "none"}`,
  );
  // Per second of arrivals: how many waited over 100 ms for their offer and the worst, so a tail made
  // by one stall (a cold process, autovacuum, a checkpoint) shows as one bad second and queueing as many.
  const bySecond = Array.from({ length: STEADY_SECONDS }, (_, k) => {
    const inSecond = arrived.filter((a) => a.at - wall0 >= k * 1000 && a.at - wall0 < (k + 1) * 1000 && offeredAt.has(a.id));
    const ms = inSecond.map((a) => offeredAt.get(a.id)! - a.at);
    return { slow: ms.filter((x) => x > 100).length, max: ms.length ? Math.max(...ms) : 0 };
  });
  console.log(`  offers over 100 ms by second of arrival: ${bySecond.map((b) => b.slow).join(" ")}`);
  console.log(`  worst by second (ms): ${bySecond.map((b) => b.max.toFixed(0)).join(" ")}`);
  // Each process's worst event-loop lag and longest collection in the same seconds (bench/loop-lag.ts):
  // this one (arrivals, rounds, the relay) and the agents'.
  for (const p of lagBySecond(LAG_FILE, epoch0, bySecond.length))
    console.log(`  event-loop lag, ${p.name}, worst by second (ms): ${p.worst}`);
  // Suspects for a stalled second: autovacuum and autoanalyze of the tables this phase writes.
  const maintenance = await db.$queryRawUnsafe<{ relname: string; what: string; at: Date }[]>(
    `SELECT relname, 'autovacuum' AS what, last_autovacuum AS at FROM pg_stat_user_tables WHERE last_autovacuum >= $1
     UNION ALL SELECT relname, 'autoanalyze', last_autoanalyze FROM pg_stat_user_tables WHERE last_autoanalyze >= $1 ORDER BY 3`,
    new Date(clock0),
  );
  console.log(
    `  autovacuum / autoanalyze during the phase (second: table): ${maintenance.map((m) => `${Math.floor((m.at.getTime() - clock0) / 1000)}: ${m.what} ${m.relname}`).join(", ") || "none"}`,
  );
  console.log(`  arrival -> offer p99 < 100 ms: ${pass(offeredMeasured === total && l99 < 100)}`);
  console.log(
    `  agents above capacity (rows, sampled every 500 ms and at the end): ${Math.max(aboveDuring, above)}   ${pass(aboveDuring === 0 && above === 0)}`,
  );
  console.log(`  entries offered twice (rows): ${twice}   ${pass(twice === 0)}`);
}

await drainCoalesced();
await stopJobSender();
await checker.end();
await disconnectDb();
await relay.close();
await database.close();

// Routing under a burst: 1,000 visitors arrive at once for 50 agents (capacity 20 each, so every
// arrival can be offered). Dispatch runs as the worker runs it (rounds of the real `dispatch`).
// Measures offers per second and arrival-to-offer latency (p50/p99). Baseline, in the same run:
// writing the same 1,000 entries and 1,000 offers with plain inserts, no routing decisions.
import { randomBytes } from "node:crypto";
import { throwawayDatabase } from "./lib";

const ARRIVALS = Number(process.env.BENCH_ARRIVALS ?? 1000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 50);
const CAPACITY = Math.ceil(ARRIVALS / AGENTS);

const database = await throwawayDatabase();
process.env.DATABASE_URL = database.url;
process.env.NEXTAUTH_SECRET ??= "bench-only-secret-0123456789abcdef0123";
process.env.PUSHER_SECRET ??= "bench-only-secret-0123";
// Publishing goes to a real relay, as in production.
const { startRelay } = await import("../relay/server");
const relay = await startRelay({ host: "127.0.0.1", port: 0, apps: [{ id: "isession", key: "isession-key", secret: process.env.PUSHER_SECRET }], log: () => {} });
process.env.RELAY_PORT = String(relay.port);

const { db, disconnectDb } = await import("../server/db");
const { createOrganization } = await import("../server/orgs/create-org");
const { enqueueVisitor } = await import("../server/queue/enqueue");
const { dispatch } = await import("../server/routing/dispatch");
const { setAgentStatus } = await import("../server/agents/set-status");
const { stopJobSender } = await import("../server/jobs/boss");

const owner = await db.user.create({ data: { email: "owner@bench.test" } });
const { org, launcher } = await createOrganization(db, { name: "Bench Co", ownerUserId: owner.id });
for (let i = 0; i < AGENTS; i++) {
  const u = await db.user.create({ data: { email: `a${i}@bench.test` } });
  const m = await db.membership.create({ data: { orgId: org.id, userId: u.id, role: "AGENT", presence: { create: { orgId: org.id } } } });
  await setAgentStatus({ orgId: org.id, membershipId: m.id, status: "available", capacity: CAPACITY });
}
const visitors = await Promise.all(
  Array.from({ length: ARRIVALS }, (_, i) => db.visitor.create({ data: { orgId: org.id, cookieId: randomBytes(12).toString("hex"), name: `V${i}` } })),
);

const pct = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

// Baseline: the same rows, written without any routing.
const agentIds = (await db.agentPresence.findMany({ where: { orgId: org.id }, select: { membershipId: true } })).map((a) => a.membershipId);
const t0 = performance.now();
const entries = await db.queueEntry.createManyAndReturn({
  data: visitors.map((v) => ({ orgId: org.id, launcherId: launcher.id, scenarioId: launcher.scenarioId, visitorId: v.id })),
  select: { id: true },
});
await db.queueOffer.createMany({
  data: entries.map((e, i) => ({ orgId: org.id, queueEntryId: e.id, membershipId: agentIds[i % agentIds.length]!, expiresAt: new Date(Date.now() + 20_000) })),
});
const baselineMs = performance.now() - t0;
await db.queueOffer.deleteMany({ where: { orgId: org.id } });
await db.queueEntry.deleteMany({ where: { orgId: org.id } });

// Measured: 1,000 concurrent arrivals through enqueueVisitor, then dispatch rounds until all are offered.
const start = performance.now();
await Promise.all(
  visitors.map((v, i) => enqueueVisitor({ orgId: org.id, launcherId: launcher.id, scenarioId: launcher.scenarioId, visitorId: v.id, question: `q${i}`, referrerUrl: null })),
);
const arrivedMs = performance.now() - start;
let rounds = 0;
while ((await db.queueEntry.count({ where: { orgId: org.id, status: "WAITING" } })) > 0 && rounds < 50) {
  await dispatch(org.id);
  rounds++;
}
const totalMs = performance.now() - start;
const offers = await db.queueOffer.findMany({ where: { orgId: org.id }, select: { offeredAt: true, queueEntry: { select: { enqueuedAt: true } } } });
const latency = offers.map((o) => o.offeredAt.getTime() - o.queueEntry.enqueuedAt.getTime());
const overCapacity = await db.$queryRaw<{ n: bigint }[]>`
  SELECT count(*) AS n FROM (SELECT "membershipId" FROM "QueueOffer" WHERE "orgId" = ${org.id} AND status = 'PENDING' GROUP BY "membershipId" HAVING count(*) > ${CAPACITY}) x`;

console.log(`routing burst: ${ARRIVALS} arrivals, ${AGENTS} agents x capacity ${CAPACITY}`);
console.log(`  baseline: plain inserts of ${ARRIVALS} entries + offers   ${baselineMs.toFixed(0).padStart(6)} ms   1.00x`);
console.log(`  arrivals (enqueueVisitor x ${ARRIVALS}, concurrent)      ${arrivedMs.toFixed(0).padStart(6)} ms   ${(arrivedMs / baselineMs).toFixed(2)}x`);
console.log(`  arrivals + routing until all offered (${rounds} rounds)  ${totalMs.toFixed(0).padStart(6)} ms   ${(totalMs / baselineMs).toFixed(2)}x`);
console.log(`  offers per second: ${(offers.length / (totalMs / 1000)).toFixed(0)}   (${offers.length} offers)`);
console.log(`  arrival -> offer: p50 ${pct(latency, 50)} ms, p99 ${pct(latency, 99)} ms, max ${Math.max(...latency)} ms`);
console.log(`  agents above capacity: ${Number(overCapacity[0]?.n ?? 0)}`);

await stopJobSender();
await disconnectDb();
await relay.close();
await database.close();

// Outgoing webhooks: BENCH_EVENTS (10,000) `session.ended` events for one endpoint through the real
// path (queueWebhookEvent: the delivery row and its pg-boss job in one transaction; the worker's
// `webhook.deliver` loops; attemptDelivery: signed POST, row updated) to a receiver on 127.0.0.1 in
// this process, against a baseline of plain HTTP POSTs of the same bodies to the same receiver with
// the same number in flight, in the same run. Prints deliveries/s, event-to-delivery p50/p99 and the
// ratios to the baseline, and the machine's load average (the figures move with it).
// BENCH_WEBHOOKS_PHASE=drain queues the events first and times the worker alone (see below).
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { throwawayDatabase } from "./lib";

const N = Number(process.env.BENCH_EVENTS ?? 10_000);
/** Emitters in flight (web requests ending sessions at once). */
const EMITTERS = Number(process.env.BENCH_EMITTERS ?? 8);
/** Baseline POSTs in flight (the worker can have up to two batches of 100 out at once; 50 is a plain client's share). */
const IN_FLIGHT = 50;

const database = await throwawayDatabase();
process.env.DATABASE_URL = database.url;
process.env.NEXTAUTH_SECRET ??= "bench-only-secret-0123456789abcdef0123";
process.env.PUSHER_SECRET ??= "bench-only-secret-0123";
process.env.NEXTAUTH_URL ??= "http://localhost:3000";
process.env.WEBHOOK_ALLOW_PRIVATE_HOSTS = "127.0.0.1";

const { db, disconnectDb } = await import("../server/db");
const { createOrganization } = await import("../server/orgs/create-org");
const { jobSender, startWorkerBoss, stopJobSender } = await import("../server/jobs/boss");
const { queueWebhookEvent, envelope } = await import("../server/webhooks/emit");
const { workWebhookDeliveries } = await import("../server/webhooks/work");
const { newWebhookSecret, signatureHeader } = await import("../server/webhooks/signature");

const load = os
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(" ");

// The receiver: notes when each event id arrived.
const arrived = new Map<string, number>();
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const at = performance.now();
    const body = Buffer.concat(chunks).toString("utf8");
    const id = /"id":"([^"]+)"/.exec(body)?.[1];
    if (id && !arrived.has(id)) arrived.set(id, at);
    res.writeHead(200).end();
  });
});
receiver.keepAliveTimeout = 30_000;
await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const owner = await db.user.create({ data: { email: "owner@bench.test" } });
const { org } = await createOrganization(db, { name: "Bench Co", ownerUserId: owner.id });
const secret = newWebhookSecret();
await db.webhookEndpoint.create({ data: { orgId: org.id, url, events: ["session.ended"], secret } });

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const data = (i: number) => ({
  sessionId: `bench-session-${i}`,
  endedAt: new Date().toISOString(),
  endReason: "agent ended",
  transcriptUrl: `http://localhost:3000/manager/sessions/bench-session-${i}/transcript?org=${org.id}`,
});

// ── Baseline: plain signed POSTs of the same bodies, IN_FLIGHT at a time, keep-alive ────────────
const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
const bodies = Array.from({ length: N }, (_, i) => JSON.stringify(envelope("session.ended", org.id, data(i), new Date())));
const post = (body: string) =>
  new Promise<void>((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", "iSession-Signature": signatureHeader(secret, body) } },
      (res) => {
        res.resume();
        res.on("end", resolve);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
const baseLatency: number[] = [];
let next = 0;
const b0 = performance.now();
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    while (next < N) {
      const body = bodies[next++]!;
      const t = performance.now();
      await post(body);
      baseLatency.push(performance.now() - t);
    }
  }),
);
const baseSecs = (performance.now() - b0) / 1000;
agent.destroy();
arrived.clear();

// ── The real path ─────────────────────────────────────────────────────────────────────────────
// "live" (default): emit N events (EMITTERS at a time) while the worker's loops deliver; the rate is
// then bounded by whichever of emitting and delivering is slower. "drain": the N events are queued
// first (the same rows and jobs queueWebhookEvent writes, in transactions of 500), then the worker
// starts: the delivery side alone, a backlog after an outage.
const PHASE = process.env.BENCH_WEBHOOKS_PHASE === "drain" ? "drain" : "live";
await jobSender();
const emittedAt = new Map<string, number>();
let emitted = 0;
let worker: Awaited<ReturnType<typeof startWorkerBoss>>;
let t0: number;
let emitSecs = 0;
if (PHASE === "drain") {
  for (let start = 0; start < N; start += 500) {
    await db.$transaction(
      async (tx) => {
        for (let i = start; i < Math.min(N, start + 500); i++) {
          const out = await queueWebhookEvent(tx, org.id, "session.ended", data(i));
          emittedAt.set(out!.eventId, 0);
        }
      },
      { timeout: 600_000 },
    );
  }
  worker = await startWorkerBoss();
  t0 = performance.now();
  for (const id of emittedAt.keys()) emittedAt.set(id, t0);
  await workWebhookDeliveries(worker);
} else {
  worker = await startWorkerBoss();
  await workWebhookDeliveries(worker);
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: EMITTERS }, async () => {
      while (emitted < N) {
        const i = emitted++;
        const t = performance.now();
        const out = await queueWebhookEvent(db, org.id, "session.ended", data(i));
        emittedAt.set(out!.eventId, t);
      }
    }),
  );
  emitSecs = (performance.now() - t0) / 1000;
}
const deadline = Date.now() + 10 * 60_000;
while (arrived.size < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
const lastArrival = Math.max(...arrived.values());
const secs = (lastArrival - t0) / 1000;
const latency = [...emittedAt].filter(([id]) => arrived.has(id)).map(([id, t]) => arrived.get(id)! - t);
// The rows are written after the receiver answered: wait for the last ones.
while ((await db.webhookDelivery.count({ where: { status: "PENDING" } })) > 0 && Date.now() < deadline)
  await new Promise((r) => setTimeout(r, 100));
const rows = await db.webhookDelivery.groupBy({ by: ["status"], _count: { _all: true } });

await worker.stop({ graceful: false, wait: true });
await stopJobSender();
await disconnectDb();
receiver.close();
await database.close();

const perSec = arrived.size / secs;
const basePerSec = N / baseSecs;
console.log(`load average (1/5/15 min) at start: ${load}; ${os.cpus().length} cores`);
console.log(
  `baseline: ${N} plain POSTs, ${IN_FLIGHT} in flight: ${basePerSec.toFixed(0)} req/s, p50 ${pct(baseLatency, 50).toFixed(1)} ms, p99 ${pct(baseLatency, 99).toFixed(1)} ms`,
);
if (PHASE === "live")
  console.log(
    `webhooks (live): ${N} events emitted in ${emitSecs.toFixed(1)} s (${(N / emitSecs).toFixed(0)}/s, ${EMITTERS} emitters); ${arrived.size} delivered in ${secs.toFixed(1)} s`,
  );
else
  console.log(
    `webhooks (drain): ${N} events queued before the worker started; ${arrived.size} delivered in ${secs.toFixed(1)} s after it started`,
  );
console.log(
  `webhooks (${PHASE}): ${perSec.toFixed(0)} deliveries/s, ${PHASE === "live" ? "event" : "worker start"}-to-delivery p50 ${pct(latency, 50).toFixed(0)} ms, p99 ${pct(latency, 99).toFixed(0)} ms`,
);
console.log(`rows: ${rows.map((r) => `${r.status} ${r._count._all}`).join(", ")}`);
console.log(
  `ratios: deliveries/s ÷ baseline req/s = ${(perSec / basePerSec).toFixed(3)}; p99 event-to-delivery ÷ baseline p99 = ${(pct(latency, 99) / pct(baseLatency, 99)).toFixed(1)}x`,
);
if (arrived.size < N) {
  console.log(`FAIL: only ${arrived.size} of ${N} delivered`);
  process.exit(1);
}
process.exit(0);

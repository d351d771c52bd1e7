// Minute metering for N active visitors (BENCH_PARTICIPANTS, default 5,000): the worker's tick
// (meterVisitorMinutes: one INSERT ... SELECT ... ON CONFLICT DO NOTHING per batch of 1,000
// participants, finding each one's last recorded minute) against a baseline of plain inserts of
// the same rows (Prisma createMany, and one raw INSERT ... SELECT), in the same run. Rounds: each tick one minute later, so every round
// writes one new record per participant into a growing table; then a tick with nothing to do.
import { throwawayDatabase } from "./lib";

const N = Number(process.env.BENCH_PARTICIPANTS ?? 5000);
const ROUNDS = Number(process.env.BENCH_REPS ?? 5);

const database = await throwawayDatabase();
process.env.DATABASE_URL = database.url;
process.env.NEXTAUTH_SECRET ??= "bench-only-secret-0123456789abcdef0123";
process.env.PUSHER_SECRET ??= "bench-only-secret-0123";

const { db, disconnectDb } = await import("../server/db");
const { createOrganization } = await import("../server/orgs/create-org");
const { meterVisitorMinutes, OPEN_MARGIN_MS } = await import("../server/billing/metering");

const owner = await db.user.create({ data: { email: "owner@bench.test" } });
const { org, launcher } = await createOrganization(db, { name: "Bench Co", ownerUserId: owner.id });
const joinedAt = new Date(Date.now() - 60 * 60 * 1000);
await db.$executeRaw`
  INSERT INTO "Session" (id, "orgId", "scenarioId", kind, status, "startedAt")
  SELECT 'bs' || g, ${org.id}, ${launcher.scenarioId}, 'ONE_ON_ONE', 'ACTIVE', ${joinedAt} FROM generate_series(1, ${N}) g`;
await db.$executeRaw`
  INSERT INTO "Participant" (id, "orgId", "sessionId", role, "displayName", "joinedAt")
  SELECT 'bp' || g, ${org.id}, 'bs' || g, 'VISITOR', 'Visitor', ${joinedAt} FROM generate_series(1, ${N}) g`;
await db.$executeRaw`ANALYZE`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const minuteAt = (k: number) => new Date(joinedAt.getTime() + k * 60_000);

// Baseline: the same number of rows per round, plain inserts (no conflict handling, no lookups),
// into a table that grows the same way; removed afterwards.
const baseline: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const rows = Array.from({ length: N }, (_, i) => ({
    id: `base-${r}-${i}`,
    orgId: org.id,
    kind: "VISITOR_MINUTE" as const,
    occurredAt: minuteAt(r),
    idempotencyKey: `base:${r}:${i}`,
    sessionId: `bs${i + 1}`,
    participantId: `bp${i + 1}`,
  }));
  const t0 = performance.now();
  await db.usageRecord.createMany({ data: rows });
  baseline.push(performance.now() - t0);
}
// A second baseline closer to the tick's own shape: one raw INSERT ... SELECT of the same rows.
const rawBaseline: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const t0 = performance.now();
  await db.$executeRaw`
    INSERT INTO "UsageRecord" (id, "orgId", kind, quantity, "occurredAt", "idempotencyKey", "sessionId", "participantId", "createdAt")
    SELECT 'raw-' || ${r} || '-' || g, ${org.id}, 'VISITOR_MINUTE', 1, ${minuteAt(r)}, 'base:raw:' || ${r} || ':' || g, 'bs' || g, 'bp' || g, now()
    FROM generate_series(1, ${N}) g`;
  rawBaseline.push(performance.now() - t0);
}
await db.usageRecord.deleteMany({ where: { idempotencyKey: { startsWith: "base:" } } });
await db.$executeRaw`VACUUM ANALYZE "UsageRecord"`;

// Measured: the metering tick, one minute later each round.
const ticks: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const t0 = performance.now();
  // Just past the margin after minute r began: minute r is due, minute r+1 not yet.
  const result = await meterVisitorMinutes(db, { now: new Date(minuteAt(r).getTime() + OPEN_MARGIN_MS + 1_000) });
  ticks.push(performance.now() - t0);
  if (result.inserted !== N) throw new Error(`round ${r}: inserted ${result.inserted}, expected ${N}`);
}
const idle: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const t0 = performance.now();
  const result = await meterVisitorMinutes(db, { now: new Date(minuteAt(ROUNDS - 1).getTime() + OPEN_MARGIN_MS + 10_000) });
  idle.push(performance.now() - t0);
  if (result.inserted !== 0) throw new Error("an up-to-date tick inserted records");
}
const total = await db.usageRecord.count({ where: { kind: "VISITOR_MINUTE" } });
if (total !== N * ROUNDS) throw new Error(`expected ${N * ROUNDS} records, found ${total}`);

const b = median(baseline);
const rb = median(rawBaseline);
const t = median(ticks);
const i = median(idle);
console.log(`participants: ${N}, rounds: ${ROUNDS} (median per round)`);
console.log(`baseline createMany of ${N} rows:     ${b.toFixed(1)} ms`);
console.log(`baseline raw INSERT ... SELECT:      ${rb.toFixed(1)} ms`);
console.log(`metering tick writing ${N} minutes:   ${t.toFixed(1)} ms  (${((N / t) * 1000).toFixed(0)} records/s)`);
console.log(`metering tick, nothing to write:     ${i.toFixed(1)} ms`);
console.log(`ratio tick / createMany baseline: ${(t / b).toFixed(2)}`);
console.log(`ratio tick / raw INSERT baseline: ${(t / rb).toFixed(2)}`);

await disconnectDb();
await database.close();

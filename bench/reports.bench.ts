// Reports on a large history (issue 15, "done when"): builds or reuses the 12-month History Co
// database for REPORTS_BENCH_SESSIONS (1,000,000) sessions, applies migrations, rebuilds the
// roll-ups, then times every case of every bench/reports/<area>.ts: the report's real query
// ("fast") and a naive scan of the base tables giving the same answer ("naive"), each several times
// in the same run. Prints p50/p95 per case, naive/fast, and PASS when p95 < 1 s and naive/fast >= 10.
//
// The history lives on REPORTS_BENCH_SERVER_URL (default postgresql://postgres@127.0.0.1:5432/postgres)
// in database isession_history_<sessions>, kept between runs (REPORTS_BENCH_RESEED=1 writes it again);
// REPORTS_BENCH_DATABASE_URL runs on a history database you made (e.g. a copy of isession_history_small);
// REPORTS_BENCH_ONLY=queue runs only bench/reports/queue.ts; REPORTS_BENCH_CASE=interval only the cases
// whose name contains it; REPORTS_BENCH_SKIP_REBUILD=1 times the roll-ups as they are.
import { readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../scripts/lib/migrations";
import { withDatabase } from "../scripts/lib/postgres";
import { seedHistory } from "../scripts/seed-history";
import type { ReportBenchCase, ReportBenchContext } from "./reports/case";

const SESSIONS = Number(process.env.REPORTS_BENCH_SESSIONS ?? 1_000_000);
const REPS = Number(process.env.REPORTS_BENCH_REPS ?? 10);
const NAIVE_REPS = Number(process.env.REPORTS_BENCH_NAIVE_REPS ?? 3);
const SERVER = process.env.REPORTS_BENCH_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const ONLY = process.env.REPORTS_BENCH_ONLY ?? process.argv[2];
const CASE = process.env.REPORTS_BENCH_CASE;
const COMPLETE = "isession history complete v1";
const log = (line: string) => console.log(`[reports-bench] ${line}`);

async function historyDatabase(): Promise<string> {
  const given = process.env.REPORTS_BENCH_DATABASE_URL;
  if (given) {
    log(`using ${new URL(given).pathname.slice(1)} as it is (REPORTS_BENCH_DATABASE_URL)`);
    await applyMigrations(given);
    return given;
  }
  const name = `isession_history_${SESSIONS}`;
  const url = withDatabase(SERVER, name);
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  try {
    const found = await admin.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    );
    if (found.rows[0]?.comment === COMPLETE && process.env.REPORTS_BENCH_RESEED !== "1") {
      log(`reusing ${name}`);
      await applyMigrations(url);
      return url;
    }
    if (found.rows[0]) await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await applyMigrations(url);
    const t0 = Date.now();
    const r = await seedHistory(url, { sessions: SESSIONS, log });
    log(
      `seeded ${r.sessions} sessions, ${r.events} events, ${r.queueEntries} queue entries in ${((Date.now() - t0) / 60_000).toFixed(1)} min`,
    );
    await admin.query(`COMMENT ON DATABASE "${name}" IS '${COMPLETE}'`);
    return url;
  } finally {
    await admin.end();
  }
}

/** JSON that also takes BigInt (counts from SQL), for comparing the two answers. */
const stringify = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;

async function time(fn: () => Promise<unknown>, reps: number): Promise<{ p50: number; p95: number; answer: unknown }> {
  let answer = await fn(); // warm-up: plans, caches
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    answer = await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: pct(ms, 0.5), p95: pct(ms, 0.95), answer };
}

async function main() {
  const url = await historyDatabase();
  process.env.DATABASE_URL = url;
  // Imported after DATABASE_URL is set: the app's db module reads it on first use.
  const { db, disconnectDb } = await import("../server/db");
  const { rebuildReports } = await import("../server/reports/refresh");
  const { lastDays, resolveRange } = await import("../server/reports/range");
  try {
    const org = await db.organization.findUniqueOrThrow({ where: { slug: "history" }, select: { id: true, timeZone: true } });
    if (process.env.REPORTS_BENCH_SKIP_REBUILD !== "1") {
      const t0 = Date.now();
      await rebuildReports({ orgId: org.id });
      log(`reports:rebuild of History Co: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      // Fresh statistics for the planner, as autovacuum would soon give them.
      await db.$executeRawUnsafe("ANALYZE");
    }
    // The history ends two hours ago; its ranges end yesterday so every day is whole.
    const yesterday = new Date(Date.now() - 86_400_000);
    const ctx: ReportBenchContext = {
      orgId: org.id,
      range: resolveRange(lastDays(30, org.timeZone, yesterday), org.timeZone),
      year: resolveRange(lastDays(365, org.timeZone, yesterday), org.timeZone),
    };
    const dir = path.join(import.meta.dirname, "reports");
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && f !== "case.ts" && (!ONLY || f.includes(ONLY)))
      .sort();
    const results: string[] = [];
    let failed = 0;
    for (const f of files) {
      const mod = (await import(path.join(dir, f))) as { cases?: ReportBenchCase[] };
      for (const c of (mod.cases ?? []).filter((x) => !CASE || x.name.includes(CASE))) {
        try {
          const fast = await time(() => c.fast(ctx), REPS);
          const naive = await time(() => c.naive(ctx), NAIVE_REPS);
          const ratio = naive.p50 / fast.p50;
          const pass = fast.p95 < 1000 && ratio >= 10;
          if (!pass) failed++;
          const same = stringify(fast.answer) === stringify(naive.answer) ? "yes" : "no";
          results.push(
            `${c.name.padEnd(48)} fast p50 ${fast.p50.toFixed(1).padStart(8)} ms  p95 ${fast.p95.toFixed(1).padStart(8)} ms | naive p50 ${naive.p50.toFixed(0).padStart(7)} ms  p95 ${naive.p95.toFixed(0).padStart(7)} ms | ${ratio.toFixed(1).padStart(6)}x | same answer ${same.padEnd(3)} | ${pass ? "PASS" : "FAIL"}`,
          );
          console.log(results[results.length - 1]);
        } catch (e) {
          failed++;
          results.push(`${c.name}: ERROR ${(e as Error).message}`);
          console.log(results[results.length - 1]);
        }
      }
    }
    console.log(
      `\n[reports-bench] ${SESSIONS.toLocaleString("en-US")} sessions; ${REPS} fast and ${NAIVE_REPS} naive runs per case; target p95 < 1000 ms and naive/fast >= 10x`,
    );
    for (const r of results) console.log(r);
    console.log(`[reports-bench] ${results.length - failed} PASS, ${failed} FAIL`);
  } finally {
    await disconnectDb();
  }
}

main().catch((e: unknown) => {
  console.error(`[reports-bench] ${(e as Error).stack ?? e}`);
  process.exit(1);
});

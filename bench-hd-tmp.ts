// Times hD's report cases on a history DB (DATABASE_URL): rebuild the roll-ups, then each case.
import { ROLLUPS } from "./server/reports/rollups";
import { lastDays, resolveRange } from "./server/reports/range";
import { cases as staffing } from "./bench/reports/staffing";
import { cases as attendance } from "./bench/reports/attendance";
import { db } from "./server/db";

const orgId = "chorg000history";
const tz = "America/New_York";
const t0 = Date.now();
const yearIn = lastDays(366, tz);
const year = resolveRange(yearIn, tz);
for (const r of ROLLUPS) {
  const t = Date.now();
  await r.rebuild(orgId, year.start, new Date(year.end.getTime() + 86_400_000));
  console.log(`rebuild ${r.name}: ${Date.now() - t} ms`);
}
console.log(`rebuilt in ${Date.now() - t0} ms`);
const ctx = { orgId, range: resolveRange(lastDays(30, tz), tz), year };
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
for (const c of [...staffing, ...attendance]) {
  const res: Record<string, number[]> = { fast: [], naive: [] };
  for (const kind of ["fast", "naive"] as const) {
    await c[kind](ctx);
    for (let i = 0; i < Number(process.env.REPS ?? 15); i++) {
      const t = performance.now();
      await c[kind](ctx);
      res[kind]!.push(performance.now() - t);
    }
  }
  const f50 = pct(res.fast!, 0.5), f95 = pct(res.fast!, 0.95), n50 = pct(res.naive!, 0.5), n95 = pct(res.naive!, 0.95);
  console.log(`${c.name}: fast p50 ${f50.toFixed(1)} p95 ${f95.toFixed(1)} ms; naive p50 ${n50.toFixed(1)} p95 ${n95.toFixed(1)} ms; ratio ${(n50 / f50).toFixed(1)}x`);
}
await db.$disconnect();

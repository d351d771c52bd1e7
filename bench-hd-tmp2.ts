import { readySecondsPerInterval, staffingReport } from "./server/reports/staffing/report";
import { demandFromRollup } from "./server/reports/staffing/rollup";
import { localParts } from "./server/reports/range";
import { db } from "./server/db";
const orgId = "chorg000history";
const from = new Date("2026-11-28T05:00:00Z"), to = new Date("2026-12-05T05:00:00Z");
const fns: [string, () => Promise<unknown>][] = [
  ["ready", () => readySecondsPerInterval(orgId, from, to)],
  ["demand", () => demandFromRollup(orgId, from, to)],
  ["org", () => db.organization.findUnique({ where: { id: orgId } })],
  ["localParts x672", async () => { for (let i = 0; i < 672; i++) localParts(new Date(from.getTime() + i * 900000), "America/New_York"); }],
  ["report", () => staffingReport(orgId, { from: "2026-11-28", to: "2026-12-04" })],
];
for (const [name, fn] of fns) {
  await fn();
  const t = performance.now();
  for (let i = 0; i < 20; i++) await fn();
  console.log(name, ((performance.now() - t) / 20).toFixed(1), "ms");
}
await db.$disconnect();

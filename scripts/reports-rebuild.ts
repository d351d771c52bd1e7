// Rebuild the report roll-ups from the base tables: `npm run reports:rebuild [-- --org ID]
// [--from 2026-01-01 --to 2026-02-01]` (UTC days; `--to` excluded). Without a range, each org's
// whole history. Only a full rebuild of every org moves the refresh watermark; it waits for any
// rebuild of the same org already running (one advisory lock per org). The worker's
// `reports.refresh` job keeps them fresh afterwards (docs/reports.md).
import { parseArgs } from "node:util";
import { disconnectDb } from "../server/db";
import { rebuildReports } from "../server/reports/refresh";

function day(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new Error(`${flag} takes a day like 2026-03-01`);
  return new Date(`${value}T00:00:00Z`);
}

async function main() {
  const { values } = parseArgs({ options: { org: { type: "string" }, from: { type: "string" }, to: { type: "string" } } });
  const from = day(values.from, "--from");
  const to = day(values.to, "--to");
  if ((from === undefined) !== (to === undefined)) throw new Error("Give both --from and --to, or neither.");
  if (from && to && from >= to) throw new Error("--from must be before --to.");
  const t0 = Date.now();
  const orgs = await rebuildReports({ orgId: values.org, from, to, log: (l) => console.log(`[reports] ${l}`) });
  console.log(`[reports] rebuilt ${orgs} org(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main()
  .catch((e: unknown) => {
    console.error(`[reports] ${(e as Error).message}`);
    process.exitCode = 1;
  })
  .finally(() => disconnectDb());

// Staffing advisor bench cases: a week of 15-minute advice from the StaffingInterval roll-up
// against the same answer computed from the week's queue entries and sessions. Ready agents are
// read live from AgentStatusChange in both (a small table; docs/reports.md).
import { staffingReport } from "../../server/reports/staffing/report";
import type { ReportBenchCase, ReportBenchContext } from "./case";

/** The last 7 days of the page's range: the advisor shows a week at most. */
export function lastWeek(ctx: ReportBenchContext): { from: string; to: string } {
  const to = ctx.range.toDay;
  let from = to;
  for (let i = 0; i < 6; i++) from = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return { from: from < ctx.range.fromDay ? ctx.range.fromDay : from, to };
}

export const cases: ReportBenchCase[] = [
  {
    name: "staffing: advice per 15 minutes, 7 days",
    fast: (ctx) => staffingReport(ctx.orgId, lastWeek(ctx)),
    naive: (ctx) => staffingReport(ctx.orgId, lastWeek(ctx), { source: "base" }),
  },
];

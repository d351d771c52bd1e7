// Usage report bench cases: the page's queries on the roll-ups against the same figures computed
// from the base tables (sessions, seats, chat events, queue entries) by the roll-up's own SELECTs.
import { db } from "../../server/db";
import type { ReportRange } from "../../server/reports/range";
import { questionTermsSelect } from "../../server/reports/trends/rollup";
import { usageReport } from "../../server/reports/usage/report";
import {
  agentDaySelect,
  navigateSelect,
  pageSelect,
  sessionFactsSelect,
} from "../../server/reports/usage/rollup";
import type { ReportBenchCase, ReportBenchContext } from "./case";

const asInput = (r: ReportRange) => ({ from: r.fromDay, to: r.toDay });

/** The usage page's numbers straight from the base tables: what the page would cost without roll-ups. */
export async function usageNaive(orgId: string, r: ReportRange) {
  const w = { timeZone: r.timeZone, start: r.start, end: r.end };
  const [agents, heat, dims, pages, led, subjects] = await Promise.all([
    db.$queryRaw<
      {
        membershipId: string;
        sessions: number;
        handle: number;
        visitor: number;
        replied: number;
        reply: number;
        peak: number;
      }[]
    >`
      SELECT "membershipId", SUM(sessions)::int AS sessions, SUM("handleSeconds")::float8 AS handle, SUM("visitorSeconds")::float8 AS visitor,
             SUM("repliedSessions")::int AS replied, SUM("firstReplySeconds")::float8 AS reply, MAX("peakSessions")::int AS peak
      FROM (${agentDaySelect(orgId, w)}) a GROUP BY "membershipId"`,
    db.$queryRaw<{ weekday: number; hour: number; sessions: number }[]>`
      SELECT EXTRACT(ISODOW FROM day)::int AS weekday, hour, COUNT(*)::int AS sessions FROM (${sessionFactsSelect(orgId, w)}) s GROUP BY 1, 2`,
    db.$queryRaw<{ kind: string; key: string; count: number }[]>`
      SELECT 'launcher' AS kind, "launcherId" AS key, COUNT(*)::int AS count FROM (${sessionFactsSelect(orgId, w)}) s GROUP BY 2
      UNION ALL SELECT 'scenario', "scenarioId", COUNT(*)::int FROM (${sessionFactsSelect(orgId, w)}) s GROUP BY 2`,
    db.$queryRaw<{ key: string; count: number }[]>`
      SELECT key, SUM(count)::int AS count FROM (${pageSelect(orgId, w)}) p GROUP BY key ORDER BY count DESC, key LIMIT 20`,
    db.$queryRaw<{ key: string; count: number }[]>`
      SELECT key, SUM(count)::int AS count FROM (${navigateSelect(orgId, w)}) p GROUP BY key ORDER BY count DESC, key LIMIT 20`,
    db.$queryRaw<{ term: string; count: number }[]>`
      SELECT term, SUM(n)::int AS count FROM (${questionTermsSelect(orgId, w)}) q GROUP BY term ORDER BY count DESC, term LIMIT 20`,
  ]);
  return { agents, heat, dims, pages, led, subjects };
}

export const cases: ReportBenchCase[] = [
  {
    name: "usage: page, 30 days",
    fast: (ctx: ReportBenchContext) => usageReport({ orgId: ctx.orgId, range: asInput(ctx.range) }),
    naive: (ctx: ReportBenchContext) => usageNaive(ctx.orgId, ctx.range),
  },
];

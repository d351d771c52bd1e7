// Trends bench cases: the page's queries on the term and page roll-ups against the same figures
// tokenised from the base tables (queue questions and room chat lines) on every call.
import { db } from "../../server/db";
import { resolveRange, type ReportRange } from "../../server/reports/range";
import { trendsReport, wholeWeeks } from "../../server/reports/trends/report";
import { chatTermsSelect, questionTermsSelect } from "../../server/reports/trends/rollup";
import { navigateSelect, pageSelect } from "../../server/reports/usage/rollup";
import type { ReportBenchCase, ReportBenchContext } from "./case";

/** Top terms per week, rising terms against the period before, and weekly pages, from the base tables. */
export async function trendsNaive(orgId: string, r: ReportRange) {
  const span = r.end.getTime() - r.start.getTime();
  const cur = { timeZone: r.timeZone, start: r.start, end: r.end };
  const both = { timeZone: r.timeZone, start: new Date(r.start.getTime() - span), end: r.end };
  const weekly = { timeZone: r.timeZone, start: new Date(r.start.getTime() - 7 * 86_400_000), end: r.end };
  const [top, rising, pages] = await Promise.all([
    db.$queryRaw`
      SELECT week, term, count FROM (
        SELECT day - (EXTRACT(ISODOW FROM day)::int - 1) AS week, term, SUM(n)::int AS count,
               ROW_NUMBER() OVER (PARTITION BY day - (EXTRACT(ISODOW FROM day)::int - 1) ORDER BY SUM(n) DESC, term) AS rank
        FROM (${questionTermsSelect(orgId, cur)} UNION ALL ${chatTermsSelect(orgId, cur)}) t GROUP BY 1, 2
      ) x WHERE rank <= 10`,
    db.$queryRaw`
      SELECT term, SUM(n) FILTER (WHERE day >= ${r.fromDay}::date) AS count, SUM(n) FILTER (WHERE day < ${r.fromDay}::date) AS previous
      FROM (${questionTermsSelect(orgId, both)} UNION ALL ${chatTermsSelect(orgId, both)}) t
      GROUP BY term ORDER BY 2 - 3 DESC NULLS LAST LIMIT 15`,
    db.$queryRaw`
      SELECT 'navigate' AS kind, key, day - (EXTRACT(ISODOW FROM day)::int - 1) AS week, SUM(count)::int FROM (${navigateSelect(orgId, weekly)}) n GROUP BY 1, 2, 3
      UNION ALL
      SELECT 'page', key, day - (EXTRACT(ISODOW FROM day)::int - 1), SUM(count)::int FROM (${pageSelect(orgId, weekly)}) p GROUP BY 1, 2, 3`,
  ]);
  return { top, rising, pages };
}

/** The trends page covers whole weeks: the bench gives it the last eight of the typical range's end. */
function eightWeeks(ctx: ReportBenchContext): { from: string; to: string } {
  const to = ctx.range.toDay;
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 55 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

export const cases: ReportBenchCase[] = [
  {
    name: "trends: page, 8 weeks",
    fast: (ctx) => trendsReport({ orgId: ctx.orgId, range: eightWeeks(ctx) }),
    naive: (ctx) => {
      const { from, to } = eightWeeks(ctx);
      return trendsNaive(ctx.orgId, resolveRange(wholeWeeks(from, to), ctx.range.timeZone, 400));
    },
  },
];

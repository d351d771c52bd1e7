// Trends bench cases: the page's queries on the term and page roll-ups against the same figures
// tokenised from the base tables (queue questions and room chat lines) on every call.
import { db } from "../../server/db";
import { resolveRange, startOfLocalDay, type ReportRange } from "../../server/reports/range";
import { trendsReport, wholeWeeks } from "../../server/reports/trends/report";
import { chatTermsSelect, questionTermsSelect } from "../../server/reports/trends/rollup";
import { navigateSelect, pageSelect } from "../../server/reports/usage/rollup";
import type { ReportBenchCase, ReportBenchContext } from "./case";

/** Top terms per week, rising terms against the period before, and weekly pages, from the base tables. */
export async function trendsNaive(orgId: string, r: ReportRange) {
  // The period before: as many local days (not hours: a DST change may fall inside).
  const prevFromDay = new Date(Date.parse(`${r.fromDay}T00:00:00Z`) - r.days * 86_400_000).toISOString().slice(0, 10);
  const cur = { timeZone: r.timeZone, start: r.start, end: r.end };
  const both = { timeZone: r.timeZone, start: startOfLocalDay(prevFromDay, r.timeZone), end: r.end };
  const weekly = { timeZone: r.timeZone, start: new Date(r.start.getTime() - 7 * 86_400_000), end: r.end };
  const [top, rising, pages] = await Promise.all([
    db.$queryRaw<{ week: Date; term: string; count: number }[]>`
      SELECT week, term, count FROM (
        SELECT day - (EXTRACT(ISODOW FROM day)::int - 1) AS week, term, SUM(n)::int AS count,
               ROW_NUMBER() OVER (PARTITION BY day - (EXTRACT(ISODOW FROM day)::int - 1) ORDER BY SUM(n) DESC, term) AS rank
        FROM (${questionTermsSelect(orgId, cur)} UNION ALL ${chatTermsSelect(orgId, cur)}) t GROUP BY 1, 2
      ) x WHERE rank <= 10 ORDER BY week, rank`,
    db.$queryRaw<{ term: string; count: number; previous: number }[]>`
      SELECT term, count, previous FROM (
        SELECT term, COALESCE(SUM(n) FILTER (WHERE day >= ${r.fromDay}::date), 0)::int AS count,
               COALESCE(SUM(n) FILTER (WHERE day < ${r.fromDay}::date), 0)::int AS previous
        FROM (${questionTermsSelect(orgId, both)} UNION ALL ${chatTermsSelect(orgId, both)}) t GROUP BY term
      ) x WHERE count >= 3 AND count > previous
      ORDER BY count - previous DESC, term LIMIT 15`,
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

/**
 * What the runner compares: the top terms of each week and the rising terms, in the page's order
 * (the page's rules: top 10 a week; rising = at least 3 this period and more than before, 15 by
 * growth). The weekly pages are timed on both sides but not compared: the page keeps the top keys
 * of the whole range, the naive side every key of every week.
 */
const comparable = (
  top: { week: Date | string; term: string; count: number }[],
  rising: { term: string; count: number; previous: number }[],
) => ({
  top: top.map((t) => [typeof t.week === "string" ? t.week : t.week.toISOString().slice(0, 10), t.term, t.count]),
  rising: rising.map((t) => [t.term, t.count, t.previous]),
});

export const cases: ReportBenchCase[] = [
  {
    name: "trends: page, 8 weeks",
    fast: async (ctx) => {
      const r = await trendsReport({ orgId: ctx.orgId, range: eightWeeks(ctx) });
      return comparable(r.topTerms, r.rising);
    },
    naive: async (ctx) => {
      const { from, to } = eightWeeks(ctx);
      const n = await trendsNaive(ctx.orgId, resolveRange(wholeWeeks(from, to), ctx.range.timeZone, 400));
      return comparable(n.top, n.rising);
    },
  },
];

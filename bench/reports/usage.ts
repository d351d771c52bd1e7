// Usage report bench cases: the page's queries on the roll-ups against the same figures computed
// from the base tables (sessions, seats, chat events, queue entries) by the roll-up's own SELECTs.
import { db } from "../../server/db";
import type { ReportRange } from "../../server/reports/range";
import { questionTermsSelect } from "../../server/reports/trends/rollup";
import { usageReport } from "../../server/reports/usage/report";
import { agentDaySelect, navigateSelect, pageSelect, sessionFactsSelect } from "../../server/reports/usage/rollup";
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

type Keyed = { key: string; count: number };
/** The first 20 by count, then key: the page's order for its dimension lists. */
const top20 = (rows: Keyed[]) =>
  rows
    .map((r) => ({ key: r.key ?? "", count: r.count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, 20)
    .map((r) => [r.key, r.count]);
const byId = (a: [string, ...unknown[]], b: [string, ...unknown[]]) => (a[0] < b[0] ? -1 : 1);

/**
 * The figures both sides give in the same units, for the runner's "same answer" check: sessions and
 * peaks per agent, the heatmap's cells, every top-20 list. Minutes are left out: the page rounds
 * them to a tenth and the naive side sums seconds.
 */
export function usageComparable(r: {
  agents: { membershipId: string; sessions: number; peak: number }[];
  heat: { weekday: number; hour: number; sessions: number }[];
  launchers: Keyed[];
  scenarios: Keyed[];
  pages: Keyed[];
  led: Keyed[];
  subjects: { term: string; count: number }[];
}) {
  return {
    agents: r.agents.map((a) => [a.membershipId, a.sessions, a.peak] as [string, number, number]).sort(byId),
    heat: r.heat
      .filter((h) => h.sessions > 0)
      .map((h) => `${h.weekday}:${h.hour}:${h.sessions}`)
      .sort(),
    launchers: top20(r.launchers),
    scenarios: top20(r.scenarios),
    pages: top20(r.pages),
    led: top20(r.led),
    subjects: r.subjects.map((t) => [t.term, t.count]),
  };
}

export const cases: ReportBenchCase[] = [
  {
    name: "usage: page, 30 days",
    fast: async (ctx: ReportBenchContext) => {
      const r = await usageReport({ orgId: ctx.orgId, range: asInput(ctx.range) });
      return usageComparable({
        agents: r.agents.map((a) => ({ membershipId: a.membershipId, sessions: a.sessions, peak: a.peakSessions })),
        heat: r.heatmap,
        launchers: r.launchers,
        scenarios: r.scenarios,
        pages: r.pages,
        led: r.ledTo,
        subjects: r.subjects,
      });
    },
    naive: async (ctx: ReportBenchContext) => {
      const n = await usageNaive(ctx.orgId, ctx.range);
      return usageComparable({
        agents: n.agents,
        heat: n.heat,
        launchers: n.dims.filter((d) => d.kind === "launcher"),
        scenarios: n.dims.filter((d) => d.kind === "scenario"),
        pages: n.pages,
        led: n.led,
        subjects: n.subjects,
      });
    },
  },
];

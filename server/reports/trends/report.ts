// Market trends over whole weeks (Monday to Sunday, in the org's time zone) covering the chosen
// days: top terms per week, terms rising against the previous period of the same length, and the
// pages visitors were led to and came from with week-over-week change. Read from roll-ups only.
import "server-only";
import { db } from "../../db";
import { lastDays, resolveRange, type ReportRangeInput } from "../range";
import { orgTimeZone } from "../usage/window";

export type TermSource = "all" | "question" | "chat";

export interface WeekCount {
  week: string;
  count: number;
  previous: number;
  /** Percent change from the week before; null when the week before had none. */
  changePct: number | null;
}

export interface PageTrend {
  key: string;
  total: number;
  weeks: WeekCount[];
}

export interface TrendsReport {
  range: { fromDay: string; toDay: string; timeZone: string; previousFromDay: string; previousToDay: string };
  source: TermSource;
  /** Mondays of the weeks covered. */
  weeks: string[];
  topTerms: { week: string; rank: number; term: string; count: number }[];
  rising: { term: string; count: number; previous: number; changePct: number | null }[];
  /** Pages visitors were led to (sessions per week). */
  pages: PageTrend[];
  /** Pages visitors came from (arrivals per week). */
  referrers: PageTrend[];
}

const TOP_PER_WEEK = 10;
const RISING = 15;
const TOP_PAGES = 10;
/** A term seen fewer times than this in the period is noise, however fast it grew. */
const RISING_MIN = 3;

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Monday of the calendar week of `day` (a calendar day has a weekday whatever the zone). */
const mondayOf = (day: string) => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));
/** The Monday-to-Sunday weeks that cover [fromDay, toDay]. */
export function wholeWeeks(fromDay: string, toDay: string): { from: string; to: string } {
  return { from: mondayOf(fromDay), to: addDays(mondayOf(toDay), 6) };
}
const pct = (now: number, before: number) => (before > 0 ? Math.round(((now - before) / before) * 1000) / 10 : null);
const dayText = (d: Date | string) => (typeof d === "string" ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** The page's default: the last eight weeks. */
export const TRENDS_DEFAULT_DAYS = 56;

/**
 * The last `weeks` whole weeks (Monday to Sunday) before today in `tz`. The week under way is left
 * out: compared with a whole week it would always look like a fall.
 */
export function lastWholeWeeks(weeks: number, tz: string, now = new Date()): ReportRangeInput {
  const { to: today } = lastDays(1, tz, now);
  const isoDow = ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  const sunday = addDays(today, -isoDow);
  return { from: addDays(sunday, -(weeks * 7 - 1)), to: sunday };
}

export async function trendsReport(input: { orgId: string; range?: ReportRangeInput; source?: TermSource }): Promise<TrendsReport> {
  const { orgId } = input;
  const source = input.source ?? "all";
  const tz = await orgTimeZone(orgId);
  const r = resolveRange(input.range ?? lastWholeWeeks(TRENDS_DEFAULT_DAYS / 7, tz), tz);
  const { from, to } = wholeWeeks(r.fromDay, r.toDay);
  const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  const prevFrom = addDays(from, -span);
  const prevTo = addDays(from, -1);
  const weekBefore = addDays(from, -7);
  const src = source === "all" ? null : source;

  const [topRows, risingRows, pageRows] = await Promise.all([
    db.$queryRaw<{ week: Date; term: string; count: number; rank: number }[]>`
      SELECT week, term, count, rank::int FROM (
        SELECT day - (EXTRACT(ISODOW FROM day)::int - 1) AS week, term, SUM(n)::int AS count,
               ROW_NUMBER() OVER (PARTITION BY day - (EXTRACT(ISODOW FROM day)::int - 1) ORDER BY SUM(n) DESC, term) AS rank
        FROM "RollupTermDay"
        WHERE "orgId" = ${orgId} AND day BETWEEN ${from}::date AND ${to}::date AND (${src}::text IS NULL OR source = ${src})
        GROUP BY 1, 2
      ) x WHERE rank <= ${TOP_PER_WEEK} ORDER BY week, rank`,
    db.$queryRaw<{ term: string; count: number; previous: number }[]>`
      SELECT term, count, previous FROM (
        SELECT term, COALESCE(SUM(n) FILTER (WHERE day >= ${from}::date), 0)::int AS count,
               COALESCE(SUM(n) FILTER (WHERE day < ${from}::date), 0)::int AS previous
        FROM "RollupTermDay"
        WHERE "orgId" = ${orgId} AND day BETWEEN ${prevFrom}::date AND ${to}::date AND (${src}::text IS NULL OR source = ${src})
        GROUP BY term
      ) x WHERE count >= ${RISING_MIN} AND count > previous
      ORDER BY count - previous DESC, term LIMIT ${RISING}`,
    db.$queryRaw<{ kind: string; key: string; week: Date; count: number }[]>`
      WITH w AS (
        SELECT kind, key, day - (EXTRACT(ISODOW FROM day)::int - 1) AS week, SUM(count)::int AS count
        FROM "RollupUsageDim"
        WHERE "orgId" = ${orgId} AND kind IN ('navigate', 'page') AND day BETWEEN ${weekBefore}::date AND ${to}::date
        GROUP BY 1, 2, 3
      ), top AS (
        SELECT kind, key FROM (
          SELECT kind, key, ROW_NUMBER() OVER (PARTITION BY kind ORDER BY SUM(count) DESC, key) AS rank
          FROM w WHERE week >= ${from}::date GROUP BY kind, key
        ) t WHERE rank <= ${TOP_PAGES}
      )
      SELECT w.kind, w.key, w.week, w.count FROM w JOIN top ON top.kind = w.kind AND top.key = w.key`,
  ]);

  const weeks: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 7)) weeks.push(d);

  const trend = (kind: string): PageTrend[] => {
    const counts = new Map<string, Map<string, number>>();
    for (const row of pageRows) {
      if (row.kind !== kind) continue;
      let m = counts.get(row.key);
      if (!m) counts.set(row.key, (m = new Map()));
      m.set(dayText(row.week), row.count);
    }
    return [...counts.entries()]
      .map(([key, m]) => {
        const ws = weeks.map((w) => {
          const count = m.get(w) ?? 0;
          const previous = m.get(addDays(w, -7)) ?? 0;
          return { week: w, count, previous, changePct: pct(count, previous) };
        });
        return { key, total: ws.reduce((s, w) => s + w.count, 0), weeks: ws };
      })
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  };

  return {
    range: {
      fromDay: from,
      toDay: to,
      timeZone: r.timeZone,
      previousFromDay: prevFrom,
      previousToDay: prevTo,
    },
    source,
    weeks,
    topTerms: topRows.map((t) => ({ week: dayText(t.week), rank: t.rank, term: t.term, count: t.count })),
    rising: risingRows.map((t) => ({ ...t, changePct: pct(t.count, t.previous) })),
    pages: trend("navigate"),
    referrers: trend("page"),
  };
}

// Queue reports (docs/reports.md, "Queue reports"), read from the roll-ups of ./rollup.ts. Every
// figure counts entries by the interval (day, week) they arrived in, in the org's time zone:
// arrivals, answered (an agent accepted), abandoned (the visitor left), expired (nobody answered
// in time), scheduled (the visitor chose a later session); waits of answered entries (accept time
// minus arrival, whole seconds rounded up) as median and 90th percentile (nearest rank); service
// level = the share of arrivals answered within the org's target seconds.
import { z } from "zod";
import { db, dbPool } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { AppError } from "../../errors";
import { safeString } from "../../api/schemas/safe-string";
import { ALL_LAUNCHERS } from "./rollup";
import { reportRangeInput, resolveRange, type ReportRange } from "../range";

/** The interval table covers at most a month: 2,976 quarter hours. */
export const MAX_INTERVAL_DAYS = 31;

export const queueReportInput = reportRangeInput.extend({ launcherId: safeString().max(64).optional() });
export type QueueReportInput = z.infer<typeof queueReportInput>;
export const queueByLauncherInput = reportRangeInput.extend({ grain: z.enum(["day", "week"]).default("day") });
export type QueueByLauncherInput = z.input<typeof queueByLauncherInput>;

export interface QueueCounts {
  arrivals: number;
  answered: number;
  abandoned: number;
  expired: number;
  scheduled: number;
}

export interface QueueFigures extends QueueCounts {
  /** Seconds; null when nothing was answered. */
  waitMedian: number | null;
  waitP90: number | null;
  /** Answered within the target. */
  withinTarget: number;
  /** Percent of arrivals answered within the target, one decimal; null without arrivals. */
  serviceLevel: number | null;
}

/** The key of the row summing every key (never a real key: those are digits, dates and ids). */
const TOTAL = "__total__";

/** Splits figuresSql's rows into the keyed ones (in key order) and the total. */
function splitTotal(rows: FigureRow[]): { rows: FigureRow[]; total: QueueFigures } {
  const t = rows.find((r) => r.k === TOTAL);
  return { rows: rows.filter((r) => r.k !== TOTAL && r.arrivals > 0), total: t && t.arrivals > 0 ? toFigures(t) : EMPTY };
}

type FigureRow = QueueCounts & { k: string; med: number | null; p90: number | null; within: number };

/**
 * Sums roll-up rows of `table` matching `where` by the key `keySql` (text) and reads the figures
 * from the merged wait histograms, all in PostgreSQL (nearest rank: the smallest wait with at
 * least ceil(p x n) answered entries at or below it; the same as percentile_disc).
 */
function figuresSql(table: Prisma.Sql, keySql: Prisma.Sql, where: Prisma.Sql, targetSeconds: number): Prisma.Sql {
  // GROUPING SETS add the total over every key, keyed TOTAL, from the same scan.
  return Prisma.sql`
    WITH base AS (SELECT ${keySql} AS k, arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts" FROM ${table} WHERE ${where}),
    c AS (
      SELECT coalesce(k, ${TOTAL}) AS k, sum(arrivals)::int AS arrivals, sum(answered)::int AS answered, sum(abandoned)::int AS abandoned,
             sum(expired)::int AS expired, sum(scheduled)::int AS scheduled
      FROM base GROUP BY GROUPING SETS ((k), ())),
    h AS (SELECT coalesce(k, ${TOTAL}) AS k, u.s, sum(u.c) AS c FROM base, unnest("waitSecs", "waitCounts") AS u(s, c) GROUP BY GROUPING SETS ((k, u.s), (u.s))),
    q AS (SELECT k, s, c, sum(c) OVER (PARTITION BY k ORDER BY s) AS cc, sum(c) OVER (PARTITION BY k) AS n FROM h),
    p AS (
      SELECT k, min(s) FILTER (WHERE cc >= ceil(0.5 * n)) AS med, min(s) FILTER (WHERE cc >= ceil(0.9 * n)) AS p90,
             (coalesce(sum(c) FILTER (WHERE s <= ${targetSeconds}), 0))::int AS within
      FROM q GROUP BY k)
    SELECT c.*, p.med, p.p90, coalesce(p.within, 0) AS within FROM c LEFT JOIN p USING (k) ORDER BY k`;
}

/** "{1,2,3}" -> [1, 2, 3] (PostgreSQL's text form of an int[]). */
function intArray(text: string): number[] {
  return text.length <= 2 ? [] : text.slice(1, -1).split(",").map(Number);
}

/**
 * Median, 90th percentile and count within the target of one histogram (buckets ascending), by
 * the same nearest rank as figuresSql, in integers: rank = ceil(9n / 10) exactly.
 */
function rowWaits(secs: number[], counts: number[], targetSeconds: number): { med: number | null; p90: number | null; within: number } {
  let n = 0;
  for (const c of counts) n += c;
  if (n === 0) return { med: null, p90: null, within: 0 };
  const r50 = Math.floor((5 * n + 9) / 10);
  const r90 = Math.floor((9 * n + 9) / 10);
  let seen = 0;
  let med: number | null = null;
  let p90: number | null = null;
  let within = 0;
  for (let i = 0; i < secs.length; i++) {
    seen += counts[i]!;
    if (secs[i]! <= targetSeconds) within += counts[i]!;
    if (med === null && seen >= r50) med = secs[i]!;
    if (p90 === null && seen >= r90) p90 = secs[i]!;
  }
  return { med, p90, within };
}

const launcherWhere = (launcher: string | null) => (launcher === null ? Prisma.sql`"launcherId" <> ${ALL_LAUNCHERS}` : Prisma.sql`"launcherId" = ${launcher}`);

function toFigures(r: FigureRow): QueueFigures {
  return {
    arrivals: r.arrivals,
    answered: r.answered,
    abandoned: r.abandoned,
    expired: r.expired,
    scheduled: r.scheduled,
    waitMedian: r.med,
    waitP90: r.p90,
    withinTarget: r.within,
    serviceLevel: r.arrivals ? Math.round((r.within / r.arrivals) * 1000) / 10 : null,
  };
}

const EMPTY: QueueFigures = { arrivals: 0, answered: 0, abandoned: 0, expired: 0, scheduled: 0, waitMedian: null, waitP90: null, withinTarget: 0, serviceLevel: null };

export interface QueueOrg {
  id: string;
  timeZone: string;
  serviceLevelSeconds: number;
  serviceLevelPercent: number;
}

async function loadOrg(orgId: string): Promise<QueueOrg> {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { id: true, timeZone: true, serviceLevelSeconds: true, serviceLevelPercent: true } });
  if (!org) throw new AppError("NOT_FOUND", "Organization not found.");
  return org;
}

async function checkLauncher(orgId: string, launcherId: string | undefined): Promise<void> {
  if (!launcherId) return;
  const found = await db.launcher.findFirst({ where: { id: launcherId, orgId }, select: { id: true } });
  if (!found) throw new AppError("BAD_REQUEST", "That launcher is not one of this organization's: choose one from the list.");
}

const SHORT_ZONE = new Map<string, Intl.DateTimeFormat>();
/** "EDT", "EST", "GMT+1": tells the two 01:00s of a fall-back night apart. */
function zoneAbbreviation(t: Date, tz: string): string {
  let f = SHORT_ZONE.get(tz);
  if (!f) SHORT_ZONE.set(tz, (f = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "short" })));
  return f.formatToParts(t).find((p) => p.type === "timeZoneName")?.value ?? tz;
}

export interface QueueIntervalRow extends QueueFigures {
  /** UTC instant the quarter hour starts. */
  start: string;
  /** Local day and time, e.g. "2026-03-08", "03:00", "EDT". */
  day: string;
  time: string;
  zone: string;
}

export interface QueueIntervalsReport {
  range: ReportRange;
  targetSeconds: number;
  targetPercent: number;
  /** Quarter hours with at least one arrival, in time order. */
  rows: QueueIntervalRow[];
  total: QueueFigures;
}

/** Per 15-minute interval of the range (at most 31 days), all launchers or one. */
export async function queueIntervals(orgId: string, input: QueueReportInput): Promise<QueueIntervalsReport> {
  const org = await loadOrg(orgId);
  const range = resolveRange(input, org.timeZone, MAX_INTERVAL_DAYS);
  await checkLauncher(orgId, input.launcherId);
  const target = org.serviceLevelSeconds;
  const tz = range.timeZone;
  // One roll-up row per interval (the all-launchers row, or the chosen launcher's): each row's
  // figures come from its own histogram, read here in integers (ranks as figuresSql's).
  // Straight through the pool (parameterised): a month is ~3,000 rows, and the ORM's per-row
  // conversion cost more than the query itself (measured on the 1M-session history).
  const { rows: raw } = await dbPool().query<QueueCounts & { epoch: number; day: string; time: string; offset: number; secs: string; counts: string }>(
    `SELECT extract(epoch FROM r."intervalStart")::bigint::int AS epoch,
            to_char(r."intervalStart" AT TIME ZONE $1, 'YYYY-MM-DD') AS day, to_char(r."intervalStart" AT TIME ZONE $1, 'HH24:MI') AS time,
            (extract(epoch FROM (r."intervalStart" AT TIME ZONE $1) - (r."intervalStart" AT TIME ZONE 'UTC')) / 60)::int AS "offset",
            -- As text: the driver's int[] parser costs more than the query itself (measured).
            r.arrivals, r.answered, r.abandoned, r.expired, r.scheduled, r."waitSecs"::text AS secs, r."waitCounts"::text AS counts
     FROM "QueueIntervalRollup" r
     WHERE r."orgId" = $2 AND r."intervalStart" >= $3 AND r."intervalStart" < $4 AND r."launcherId" = $5
     ORDER BY r."intervalStart"`,
    [tz, orgId, range.start, range.end, input.launcherId ?? ALL_LAUNCHERS],
  );
  const rows = raw.map((r) => ({ ...r, waitSecs: intArray(r.secs), waitCounts: intArray(r.counts) }));
  // The total: the rows' counts and histograms merged here (a few thousand rows; no second query).
  const sum: QueueCounts = { arrivals: 0, answered: 0, abandoned: 0, expired: 0, scheduled: 0 };
  const merged = new Map<number, number>();
  for (const r of rows) {
    sum.arrivals += r.arrivals;
    sum.answered += r.answered;
    sum.abandoned += r.abandoned;
    sum.expired += r.expired;
    sum.scheduled += r.scheduled;
    for (let i = 0; i < r.waitSecs.length; i++) merged.set(r.waitSecs[i]!, (merged.get(r.waitSecs[i]!) ?? 0) + r.waitCounts[i]!);
  }
  const buckets = [...merged].sort((a, b) => a[0] - b[0]);
  const totalWaits = rowWaits(buckets.map((b) => b[0]), buckets.map((b) => b[1]), target);
  const total = sum.arrivals ? toFigures({ k: "", ...sum, ...totalWaits }) : EMPTY;
  const zones = new Map<number, string>();
  return {
    range,
    targetSeconds: target,
    targetPercent: org.serviceLevelPercent,
    rows: rows.map((r) => {
      const start = new Date(r.epoch * 1000);
      // One zone name per UTC offset in the range (two at most), not one Intl call per row.
      let zone = zones.get(r.offset);
      if (zone === undefined) zones.set(r.offset, (zone = zoneAbbreviation(start, tz)));
      const { day, time } = r;
      return { start: start.toISOString(), day, time, zone, ...toFigures({ k: "", ...r, ...rowWaits(r.waitSecs, r.waitCounts, target) }) };
    }),
    total,
  };
}

/**
 * Figures per key over the range's local days: from QueueDayRollup when its rows were built in the
 * org's zone, else (just after the admin changed the zone, until the refresh job rebuilt them)
 * from the interval roll-up grouped by local day. `key` picks the grouping from the local day
 * ("day") and the launcher ("launcher").
 */
async function dayFigures(org: QueueOrg, range: ReportRange, launcherId: string | null | undefined, key: (day: Prisma.Sql) => Prisma.Sql): Promise<FigureRow[]> {
  // Without a launcher: the rows summing all of them; `null`: every launcher's own rows.
  const launcher = launcherId === null ? null : (launcherId ?? ALL_LAUNCHERS);
  const target = org.serviceLevelSeconds;
  // Read the day rows and check their zone at once: a changed zone is rare, a round trip is not.
  const [stale, rows] = await Promise.all([
    db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "QueueDayRollup"
      WHERE "orgId" = ${org.id} AND day >= ${range.fromDay}::date AND day <= ${range.toDay}::date AND "timeZone" <> ${range.timeZone}`,
    db.$queryRaw<FigureRow[]>(
      figuresSql(
        Prisma.sql`"QueueDayRollup"`,
        key(Prisma.sql`day`),
        Prisma.sql`"orgId" = ${org.id} AND day >= ${range.fromDay}::date AND day <= ${range.toDay}::date AND ${launcherWhere(launcher)}`,
        target,
      ),
    ),
  ]);
  if ((stale[0]?.n ?? 0) === 0) return rows;
  return db.$queryRaw<FigureRow[]>(
    figuresSql(
      Prisma.sql`"QueueIntervalRollup"`,
      key(Prisma.sql`("intervalStart" AT TIME ZONE ${range.timeZone})::date`),
      Prisma.sql`"orgId" = ${org.id} AND "intervalStart" >= ${range.start} AND "intervalStart" < ${range.end} AND ${launcherWhere(launcher)}`,
      target,
    ),
  );
}

export interface QueueDaysReport {
  range: ReportRange;
  targetSeconds: number;
  targetPercent: number;
  rows: (QueueFigures & { day: string })[];
  total: QueueFigures;
}

/** Per local day of the range (at most 366 days), all launchers or one. */
export async function queueDays(orgId: string, input: QueueReportInput): Promise<QueueDaysReport> {
  const org = await loadOrg(orgId);
  const range = resolveRange(input, org.timeZone);
  await checkLauncher(orgId, input.launcherId);
  const { rows, total } = splitTotal(await dayFigures(org, range, input.launcherId, (day) => Prisma.sql`to_char(${day}, 'YYYY-MM-DD')`));
  return {
    range,
    targetSeconds: org.serviceLevelSeconds,
    targetPercent: org.serviceLevelPercent,
    rows: rows.map((r) => ({ day: r.k, ...toFigures(r) })),
    total,
  };
}

export interface QueueLauncherRow extends QueueFigures {
  launcherId: string;
  launcher: string;
  /** The day, or the Monday starting the week. */
  period: string;
}

export interface QueueByLauncherReport {
  range: ReportRange;
  grain: "day" | "week";
  targetSeconds: number;
  launchers: { id: string; name: string; total: QueueFigures }[];
  rows: QueueLauncherRow[];
}

/** Per launcher (campaign) and day or week (weeks start on Monday, in the org's zone). */
export async function queueByLauncher(orgId: string, input: QueueByLauncherInput): Promise<QueueByLauncherReport> {
  const parsed = queueByLauncherInput.safeParse(input);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "Choose a valid date range.");
  const grain = parsed.data.grain;
  const org = await loadOrg(orgId);
  const range = resolveRange(parsed.data, org.timeZone);
  const names = new Map((await db.launcher.findMany({ where: { orgId }, select: { id: true, name: true } })).map((l) => [l.id, l.name]));
  const period = (day: Prisma.Sql) =>
    grain === "week" ? Prisma.sql`to_char(date_trunc('week', ${day}::timestamp), 'YYYY-MM-DD')` : Prisma.sql`to_char(${day}, 'YYYY-MM-DD')`;
  const [cells, totals] = await Promise.all([
    dayFigures(org, range, null, (day) => Prisma.sql`${period(day)} || '|' || "launcherId"`),
    dayFigures(org, range, null, () => Prisma.sql`"launcherId"`),
  ]);
  const nameOf = (id: string) => names.get(id) ?? "Deleted launcher";
  return {
    range,
    grain,
    targetSeconds: org.serviceLevelSeconds,
    launchers: splitTotal(totals)
      .rows.map((t) => ({ id: t.k, name: nameOf(t.k), total: toFigures(t) }))
      .sort((a, b) => b.total.arrivals - a.total.arrivals || a.name.localeCompare(b.name)),
    rows: splitTotal(cells)
      .rows.map((c) => {
        const [p, launcherId] = c.k.split("|") as [string, string];
        return { launcherId, launcher: nameOf(launcherId), period: p, ...toFigures(c) };
      })
      .sort((a, b) => a.period.localeCompare(b.period) || a.launcher.localeCompare(b.launcher)),
  };
}

/** The org's launchers, for the filter, and the zone its days are drawn in (the page's default range). */
export async function queueLaunchers(orgId: string): Promise<{ timeZone: string; launchers: { id: string; name: string }[] }> {
  const org = await loadOrg(orgId);
  const launchers = await db.launcher.findMany({ where: { orgId }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  return { timeZone: org.timeZone, launchers };
}

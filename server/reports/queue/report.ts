// Queue reports (docs/reports.md, "Queue reports"), read from the roll-ups of ./rollup.ts. Every
// figure counts entries by the interval (day, week) they arrived in, in the org's time zone:
// arrivals, answered (an agent accepted), abandoned (the visitor left), expired (nobody answered
// in time), scheduled (the visitor chose a later session); waits of answered entries (accept time
// minus arrival, whole seconds rounded up) as median and 90th percentile (nearest rank); service
// level = the share of arrivals answered within the org's target seconds.
import "server-only";
import { z } from "zod";
import { db, dbPool } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { AppError } from "../../errors";
import { safeString } from "../../api/schemas/safe-string";
import { ALL_LAUNCHERS } from "./rollup";
import { localLabels, readWindow, utcMinuteIso } from "../labels";
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
function figuresSql(table: Prisma.Sql, keySql: Prisma.Sql, where: Prisma.Sql, targetSeconds: number, withTotal = true): Prisma.Sql {
  // GROUPING SETS add the total over every key, keyed TOTAL, from the same scan.
  const byKey = withTotal ? Prisma.sql`GROUPING SETS ((k), ())` : Prisma.sql`k`;
  const byBucket = withTotal ? Prisma.sql`GROUPING SETS ((k, u.s), (u.s))` : Prisma.sql`k, u.s`;
  return Prisma.sql`
    WITH base AS (SELECT ${keySql} AS k, arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts" FROM ${table} WHERE ${where}),
    c AS (
      SELECT coalesce(k, ${TOTAL}) AS k, sum(arrivals)::int AS arrivals, sum(answered)::int AS answered, sum(abandoned)::int AS abandoned,
             sum(expired)::int AS expired, sum(scheduled)::int AS scheduled
      FROM base GROUP BY ${byKey}),
    h AS (SELECT coalesce(k, ${TOTAL}) AS k, u.s, sum(u.c) AS c FROM base, unnest("waitSecs", "waitCounts") AS u(s, c) GROUP BY ${byBucket}),
    q AS (SELECT k, s, c, sum(c) OVER (PARTITION BY k ORDER BY s) AS cc, sum(c) OVER (PARTITION BY k) AS n FROM h),
    p AS (
      SELECT k, min(s) FILTER (WHERE cc >= ceil(0.5 * n)) AS med, min(s) FILTER (WHERE cc >= ceil(0.9 * n)) AS p90,
             (coalesce(sum(c) FILTER (WHERE s <= ${targetSeconds}), 0))::int AS within
      FROM q GROUP BY k)
    SELECT c.*, p.med, p.p90, coalesce(p.within, 0) AS within FROM c LEFT JOIN p USING (k) ORDER BY k`;
}

const launcherWhere = (launcher: string | null) =>
  launcher === null ? Prisma.sql`"launcherId" <> ${ALL_LAUNCHERS}` : Prisma.sql`"launcherId" = ${launcher}`;

/** Counts and wait figures as the page shows them (also the bench's naive side: bench/reports/queue.ts). */
export function toFigures(r: Omit<FigureRow, "k">): QueueFigures {
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

const EMPTY: QueueFigures = {
  arrivals: 0,
  answered: 0,
  abandoned: 0,
  expired: 0,
  scheduled: 0,
  waitMedian: null,
  waitP90: null,
  withinTarget: 0,
  serviceLevel: null,
};

export interface QueueOrg {
  id: string;
  timeZone: string;
  serviceLevelSeconds: number;
  serviceLevelPercent: number;
}

async function loadOrg(orgId: string): Promise<QueueOrg> {
  const org = await db.organization.findUnique({
    where: { id: orgId },
    select: { id: true, timeZone: true, serviceLevelSeconds: true, serviceLevelPercent: true },
  });
  if (!org) throw new AppError("NOT_FOUND", "Organization not found.");
  return org;
}

const LAUNCHER_NOT_OURS = "That launcher is not one of this organization's: choose one from the list.";

async function checkLauncher(orgId: string, launcherId: string | undefined): Promise<void> {
  if (!launcherId) return;
  const found = await db.launcher.findFirst({ where: { id: launcherId, orgId }, select: { id: true } });
  if (!found) throw new AppError("BAD_REQUEST", LAUNCHER_NOT_OURS);
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

type IntervalRead = QueueOrg & { launcherFound: boolean; rows: string | null; staleDays: number; totalWaits: string | null };

/**
 * Everything the interval table needs in one statement answering one row: the org's settings,
 * whether the launcher is the org's, the interval rows from `from` to `to` as one text (start,
 * counts, median, p90, answered within the org's target: figures the roll-up keeps per row, the
 * last read off its running totals by width_bucket), and the total's median and p90 from the day
 * roll-up's histograms of the range's days (a month is ~30 rows to merge, not ~3,000). Decoding
 * ~3,000 rows of arrays in Node cost several times the query (measured on the 1M-session history).
 */
function readIntervals(orgId: string, from: Date, to: Date, fromDay: string, toDay: string, launcherId: string | undefined) {
  return dbPool().query<IntervalRead>(
    `SELECT o.id, o."timeZone", o."serviceLevelSeconds", o."serviceLevelPercent",
       ($4::text IS NULL OR EXISTS (SELECT 1 FROM "Launcher" l WHERE l.id = $4 AND l."orgId" = o.id)) AS "launcherFound",
       (SELECT string_agg(concat_ws(',', extract(epoch FROM r."intervalStart")::bigint, r.arrivals, r.answered, r.abandoned, r.expired, r.scheduled,
                                    coalesce(r."waitMedian", -1), coalesce(r."waitP90", -1),
                                    coalesce(r."waitCumulative"[width_bucket(o."serviceLevelSeconds", r."waitSecs")], 0)), ',' ORDER BY r."intervalStart")
        FROM "QueueIntervalRollup" r
        WHERE r."orgId" = o.id AND r."intervalStart" >= $2 AND r."intervalStart" < $3 AND r."launcherId" = coalesce($4, '${ALL_LAUNCHERS}')) AS rows,
       (SELECT count(*)::int FROM "QueueDayRollup" d
        WHERE d."orgId" = o.id AND d.day >= $5::date AND d.day <= $6::date AND d."timeZone" <> o."timeZone") AS "staleDays",
       (SELECT concat_ws(',', coalesce(min(s) FILTER (WHERE cc >= ceil(0.5 * n)), -1), coalesce(min(s) FILTER (WHERE cc >= ceil(0.9 * n)), -1))
        FROM (SELECT s, sum(c) OVER (ORDER BY s) AS cc, sum(c) OVER () AS n
              FROM (SELECT u.s, sum(u.c) AS c FROM "QueueDayRollup" d, unnest(d."waitSecs", d."waitCounts") AS u(s, c)
                    WHERE d."orgId" = o.id AND d.day >= $5::date AND d.day <= $6::date AND d."launcherId" = coalesce($4, '${ALL_LAUNCHERS}')
                    GROUP BY u.s) g) q) AS "totalWaits"
     FROM "Organization" o WHERE o.id = $1`,
    [orgId, from, to, launcherId ?? null, fromDay, toDay],
  );
}

const orNull = (x: number) => (x < 0 ? null : x);

/** Per 15-minute interval of the range (at most 31 days), all launchers or one. */
export async function queueIntervals(orgId: string, input: QueueReportInput): Promise<QueueIntervalsReport> {
  // The org's zone and the rows in one round trip: rows of a window holding the range in any zone,
  // those outside the range dropped here.
  const window = readWindow(input, MAX_INTERVAL_DAYS);
  const { rows: read } = await readIntervals(orgId, window.from, window.to, window.fromDay, window.toDay, input.launcherId);
  const org = read[0];
  if (!org) throw new AppError("NOT_FOUND", "Organization not found.");
  if (!org.launcherFound) throw new AppError("BAD_REQUEST", LAUNCHER_NOT_OURS);
  const range = resolveRange(input, org.timeZone, MAX_INTERVAL_DAYS);
  const tz = range.timeZone;
  const from = range.start.getTime() / 1000;
  const to = range.end.getTime() / 1000;
  const f = org.rows ? org.rows.split(",") : [];
  // Plain loops and one object literal per row: ~3,000 rows, where spreads and a Date per row showed in profiles.
  const at: number[] = [];
  const starts: number[] = [];
  const sum: QueueCounts & { within: number } = { arrivals: 0, answered: 0, abandoned: 0, expired: 0, scheduled: 0, within: 0 };
  for (let i = 0; i + 8 < f.length; i += 9) {
    const epoch = Number(f[i]);
    if (epoch < from || epoch >= to) continue;
    at.push(i);
    starts.push(epoch * 1000);
    sum.arrivals += Number(f[i + 1]);
    sum.answered += Number(f[i + 2]);
    sum.abandoned += Number(f[i + 3]);
    sum.expired += Number(f[i + 4]);
    sum.scheduled += Number(f[i + 5]);
    sum.within += Number(f[i + 8]);
  }
  // The total's percentiles: from the day rows, unless some were built in another zone (the admin
  // just changed it): then from the interval rows' histograms, as the day reports do then.
  let [med, p90] = (org.totalWaits ?? "-1,-1").split(",").map(Number) as [number, number];
  if (org.staleDays > 0) {
    const launcher = input.launcherId ?? ALL_LAUNCHERS;
    const t = splitTotal(
      await db.$queryRaw<FigureRow[]>(
        figuresSql(
          Prisma.sql`"QueueIntervalRollup"`,
          Prisma.sql`'all'`,
          Prisma.sql`"orgId" = ${org.id} AND "intervalStart" >= ${range.start} AND "intervalStart" < ${range.end} AND ${launcherWhere(launcher)}`,
          org.serviceLevelSeconds,
        ),
      ),
    ).total;
    med = t.waitMedian ?? -1;
    p90 = t.waitP90 ?? -1;
  }
  const total = sum.arrivals ? toFigures({ ...sum, med: orNull(med), p90: orNull(p90) }) : EMPTY;
  const offsets: number[] = [];
  const labels = localLabels(starts, tz, offsets);
  const zones = new Map<number, string>();
  const rows: QueueIntervalRow[] = new Array(starts.length);
  for (let k = 0; k < starts.length; k++) {
    const i = at[k]!;
    // One zone name per UTC offset in the range (two at most), not one Intl call per row.
    let zone = zones.get(offsets[k]!);
    if (zone === undefined) zones.set(offsets[k]!, (zone = zoneAbbreviation(new Date(starts[k]!), tz)));
    const arrivals = Number(f[i + 1]);
    const within = Number(f[i + 8]);
    rows[k] = {
      start: utcMinuteIso(starts[k]!),
      day: labels[k]!.day,
      time: labels[k]!.time,
      zone,
      arrivals,
      answered: Number(f[i + 2]),
      abandoned: Number(f[i + 3]),
      expired: Number(f[i + 4]),
      scheduled: Number(f[i + 5]),
      waitMedian: orNull(Number(f[i + 6])),
      waitP90: orNull(Number(f[i + 7])),
      withinTarget: within,
      serviceLevel: arrivals ? Math.round((within / arrivals) * 1000) / 10 : null,
    };
  }
  return { range, targetSeconds: org.serviceLevelSeconds, targetPercent: org.serviceLevelPercent, rows, total };
}

/** The first Monday on or after `fromDay` and the last Monday whose week ends by `toDay`; null without a whole week. */
export function wholeWeeks(fromDay: string, toDay: string): { first: string; last: string } | null {
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const iso = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
  const from = day(fromDay);
  const to = day(toDay);
  // 1970-01-01 was a Thursday: (n + 3) % 7 is 0 on Mondays.
  const first = from + ((7 - ((from + 3) % 7)) % 7);
  const last = to - 6 - ((((to - 6 + 3) % 7) + 7) % 7);
  return first <= last ? { first: iso(first), last: iso(last) } : null;
}

/**
 * The range's histograms with the fewest rows: week rows for its whole weeks, day rows for the days
 * before the first and after the last (at most six each side). A year is ~52 + 12 rows a launcher,
 * where day rows alone are ~365. Columns: "launcherId", counts, histograms.
 */
function spanTable(org: QueueOrg, range: ReportRange): Prisma.Sql {
  const cols = Prisma.sql`"launcherId", arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts"`;
  const weeks = wholeWeeks(range.fromDay, range.toDay);
  const days = Prisma.sql`SELECT ${cols} FROM "QueueDayRollup" WHERE "orgId" = ${org.id} AND day >= ${range.fromDay}::date AND day <= ${range.toDay}::date`;
  if (!weeks) return Prisma.sql`(${days}) span`;
  return Prisma.sql`(
    SELECT ${cols} FROM "QueueWeekRollup" WHERE "orgId" = ${org.id} AND week >= ${weeks.first}::date AND week <= ${weeks.last}::date
    UNION ALL
    ${days} AND NOT (day >= ${weeks.first}::date AND day < ${weeks.last}::date + 7)) span`;
}

/**
 * Rows whose figures the roll-up stored (one day or week each): counts, median and p90 as kept,
 * answered within the org's target off the running totals (width_bucket), so nothing is merged.
 */
function storedFiguresSql(
  table: "QueueDayRollup" | "QueueWeekRollup",
  keySql: Prisma.Sql,
  where: Prisma.Sql,
  targetSeconds: number,
): Prisma.Sql {
  return Prisma.sql`
    SELECT ${keySql} AS k, arrivals, answered, abandoned, expired, scheduled, "waitMedian" AS med, "waitP90" AS p90,
           coalesce("waitCumulative"[width_bucket(${targetSeconds}::int, "waitSecs")], 0) AS within
    FROM ${Prisma.raw(`"${table}"`)} WHERE ${where} ORDER BY k`;
}

/**
 * Whether the org's day or week rows of the range were built in another zone than its own (the
 * admin just changed it, the refresh job has not rebuilt them yet): the reports then read the
 * interval roll-up grouped by local day instead (intervalFigures).
 */
async function zoneMoved(org: QueueOrg, range: ReportRange): Promise<boolean> {
  const [row] = await db.$queryRaw<{ moved: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "QueueDayRollup" WHERE "orgId" = ${org.id} AND day >= ${range.fromDay}::date AND day <= ${range.toDay}::date AND "timeZone" <> ${range.timeZone})
        OR EXISTS (SELECT 1 FROM "QueueWeekRollup" WHERE "orgId" = ${org.id} AND week >= (${range.fromDay}::date - 6) AND week <= ${range.toDay}::date AND "timeZone" <> ${range.timeZone}) AS moved`;
  return row?.moved ?? false;
}

/** Figures per key over the range, from the interval roll-up grouped by local day (`key` of it). */
function intervalFigures(
  org: QueueOrg,
  range: ReportRange,
  launcher: string | null,
  key: (day: Prisma.Sql) => Prisma.Sql,
): Promise<FigureRow[]> {
  return db.$queryRaw<FigureRow[]>(
    figuresSql(
      Prisma.sql`"QueueIntervalRollup"`,
      key(Prisma.sql`("intervalStart" AT TIME ZONE ${range.timeZone})::date`),
      Prisma.sql`"orgId" = ${org.id} AND "intervalStart" >= ${range.start} AND "intervalStart" < ${range.end} AND ${launcherWhere(launcher)}`,
      org.serviceLevelSeconds,
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

const dayText = (day: Prisma.Sql) => Prisma.sql`to_char(${day}, 'YYYY-MM-DD')`;

/** Per local day of the range (at most 366 days), all launchers or one. */
export async function queueDays(orgId: string, input: QueueReportInput): Promise<QueueDaysReport> {
  const org = await loadOrg(orgId);
  const range = resolveRange(input, org.timeZone);
  await checkLauncher(orgId, input.launcherId);
  const launcher = input.launcherId ?? ALL_LAUNCHERS;
  const target = org.serviceLevelSeconds;
  let split: { rows: FigureRow[]; total: QueueFigures };
  if (await zoneMoved(org, range)) {
    split = splitTotal(await intervalFigures(org, range, launcher, dayText));
  } else {
    // Each day's figures as stored; the total merged from the range's weeks and edge days.
    const [days, total] = await Promise.all([
      db.$queryRaw<FigureRow[]>(
        storedFiguresSql(
          "QueueDayRollup",
          dayText(Prisma.sql`day`),
          Prisma.sql`"orgId" = ${org.id} AND day >= ${range.fromDay}::date AND day <= ${range.toDay}::date AND ${launcherWhere(launcher)}`,
          target,
        ),
      ),
      db.$queryRaw<FigureRow[]>(figuresSql(spanTable(org, range), Prisma.sql`${TOTAL}`, launcherWhere(launcher), target, false)),
    ]);
    split = { rows: days.filter((r) => r.arrivals > 0), total: total[0] && total[0].arrivals > 0 ? toFigures(total[0]) : EMPTY };
  }
  return {
    range,
    targetSeconds: org.serviceLevelSeconds,
    targetPercent: org.serviceLevelPercent,
    rows: split.rows.map((r) => ({ day: r.k, ...toFigures(r) })),
    total: split.total,
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

/** The cells (period|launcher) and per-launcher totals of queueByLauncher, from the day and week roll-ups. */
async function launcherCells(
  org: QueueOrg,
  range: ReportRange,
  grain: "day" | "week",
): Promise<{ cells: FigureRow[]; totals: FigureRow[] }> {
  const target = org.serviceLevelSeconds;
  const every = launcherWhere(null);
  const cellKey = (period: Prisma.Sql) => Prisma.sql`${period} || '|' || "launcherId"`;
  const totals = db.$queryRaw<FigureRow[]>(figuresSql(spanTable(org, range), Prisma.sql`"launcherId"`, every, target, false));
  const inRange = Prisma.sql`"orgId" = ${org.id} AND day >= ${range.fromDay}::date AND day <= ${range.toDay}::date AND ${every}`;
  if (grain === "day") {
    const [cells, t] = await Promise.all([
      db.$queryRaw<FigureRow[]>(storedFiguresSql("QueueDayRollup", cellKey(dayText(Prisma.sql`day`)), inRange, target)),
      totals,
    ]);
    return { cells, totals: t };
  }
  // Whole weeks as stored; a week the range cuts (its first or last) merged from the days inside the range.
  const weeks = wholeWeeks(range.fromDay, range.toDay);
  const weekText = dayText(Prisma.sql`date_trunc('week', day::timestamp)`);
  const edges = weeks ? Prisma.sql`${inRange} AND NOT (day >= ${weeks.first}::date AND day < ${weeks.last}::date + 7)` : inRange;
  const [whole, cut, t] = await Promise.all([
    weeks
      ? db.$queryRaw<FigureRow[]>(
          storedFiguresSql(
            "QueueWeekRollup",
            cellKey(dayText(Prisma.sql`week`)),
            Prisma.sql`"orgId" = ${org.id} AND week >= ${weeks.first}::date AND week <= ${weeks.last}::date AND ${every}`,
            target,
          ),
        )
      : Promise.resolve([]),
    db.$queryRaw<FigureRow[]>(figuresSql(Prisma.sql`"QueueDayRollup"`, cellKey(weekText), edges, target, false)),
    totals,
  ]);
  return { cells: [...whole, ...cut], totals: t };
}

/** Per launcher (campaign) and day or week (weeks start on Monday, in the org's zone). */
export async function queueByLauncher(orgId: string, input: QueueByLauncherInput): Promise<QueueByLauncherReport> {
  const parsed = queueByLauncherInput.safeParse(input);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "Choose a valid date range.");
  const grain = parsed.data.grain;
  const org = await loadOrg(orgId);
  const range = resolveRange(parsed.data, org.timeZone);
  const names = new Map((await db.launcher.findMany({ where: { orgId }, select: { id: true, name: true } })).map((l) => [l.id, l.name]));
  let read: { cells: FigureRow[]; totals: FigureRow[] };
  if (await zoneMoved(org, range)) {
    const period = (day: Prisma.Sql) => (grain === "week" ? dayText(Prisma.sql`date_trunc('week', ${day}::timestamp)`) : dayText(day));
    const [cells, totals] = await Promise.all([
      intervalFigures(org, range, null, (day) => Prisma.sql`${period(day)} || '|' || "launcherId"`),
      intervalFigures(org, range, null, () => Prisma.sql`"launcherId"`),
    ]);
    read = { cells: splitTotal(cells).rows, totals: splitTotal(totals).rows };
  } else {
    const r = await launcherCells(org, range, grain);
    read = { cells: r.cells.filter((c) => c.arrivals > 0), totals: r.totals.filter((c) => c.arrivals > 0) };
  }
  const nameOf = (id: string) => names.get(id) ?? "Deleted launcher";
  return {
    range,
    grain,
    targetSeconds: org.serviceLevelSeconds,
    launchers: read.totals
      .map((t) => ({ id: t.k, name: nameOf(t.k), total: toFigures(t) }))
      .sort((a, b) => b.total.arrivals - a.total.arrivals || a.name.localeCompare(b.name)),
    rows: read.cells
      .map((c) => {
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

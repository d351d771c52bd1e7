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

const launcherWhere = (launcher: string | null) => (launcher === null ? Prisma.sql`"launcherId" <> ${ALL_LAUNCHERS}` : Prisma.sql`"launcherId" = ${launcher}`);

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

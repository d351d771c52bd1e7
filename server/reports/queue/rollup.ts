// The queue reports' roll-ups (docs/reports.md, "Queue reports"): per 15-minute interval and
// launcher, and per local day and launcher, the arrivals and their outcomes and a histogram of the
// answered entries' waits. Both are counted by arrival: an entry belongs to the interval (day) it
// was enqueued in, whatever happened to it later. Rebuilt from QueueEntry for a window of time,
// idempotently (delete the window's rows, insert them again, one transaction).
import "server-only";
import { db } from "../../db";
import type { Rollup } from "../rollups";
import { localParts, nextDay, startOfLocalDay } from "../range";

/**
 * The histogram bucket of a wait, in SQL: whole seconds rounded up (so "within 20 s" is exactly
 * bucket <= 20), to the second up to 300 s, then 30 s up to 600, 60 s up to 3600, 300 s beyond.
 * `w` is the wait in seconds (double).
 */
export const BUCKET_SQL = (w: string) => `(CASE WHEN ceil(${w}) <= 300 THEN greatest(0, ceil(${w}))
  WHEN ceil(${w}) <= 600 THEN ceil(${w} / 30) * 30
  WHEN ceil(${w}) <= 3600 THEN ceil(${w} / 60) * 60
  ELSE ceil(${w} / 300) * 300 END)::int`;

/**
 * The launcher id of the rows that sum every launcher: the pages' default view reads one row per
 * interval (day) instead of one per launcher.
 */
export const ALL_LAUNCHERS = "*";

/**
 * Per (k, l) of `x` (rows k, l, b = bucket, n = count): the histogram as arrays, its running totals
 * and its nearest-rank median and 90th percentile, as the reports read histograms (figuresSql).
 */
function histogramRowsSql(x: string): string {
  return `
      SELECT k, l, array_agg(b ORDER BY b) AS secs, array_agg(n ORDER BY b) AS counts, array_agg(cc::int ORDER BY b) AS cums,
             min(b) FILTER (WHERE cc >= ceil(0.5 * total)) AS med, min(b) FILTER (WHERE cc >= ceil(0.9 * total)) AS p90
      FROM (SELECT k, l, b, n, sum(n) OVER (PARTITION BY k, l ORDER BY b) AS cc, sum(n) OVER (PARTITION BY k, l) AS total FROM ${x}) y
      GROUP BY k, l`;
}

/** Counts per (bucket key, launcher), and per key for all launchers, from the org's entries enqueued in [$2, $3), as one SELECT. */
function aggregateSql(keyExpr: string): string {
  return `
    WITH e AS (
      SELECT ${keyExpr} AS k, "launcherId" AS l, status,
             CASE WHEN status = 'ASSIGNED' AND "assignedAt" IS NOT NULL
                  THEN ${BUCKET_SQL(`extract(epoch FROM "assignedAt" - "enqueuedAt")`)} END AS b
      FROM "QueueEntry"
      WHERE "orgId" = $1 AND "enqueuedAt" >= $2 AND "enqueuedAt" < $3
    ), c AS (
      SELECT k, coalesce(l, '${ALL_LAUNCHERS}') AS l, count(*)::int AS arrivals,
             count(*) FILTER (WHERE status = 'ASSIGNED')::int AS answered,
             count(*) FILTER (WHERE status = 'ABANDONED')::int AS abandoned,
             count(*) FILTER (WHERE status = 'EXPIRED')::int AS expired,
             count(*) FILTER (WHERE status = 'SCHEDULED')::int AS scheduled
      FROM e GROUP BY GROUPING SETS ((k, l), (k))
    ), x AS (
      SELECT k, coalesce(l, '${ALL_LAUNCHERS}') AS l, b, count(*)::int AS n FROM e WHERE b IS NOT NULL GROUP BY GROUPING SETS ((k, l, b), (k, b))
    ), h AS (${histogramRowsSql("x")})
    SELECT c.*, coalesce(h.secs, '{}') AS secs, coalesce(h.counts, '{}') AS counts, coalesce(h.cums, '{}') AS cums, h.med, h.p90
    FROM c LEFT JOIN h USING (k, l)`;
}

/** Interval roll-up rows of `orgId` for entries enqueued in [from, to) (15-minute aligned bounds). */
export async function rebuildQueueIntervals(orgId: string, from: Date, to: Date): Promise<void> {
  const start = new Date(Math.floor(from.getTime() / 900_000) * 900_000);
  const end = new Date(Math.ceil(to.getTime() / 900_000) * 900_000);
  await db.$transaction([
    db.$executeRawUnsafe(
      `DELETE FROM "QueueIntervalRollup" WHERE "orgId" = $1 AND "intervalStart" >= $2 AND "intervalStart" < $3`,
      orgId,
      start,
      end,
    ),
    db.$executeRawUnsafe(
      `INSERT INTO "QueueIntervalRollup" ("orgId", "intervalStart", "launcherId", arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts", "waitCumulative", "waitMedian", "waitP90")
       SELECT $1, k, l, arrivals, answered, abandoned, expired, scheduled, secs, counts, cums, med, p90 FROM (${aggregateSql(`to_timestamp(floor(extract(epoch FROM "enqueuedAt") / 900) * 900)`)}) r`,
      orgId,
      start,
      end,
    ),
  ]);
}

/**
 * Day roll-up rows of `orgId` for the local days (in its time zone now) that [from, to) touches.
 * Rows of those days built in another zone are replaced too.
 */
export async function rebuildQueueDays(orgId: string, from: Date, to: Date): Promise<void> {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { timeZone: true } });
  if (!org) return;
  const tz = org.timeZone;
  const firstDay = localParts(from, tz).day;
  const lastDay = localParts(new Date(to.getTime() - 1), tz).day;
  const start = startOfLocalDay(firstDay, tz);
  const end = startOfLocalDay(nextDay(lastDay), tz);
  // The weeks holding those days, summed again from their day rows (those of other days of the week
  // included): rebuilding any day of a week rebuilds the week, so the weeks converge with the days
  // however the days are rebuilt (a month at a time, a day at a time).
  await db.$transaction([
    db.$executeRawUnsafe(
      `DELETE FROM "QueueDayRollup" WHERE "orgId" = $1 AND day >= $2::date AND day <= $3::date`,
      orgId,
      firstDay,
      lastDay,
    ),
    db.$executeRawUnsafe(
      `INSERT INTO "QueueDayRollup" ("orgId", day, "launcherId", "timeZone", arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts", "waitCumulative", "waitMedian", "waitP90")
       SELECT $1, k, l, $4, arrivals, answered, abandoned, expired, scheduled, secs, counts, cums, med, p90 FROM (${aggregateSql(`("enqueuedAt" AT TIME ZONE $4)::date`)}) r`,
      orgId,
      start,
      end,
      tz,
    ),
    db.$executeRawUnsafe(
      `DELETE FROM "QueueWeekRollup" WHERE "orgId" = $1 AND week >= ${WEEK_OF("$2::date")} AND week <= ${WEEK_OF("$3::date")}`,
      orgId,
      firstDay,
      lastDay,
    ),
    db.$executeRawUnsafe(
      `INSERT INTO "QueueWeekRollup" ("orgId", week, "launcherId", "timeZone", arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts", "waitCumulative", "waitMedian", "waitP90")
       SELECT $1, k, l, $4, arrivals, answered, abandoned, expired, scheduled, secs, counts, cums, med, p90 FROM (${weeksFromDaysSql}) r`,
      orgId,
      firstDay,
      lastDay,
      tz,
    ),
  ]);
}

/** The Monday starting the week of a date (ISO weeks; `date` is SQL). */
export const WEEK_OF = (date: string) => `date_trunc('week', (${date})::timestamp)::date`;

/** Week rows of org $1 for the weeks holding days $2..$3, from its day rows built in zone $4. */
const weeksFromDaysSql = `
    WITH d AS (
      SELECT ${WEEK_OF("day")} AS k, "launcherId" AS l, arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts"
      FROM "QueueDayRollup"
      WHERE "orgId" = $1 AND day >= ${WEEK_OF("$2::date")} AND day < ${WEEK_OF("$3::date")} + 7 AND "timeZone" = $4
    ), c AS (
      SELECT k, l, sum(arrivals)::int AS arrivals, sum(answered)::int AS answered, sum(abandoned)::int AS abandoned,
             sum(expired)::int AS expired, sum(scheduled)::int AS scheduled
      FROM d GROUP BY k, l
    ), x AS (
      SELECT k, l, u.b, sum(u.n)::int AS n FROM d, unnest("waitSecs", "waitCounts") AS u(b, n) GROUP BY k, l, u.b
    ), h AS (${histogramRowsSql("x")})
    SELECT c.*, coalesce(h.secs, '{}') AS secs, coalesce(h.counts, '{}') AS counts, coalesce(h.cums, '{}') AS cums, h.med, h.p90
    FROM c LEFT JOIN h USING (k, l)`;

export const queueIntervalRollup: Rollup = { name: "queue-intervals", rebuild: rebuildQueueIntervals };
export const queueDayRollup: Rollup = { name: "queue-days", rebuild: rebuildQueueDays };

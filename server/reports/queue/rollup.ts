// The queue reports' roll-ups (docs/reports.md, "Queue reports"): per 15-minute interval and
// launcher, and per local day and launcher, the arrivals and their outcomes and a histogram of the
// answered entries' waits. Both are counted by arrival: an entry belongs to the interval (day) it
// was enqueued in, whatever happened to it later. Rebuilt from QueueEntry for a window of time,
// idempotently (delete the window's rows, insert them again, one transaction).
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
    ), h AS (
      -- Running totals and nearest-rank percentiles, as the reports read histograms (figuresSql).
      SELECT k, l, array_agg(b ORDER BY b) AS secs, array_agg(n ORDER BY b) AS counts, array_agg(cc::int ORDER BY b) AS cums,
             min(b) FILTER (WHERE cc >= ceil(0.5 * total)) AS med, min(b) FILTER (WHERE cc >= ceil(0.9 * total)) AS p90
      FROM (SELECT k, l, b, n, sum(n) OVER (PARTITION BY k, l ORDER BY b) AS cc, sum(n) OVER (PARTITION BY k, l) AS total FROM x) y
      GROUP BY k, l
    )
    SELECT c.*, coalesce(h.secs, '{}') AS secs, coalesce(h.counts, '{}') AS counts, coalesce(h.cums, '{}') AS cums, h.med, h.p90
    FROM c LEFT JOIN h USING (k, l)`;
}

/** Interval roll-up rows of `orgId` for entries enqueued in [from, to) (15-minute aligned bounds). */
export async function rebuildQueueIntervals(orgId: string, from: Date, to: Date): Promise<void> {
  const start = new Date(Math.floor(from.getTime() / 900_000) * 900_000);
  const end = new Date(Math.ceil(to.getTime() / 900_000) * 900_000);
  await db.$transaction([
    db.$executeRawUnsafe(`DELETE FROM "QueueIntervalRollup" WHERE "orgId" = $1 AND "intervalStart" >= $2 AND "intervalStart" < $3`, orgId, start, end),
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
  await db.$transaction([
    db.$executeRawUnsafe(`DELETE FROM "QueueDayRollup" WHERE "orgId" = $1 AND day >= $2::date AND day <= $3::date`, orgId, firstDay, lastDay),
    db.$executeRawUnsafe(
      `INSERT INTO "QueueDayRollup" ("orgId", day, "launcherId", "timeZone", arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts")
       SELECT $1, k, l, $4, arrivals, answered, abandoned, expired, scheduled, secs, counts FROM (${aggregateSql(`("enqueuedAt" AT TIME ZONE $4)::date`)}) r`,
      orgId,
      start,
      end,
      tz,
    ),
  ]);
}

/**
 * Orgs whose day rows were built in a zone they no longer use (the admin changed it): all their day
 * rows are dropped and rebuilt over their whole history. Answers the orgs it rebuilt.
 */
export async function rebuildQueueDaysOfMovedOrgs(): Promise<string[]> {
  const moved = await db.$queryRaw<{ orgId: string }[]>`
    SELECT DISTINCT r."orgId" FROM "QueueDayRollup" r JOIN "Organization" o ON o.id = r."orgId" WHERE r."timeZone" <> o."timeZone"`;
  for (const { orgId } of moved) {
    const span = await db.queueEntry.aggregate({ where: { orgId }, _min: { enqueuedAt: true }, _max: { enqueuedAt: true } });
    await db.$executeRaw`DELETE FROM "QueueDayRollup" WHERE "orgId" = ${orgId}`;
    if (span._min.enqueuedAt && span._max.enqueuedAt) await rebuildQueueDays(orgId, span._min.enqueuedAt, new Date(span._max.enqueuedAt.getTime() + 1));
  }
  return moved.map((m) => m.orgId);
}

export const queueIntervalRollup: Rollup = { name: "queue-intervals", rebuild: rebuildQueueIntervals };
export const queueDayRollup: Rollup = { name: "queue-days", rebuild: rebuildQueueDays };

// The staffing roll-up: per 15-minute interval (StaffingInterval), queue demand and the seconds
// agents were ready, so a week's advice reads 672 rows instead of the week's queue entries,
// sessions and status history. Handle time belongs to the interval the session started in; the
// refresh is driven by what ended, so the window is widened a day back. Ready time is rolled up
// from closed spans only (a status row followed by that agent's next one): a span still open
// grows every minute without a new row, so the report adds it live (report.ts).
import "server-only";
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import type { Rollup } from "../rollups";

const DAY_MS = 86_400_000;
/** A span closed today may have begun long ago; the rebuild reaches back this far at most. */
const MAX_SPAN_DAYS = 366;

export interface DemandRow {
  start: Date;
  arrivals: number;
  handled: number;
  handleSeconds: number;
  /** Ready seconds from closed spans (roll-up rows only; the base-table demand has none). */
  readySeconds?: number;
}

/** Demand per interval straight from the base tables: the roll-up's source and the naive baseline. */
function demandSql(orgId: string, from: Date, to: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT b AS start, sum(arrivals)::int AS arrivals, sum(handled)::int AS handled, sum(secs)::float8 AS "handleSeconds"
    FROM (
      SELECT date_bin('15 minutes', q."enqueuedAt", TIMESTAMPTZ 'epoch') AS b, count(*) AS arrivals, 0 AS handled, 0::float8 AS secs
      FROM "QueueEntry" q
      WHERE q."orgId" = ${orgId} AND q."enqueuedAt" >= ${from} AND q."enqueuedAt" < ${to}
      GROUP BY 1
      UNION ALL
      SELECT date_bin('15 minutes', s."startedAt", TIMESTAMPTZ 'epoch'), 0, count(*), sum(extract(epoch FROM s."endedAt" - s."startedAt"))::float8
      FROM "Session" s
      WHERE s."orgId" = ${orgId} AND s."startedAt" >= ${from} AND s."startedAt" < ${to}
        AND s."queueEntryId" IS NOT NULL AND s."endedAt" IS NOT NULL
      GROUP BY 1
    ) d
    GROUP BY b`;
}

/**
 * Ready spans overlapping [from, to), clipped to it: `e` is null for a span still open (the
 * agent's latest row). Each member's last row before the window and first row after it are read
 * by index probes, so a span crossing the window's edges gets its true ends.
 */
export function readySpansSql(orgId: string, from: Date, to: Date): Prisma.Sql {
  return Prisma.sql`
    WITH changes AS (
      SELECT c."membershipId", c.routable, c.at FROM "AgentStatusChange" c
      WHERE c."orgId" = ${orgId} AND c.at >= ${from} AND c.at < ${to}
      UNION ALL
      SELECT p."membershipId", p.routable, p.at FROM "Membership" m
      CROSS JOIN LATERAL (
        (SELECT c."membershipId", c.routable, c.at FROM "AgentStatusChange" c
          WHERE c."orgId" = ${orgId} AND c."membershipId" = m.id AND c.at < ${from} ORDER BY c.at DESC LIMIT 1)
        UNION ALL
        (SELECT c."membershipId", c.routable, c.at FROM "AgentStatusChange" c
          WHERE c."orgId" = ${orgId} AND c."membershipId" = m.id AND c.at >= ${to} ORDER BY c.at LIMIT 1)
      ) p
      WHERE m."orgId" = ${orgId}
    ), spans AS (
      SELECT routable, at AS s, lead(at) OVER (PARTITION BY "membershipId" ORDER BY at) AS e FROM changes
    )
    SELECT greatest(s, ${from}::timestamptz) AS s, CASE WHEN e IS NULL THEN NULL ELSE least(e, ${to}::timestamptz) END AS e
    FROM spans WHERE routable AND s < ${to} AND (e IS NULL OR e > ${from})`;
}

export function demandFromBaseTables(orgId: string, from: Date, to: Date): Promise<DemandRow[]> {
  return db.$queryRaw<DemandRow[]>(Prisma.sql`${demandSql(orgId, from, to)} ORDER BY 1`);
}

export async function rebuildStaffing(orgId: string, from: Date, to: Date): Promise<void> {
  let start = new Date(from.getTime() - DAY_MS);
  // A status row in the window closes its agent's previous span, which may have begun days ago:
  // those days gain its ready time now, so they are rebuilt too.
  const [opened] = await db.$queryRaw<{ at: Date | null }[]>`
    SELECT min(prev.at) AS at FROM "AgentStatusChange" r
    CROSS JOIN LATERAL (
      SELECT p.at FROM "AgentStatusChange" p
      WHERE p."orgId" = ${orgId} AND p."membershipId" = r."membershipId" AND p.at < r.at ORDER BY p.at DESC LIMIT 1
    ) prev
    WHERE r."orgId" = ${orgId} AND r.at >= ${from} AND r.at < ${to}`;
  if (opened?.at && opened.at < start) {
    const floor = new Date(from.getTime() - MAX_SPAN_DAYS * DAY_MS);
    start = new Date(Math.floor(Math.max(opened.at.getTime(), floor.getTime()) / DAY_MS) * DAY_MS);
  }
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`DELETE FROM "StaffingInterval" WHERE "orgId" = ${orgId} AND start >= ${start} AND start < ${to}`;
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO "StaffingInterval" ("orgId", start, arrivals, handled, "handleSeconds", "readySeconds")
      SELECT ${orgId}, b, sum(arrivals)::int, sum(handled)::int, sum(secs)::float8, sum(ready)::float8
      FROM (
        SELECT d.start AS b, d.arrivals, d.handled, d."handleSeconds" AS secs, 0::float8 AS ready FROM (${demandSql(orgId, start, to)}) d
        UNION ALL
        SELECT b, 0, 0, 0, sum(extract(epoch FROM least(r.e, b + interval '15 minutes') - greatest(r.s, b)))::float8
        FROM (${readySpansSql(orgId, start, to)}) r
        CROSS JOIN LATERAL generate_series(date_bin('15 minutes', r.s, TIMESTAMPTZ 'epoch'), r.e, interval '15 minutes') AS b
        WHERE r.e IS NOT NULL AND b < r.e
        GROUP BY b
      ) x
      GROUP BY b`);
  });
}

export const staffingRollup: Rollup = { name: "staffing", rebuild: rebuildStaffing };

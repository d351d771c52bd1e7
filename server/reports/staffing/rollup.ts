// The staffing roll-up: queue demand per 15-minute interval (StaffingInterval), so a week's advice
// reads 672 rows instead of the week's queue entries and sessions. Handle time belongs to the
// interval the session started in; the refresh is driven by what ended, so the window is widened a
// day back to reach sessions that started the day before they ended.
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import type { Rollup } from "../rollups";

const DAY_MS = 86_400_000;

export interface DemandRow {
  start: Date;
  arrivals: number;
  handled: number;
  handleSeconds: number;
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

export function demandFromBaseTables(orgId: string, from: Date, to: Date): Promise<DemandRow[]> {
  return db.$queryRaw<DemandRow[]>(Prisma.sql`${demandSql(orgId, from, to)} ORDER BY 1`);
}

export function demandFromRollup(orgId: string, from: Date, to: Date): Promise<DemandRow[]> {
  return db.$queryRaw<DemandRow[]>`
    SELECT start, arrivals, handled, "handleSeconds" FROM "StaffingInterval"
    WHERE "orgId" = ${orgId} AND start >= ${from} AND start < ${to} ORDER BY start`;
}

export async function rebuildStaffing(orgId: string, from: Date, to: Date): Promise<void> {
  const start = new Date(from.getTime() - DAY_MS);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`DELETE FROM "StaffingInterval" WHERE "orgId" = ${orgId} AND start >= ${start} AND start < ${to}`;
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO "StaffingInterval" ("orgId", start, arrivals, handled, "handleSeconds")
      SELECT ${orgId}, d.start, d.arrivals, d.handled, d."handleSeconds" FROM (${demandSql(orgId, start, to)}) d`);
  });
}

export const staffingRollup: Rollup = { name: "staffing", rebuild: rebuildStaffing };

// Queue report cases: the roll-up reads of server/reports/queue/report.ts against the same answer
// computed from QueueEntry (percentiles and the service level in SQL over every entry).
import { db } from "../../server/db";
import { BUCKET_SQL } from "../../server/reports/queue/rollup";
import { queueByLauncher, queueDays, queueIntervals, toFigures, type QueueFigures } from "../../server/reports/queue/report";
import type { ReportRange } from "../../server/reports/range";
import type { ReportBenchCase } from "./case";

type NaiveRow = {
  k: Date | string;
  l?: string;
  arrivals: number;
  answered: number;
  abandoned: number;
  expired: number;
  scheduled: number;
  med: number | null;
  p90: number | null;
  within: number;
};

/** The same figures as the roll-ups give, from every entry of the range, grouped by `keySql`. */
async function naive(orgId: string, range: ReportRange, keySql: string, byLauncher: boolean): Promise<NaiveRow[]> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { serviceLevelSeconds: true } });
  return db.$queryRawUnsafe<NaiveRow[]>(
    `WITH e AS (
       SELECT ${keySql} AS k, "launcherId" AS l, status,
              CASE WHEN status = 'ASSIGNED' AND "assignedAt" IS NOT NULL THEN ${BUCKET_SQL(`extract(epoch FROM "assignedAt" - "enqueuedAt")`)} END AS b
       FROM "QueueEntry" WHERE "orgId" = $1 AND "enqueuedAt" >= $2 AND "enqueuedAt" < $3)
     SELECT k, ${byLauncher ? "l," : ""} count(*)::int AS arrivals,
            count(*) FILTER (WHERE status = 'ASSIGNED')::int AS answered,
            count(*) FILTER (WHERE status = 'ABANDONED')::int AS abandoned,
            count(*) FILTER (WHERE status = 'EXPIRED')::int AS expired,
            count(*) FILTER (WHERE status = 'SCHEDULED')::int AS scheduled,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY b) AS med,
            percentile_disc(0.9) WITHIN GROUP (ORDER BY b) AS p90,
            count(*) FILTER (WHERE b <= $4)::int AS within
     FROM e GROUP BY k${byLauncher ? ", l" : ""} ORDER BY k${byLauncher ? ", l" : ""}`,
    orgId,
    range.start,
    range.end,
    org.serviceLevelSeconds,
  );
}

const figures = toFigures;

export const cases: ReportBenchCase[] = [
  {
    name: "queue: 15-minute intervals, 30 days",
    fast: async (ctx) =>
      (await queueIntervals(ctx.orgId, { from: ctx.range.fromDay, to: ctx.range.toDay })).rows.map(({ start, ...f }) => ({
        start,
        ...pick(f),
      })),
    naive: async (ctx) =>
      (await naive(ctx.orgId, ctx.range, `to_timestamp(floor(extract(epoch FROM "enqueuedAt") / 900) * 900)`, false)).map((r) => ({
        start: (r.k as Date).toISOString(),
        ...figures(r),
      })),
  },
  {
    name: "queue: days, 12 months",
    fast: async (ctx) =>
      (await queueDays(ctx.orgId, { from: ctx.year.fromDay, to: ctx.year.toDay })).rows.map(({ day, ...f }) => ({ day, ...pick(f) })),
    naive: async (ctx) =>
      (
        await naive(
          ctx.orgId,
          ctx.year,
          `to_char("enqueuedAt" AT TIME ZONE '${ctx.year.timeZone.replaceAll("'", "")}', 'YYYY-MM-DD')`,
          false,
        )
      ).map((r) => ({
        day: r.k as string,
        ...figures(r),
      })),
  },
  {
    name: "queue: by launcher per week, 12 months",
    fast: async (ctx) => {
      const r = await queueByLauncher(ctx.orgId, { from: ctx.year.fromDay, to: ctx.year.toDay, grain: "week" });
      return r.rows.map((x) => ({ launcherId: x.launcherId, period: x.period, ...pick(x) })).sort(byKey);
    },
    naive: async (ctx) => {
      const tz = ctx.year.timeZone.replaceAll("'", "");
      const rows = await naive(ctx.orgId, ctx.year, `to_char(date_trunc('week', "enqueuedAt" AT TIME ZONE '${tz}'), 'YYYY-MM-DD')`, true);
      return rows.map((r) => ({ launcherId: r.l!, period: r.k as string, ...figures(r) })).sort(byKey);
    },
  },
];

function pick(f: QueueFigures): QueueFigures {
  const { arrivals, answered, abandoned, expired, scheduled, waitMedian, waitP90, withinTarget, serviceLevel } = f;
  return { arrivals, answered, abandoned, expired, scheduled, waitMedian, waitP90, withinTarget, serviceLevel };
}
const byKey = (a: { launcherId: string; period: string }, b: { launcherId: string; period: string }) =>
  a.period.localeCompare(b.period) || a.launcherId.localeCompare(b.launcherId);

// Usage roll-ups: per agent per local day, sessions per local hour, and counts by launcher,
// scenario, entry page and pages led to. Each SELECT below computes a window's rows from the base
// tables; the roll-up inserts them, and the bench's naive baseline aggregates the same SELECTs
// directly, so "fast" and "naive" can only differ by the roll-up being stale.
import "server-only";
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import type { Rollup } from "../rollups";
import { localDayWindow, orgTimeZone, type LocalDayWindow } from "./window";

type W = Pick<LocalDayWindow, "timeZone" | "start" | "end">;

/** How long before the window a seat may have started and still be open (for sessions at once). */
const SEAT_LOOKBACK_MS = 86_400_000;

/** Query strings (and referrer fragments) make every visit its own page; a page is the URL before them. */
export const pageKey = (col: Prisma.Sql) => Prisma.sql`LEFT(regexp_replace(${col}, '[?#].*$', ''), 300)`;

/** Per agent seat of an ended session that started in the window: the facts of one agent-day row. */
export function agentDaySelect(orgId: string, w: W): Prisma.Sql {
  const wideStart = new Date(w.start.getTime() - SEAT_LOOKBACK_MS);
  return Prisma.sql`
    WITH sess AS (
      SELECT s.id, s."endedAt" FROM "Session" s
      WHERE s."orgId" = ${orgId} AND s."startedAt" >= ${wideStart} AND s."startedAt" < ${w.end} AND s."endedAt" IS NOT NULL
    ), seats AS (
      SELECT p.id, p."sessionId", p."membershipId" AS m, p."joinedAt" AS j, sess."endedAt" AS e,
             GREATEST(p."joinedAt", COALESCE(p."leftAt", sess."endedAt")) AS l
      FROM sess JOIN "Participant" p ON p."orgId" = ${orgId} AND p."sessionId" = sess.id
      WHERE p.role = 'AGENT' AND p."membershipId" IS NOT NULL
    ), ev AS (
      SELECT m, j AS t, 1 AS d, id FROM seats
      UNION ALL SELECT m, l, -1, NULL FROM seats
    ), run AS (
      -- A leave sorts before a join at the same instant: back-to-back sessions are not "at once".
      SELECT id, SUM(d) OVER (PARTITION BY m ORDER BY t, d ROWS UNBOUNDED PRECEDING) AS c FROM ev
    ), vis AS (
      SELECT seat.id, SUM(GREATEST(0, EXTRACT(EPOCH FROM LEAST(seat.l, COALESCE(v."leftAt", seat.e)) - GREATEST(seat.j, v."joinedAt")))) AS sec
      FROM seats seat JOIN "Participant" v ON v."orgId" = ${orgId} AND v."sessionId" = seat."sessionId" AND v.role IN ('VISITOR', 'ATTENDEE')
      WHERE seat.j >= ${w.start}
      GROUP BY seat.id
    ), reply AS (
      SELECT seat.id, MIN(x."createdAt") AS first
      FROM seats seat JOIN "SessionEvent" x ON x."orgId" = ${orgId} AND x."sessionId" = seat."sessionId"
        AND x.stream = 'room' AND x.type = 'chat' AND x."actorParticipantId" = seat.id
      WHERE seat.j >= ${w.start}
      GROUP BY seat.id
    )
    SELECT (seat.j AT TIME ZONE ${w.timeZone})::date AS day, seat.m AS "membershipId",
           COUNT(DISTINCT seat."sessionId")::int AS sessions,
           ROUND(SUM(EXTRACT(EPOCH FROM seat.l - seat.j)))::int AS "handleSeconds",
           ROUND(COALESCE(SUM(vis.sec), 0))::int AS "visitorSeconds",
           COUNT(reply.first)::int AS "repliedSessions",
           ROUND(COALESCE(SUM(EXTRACT(EPOCH FROM reply.first - seat.j)), 0))::int AS "firstReplySeconds",
           MAX(run.c)::int AS "peakSessions"
    FROM seats seat JOIN run ON run.id = seat.id LEFT JOIN vis ON vis.id = seat.id LEFT JOIN reply ON reply.id = seat.id
    WHERE seat.j >= ${w.start} AND seat.j < ${w.end}
    GROUP BY 1, 2`;
}

/** One row per ended session that started in the window, with its visitors' seconds. */
export function sessionFactsSelect(orgId: string, w: W): Prisma.Sql {
  return Prisma.sql`
    SELECT s.id, (s."startedAt" AT TIME ZONE ${w.timeZone})::date AS day,
           EXTRACT(HOUR FROM s."startedAt" AT TIME ZONE ${w.timeZone})::int AS hour,
           COALESCE(s."launcherId", '') AS "launcherId", s."scenarioId",
           COALESCE((SELECT SUM(GREATEST(0, EXTRACT(EPOCH FROM COALESCE(p."leftAt", s."endedAt") - p."joinedAt")))
                     FROM "Participant" p WHERE p."orgId" = ${orgId} AND p."sessionId" = s.id AND p.role IN ('VISITOR', 'ATTENDEE')), 0) AS vsec
    FROM "Session" s
    WHERE s."orgId" = ${orgId} AND s."startedAt" >= ${w.start} AND s."startedAt" < ${w.end} AND s."endedAt" IS NOT NULL`;
}

/** Arrivals by the page the launcher sat on (the visitor's referring page), whatever became of them. */
export function pageSelect(orgId: string, w: W): Prisma.Sql {
  return Prisma.sql`
    SELECT (q."enqueuedAt" AT TIME ZONE ${w.timeZone})::date AS day, ${pageKey(Prisma.sql`q."referrerUrl"`)} AS key, COUNT(*)::int AS count
    FROM "QueueEntry" q
    WHERE q."orgId" = ${orgId} AND q."enqueuedAt" >= ${w.start} AND q."enqueuedAt" < ${w.end} AND COALESCE(q."referrerUrl", '') <> ''
    GROUP BY 1, 2`;
}

/** Sessions led to each page (room navigate events), on the day they were led there. */
export function navigateSelect(orgId: string, w: W): Prisma.Sql {
  return Prisma.sql`
    SELECT (e."createdAt" AT TIME ZONE ${w.timeZone})::date AS day, ${pageKey(Prisma.sql`(e.payload->>'url')`)} AS key, COUNT(DISTINCT e."sessionId")::int AS count
    FROM "SessionEvent" e
    WHERE e."orgId" = ${orgId} AND e.type = 'navigate' AND e.stream = 'room' AND e."createdAt" >= ${w.start} AND e."createdAt" < ${w.end}
      AND COALESCE(e.payload->>'url', '') <> ''
    GROUP BY 1, 2`;
}

export const USAGE_DIM_KINDS = ["launcher", "scenario", "page", "navigate"] as const;

export async function rebuildUsage(orgId: string, from: Date, to: Date): Promise<void> {
  const w = localDayWindow(await orgTimeZone(orgId), from, to);
  const days = Prisma.sql`day BETWEEN ${w.fromDay}::date AND ${w.toDay}::date`;
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`DELETE FROM "RollupAgentDay" WHERE "orgId" = ${orgId} AND ${days}`;
      await tx.$executeRaw`DELETE FROM "RollupUsageHour" WHERE "orgId" = ${orgId} AND ${days}`;
      await tx.$executeRaw`DELETE FROM "RollupUsageDim" WHERE "orgId" = ${orgId} AND kind = ANY(${[...USAGE_DIM_KINDS]}::text[]) AND ${days}`;
      await tx.$executeRaw`
        INSERT INTO "RollupAgentDay" ("orgId", day, "membershipId", sessions, "handleSeconds", "visitorSeconds", "repliedSessions", "firstReplySeconds", "peakSessions")
        SELECT ${orgId}, a.* FROM (${agentDaySelect(orgId, w)}) a`;
      await tx.$executeRaw`CREATE TEMP TABLE usage_sessions ON COMMIT DROP AS ${sessionFactsSelect(orgId, w)}`;
      await tx.$executeRaw`
        INSERT INTO "RollupUsageHour" ("orgId", day, hour, sessions, "visitorSeconds")
        SELECT ${orgId}, day, hour, COUNT(*), ROUND(SUM(vsec)) FROM usage_sessions GROUP BY day, hour`;
      await tx.$executeRaw`
        INSERT INTO "RollupUsageDim" ("orgId", kind, day, key, count, seconds)
        SELECT ${orgId}, 'launcher', day, "launcherId", COUNT(*), ROUND(SUM(vsec)) FROM usage_sessions GROUP BY day, "launcherId"
        UNION ALL
        SELECT ${orgId}, 'scenario', day, "scenarioId", COUNT(*), ROUND(SUM(vsec)) FROM usage_sessions GROUP BY day, "scenarioId"`;
      await tx.$executeRaw`
        INSERT INTO "RollupUsageDim" ("orgId", kind, day, key, count, seconds)
        SELECT ${orgId}, 'page', p.day, p.key, p.count, 0 FROM (${pageSelect(orgId, w)}) p`;
      await tx.$executeRaw`
        INSERT INTO "RollupUsageDim" ("orgId", kind, day, key, count, seconds)
        SELECT ${orgId}, 'navigate', n.day, n.key, n.count, 0 FROM (${navigateSelect(orgId, w)}) n`;
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}

export const usageRollup: Rollup = { name: "usage", rebuild: rebuildUsage };

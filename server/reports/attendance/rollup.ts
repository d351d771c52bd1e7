// The attendance roll-up: one AttendanceEvent row per collaboration or auditorium session with its
// people and person-minutes, so the list of a month's events reads a few hundred rows instead of
// every seat of every event. A person is a visitor (or a member for staff); rejoins and overlapping
// seats are merged with range_agg, so a minute is never counted twice for one person.
import "server-only";
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import type { Rollup } from "../rollups";

const DAY_MS = 86_400_000;

/** Seats that count as attendance: everyone visible in the room (monitors and prompters are not). */
export const ATTENDING_ROLES = Prisma.sql`('VISITOR', 'AGENT', 'ATTENDEE', 'SPEAKER', 'PRODUCER')`;

/**
 * One row per person of the sessions `sessions` selects (a SQL fragment with a "sessionId"/"startedAt"
 * /"endedAt" shape): their merged presence, clipped to the session, until `now` for live ones.
 */
export function presenceSql(sessions: Prisma.Sql, now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT p."sessionId",
           CASE WHEN p."visitorId" IS NOT NULL THEN 'v:' || p."visitorId"
                WHEN p."membershipId" IS NOT NULL THEN 'm:' || p."membershipId"
                ELSE 'p:' || p.id END AS person,
           range_agg(tstzrange(greatest(p."joinedAt", s."startedAt"),
                               greatest(greatest(p."joinedAt", s."startedAt"), least(coalesce(p."leftAt", s."endedAt", ${now}::timestamptz), coalesce(s."endedAt", ${now}::timestamptz))))) AS present,
           count(*)::int AS seats
    FROM (${sessions}) s
    JOIN "Participant" p ON p."sessionId" = s."sessionId" AND p.role IN ${ATTENDING_ROLES}
    GROUP BY 1, 2`;
}

const minutesOf = Prisma.sql`(SELECT coalesce(sum(extract(epoch FROM upper(r) - lower(r))), 0) FROM unnest(x.present) AS r) / 60.0`;

/** Event rows (as AttendanceEvent holds them) for the sessions `sessions` selects, from the base tables. */
export function eventsSql(orgId: string, sessions: Prisma.Sql, now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT s.id AS "sessionId", s."orgId", s.kind, coalesce(nullif(s.title, ''), sc.name) AS title, s."startedAt", s."endedAt",
           count(x.person)::int AS people, coalesce(sum(x.seats), 0)::int AS seats, coalesce(sum(${minutesOf}), 0)::float8 AS "personMinutes"
    FROM (${sessions}) t
    JOIN "Session" s ON s.id = t."sessionId"
    JOIN "Scenario" sc ON sc.id = s."scenarioId"
    LEFT JOIN (${presenceSql(sessions, now)}) x ON x."sessionId" = s.id
    WHERE s."orgId" = ${orgId}
    GROUP BY s.id, sc.name`;
}

export async function rebuildAttendance(orgId: string, from: Date, to: Date, now = new Date()): Promise<void> {
  const start = new Date(from.getTime() - DAY_MS);
  // Sessions started in the (widened) window, or ended in it: a long room is refreshed when it ends.
  const touched = Prisma.sql`
    SELECT s.id AS "sessionId", s."startedAt", s."endedAt" FROM "Session" s
    WHERE s."orgId" = ${orgId} AND s.kind <> 'ONE_ON_ONE'
      AND ((s."startedAt" >= ${start} AND s."startedAt" < ${to}) OR (s."endedAt" >= ${from} AND s."endedAt" < ${to}))`;
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`
      DELETE FROM "AttendanceEvent" WHERE "orgId" = ${orgId}
        AND (("startedAt" >= ${start} AND "startedAt" < ${to}) OR ("endedAt" >= ${from} AND "endedAt" < ${to}))`;
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO "AttendanceEvent" ("sessionId", "orgId", kind, title, "startedAt", "endedAt", people, seats, "personMinutes")
      SELECT * FROM (${eventsSql(orgId, touched, now)}) e
      ON CONFLICT ("sessionId") DO UPDATE SET title = excluded.title, "endedAt" = excluded."endedAt", people = excluded.people,
        seats = excluded.seats, "personMinutes" = excluded."personMinutes"`);
  });
}

export const attendanceRollup: Rollup = { name: "attendance", rebuild: (orgId, from, to) => rebuildAttendance(orgId, from, to) };

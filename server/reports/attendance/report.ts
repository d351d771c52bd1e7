// Attendance reports (docs/reports.md, "Staffing and attendance"): the collaboration and auditorium
// sessions of a range with their people and person-minutes (from the AttendanceEvent roll-up), and
// for one session who attended, first join and last leave, minutes present and share of the event
// (read live from its seats), with a certificate per attendee.
import "server-only";
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import { AppError, notFound } from "../../errors";
import { isPlausibleCursorTime } from "../archive/search";
import { resolveRange, type ReportRangeInput } from "../range";
import { eventsSql, presenceSql } from "./rollup";

export const EVENTS_PAGE_SIZE = 50;

export interface AttendanceEventRow {
  sessionId: string;
  kind: "COLLABORATION" | "AUDITORIUM";
  title: string;
  startedAt: Date;
  endedAt: Date | null;
  people: number;
  seats: number;
  personMinutes: number;
}

async function orgZone(orgId: string): Promise<string> {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { timeZone: true } });
  if (!org) throw notFound("Organization");
  return org.timeZone;
}

/** "2026-03-02T10:00:00.000Z|sessionId": the last row of a page, newest first. */
function parseCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = cursor.split("|");
  const t = at ? new Date(at) : null;
  if (!t || !isPlausibleCursorTime(t) || !id) throw new AppError("BAD_REQUEST", "That page link is not valid; start from the first page.");
  return { at: t, id };
}

/**
 * A range's events, newest first, a page at a time. `source: "base"` computes the same rows from the
 * sessions and seats (the bench's baseline).
 */
export async function attendanceEvents(
  orgId: string,
  input: ReportRangeInput & { cursor?: string },
  opts: { source?: "rollup" | "base"; now?: Date } = {},
): Promise<{ timeZone: string; fromDay: string; toDay: string; events: AttendanceEventRow[]; nextCursor: string | null }> {
  const timeZone = await orgZone(orgId);
  const range = resolveRange(input, timeZone);
  const after = parseCursor(input.cursor);
  const keyset = after ? Prisma.sql`AND ("startedAt", "sessionId") < (${after.at}, ${after.id})` : Prisma.empty;
  const source =
    opts.source === "base"
      ? Prisma.sql`(${eventsSql(
          orgId,
          Prisma.sql`SELECT id AS "sessionId", "startedAt", "endedAt" FROM "Session"
                     WHERE "orgId" = ${orgId} AND kind <> 'ONE_ON_ONE' AND "startedAt" >= ${range.start} AND "startedAt" < ${range.end}`,
          opts.now ?? new Date(),
        )})`
      : Prisma.sql`"AttendanceEvent"`;
  const rows = await db.$queryRaw<AttendanceEventRow[]>(Prisma.sql`
    SELECT "sessionId", kind::text AS kind, title, "startedAt", "endedAt", people, seats, "personMinutes"
    FROM ${source} e
    WHERE "orgId" = ${orgId} AND "startedAt" >= ${range.start} AND "startedAt" < ${range.end} ${keyset}
    ORDER BY "startedAt" DESC, "sessionId" DESC
    LIMIT ${EVENTS_PAGE_SIZE + 1}`);
  const more = rows.length > EVENTS_PAGE_SIZE;
  const events = rows.slice(0, EVENTS_PAGE_SIZE);
  const last = events[events.length - 1];
  return {
    timeZone,
    fromDay: range.fromDay,
    toDay: range.toDay,
    events,
    nextCursor: more && last ? `${last.startedAt.toISOString()}|${last.sessionId}` : null,
  };
}

export interface Attendee {
  /** "v:visitorId", "m:membershipId" or "p:participantId": the certificate's key. */
  person: string;
  name: string;
  /** The last role held (a speaker may have come from the audience). */
  role: string;
  staff: boolean;
  firstJoined: Date;
  /** The last leave; null while still present. */
  lastLeft: Date | null;
  seats: number;
  minutesPresent: number;
  /** Share of the event's duration present, 0..1. */
  share: number;
}

export interface EventAttendance {
  sessionId: string;
  orgName: string;
  timeZone: string;
  kind: "COLLABORATION" | "AUDITORIUM";
  title: string;
  startedAt: Date;
  endedAt: Date | null;
  durationMinutes: number;
  attendees: Attendee[];
}

/** Who attended one collaboration or auditorium session. Another org's session is NOT_FOUND. */
export async function eventAttendance(orgId: string, sessionId: string, now = new Date()): Promise<EventAttendance> {
  const s = await db.session.findFirst({
    where: { id: sessionId, orgId, kind: { in: ["COLLABORATION", "AUDITORIUM"] } },
    select: {
      id: true,
      kind: true,
      title: true,
      startedAt: true,
      endedAt: true,
      scenario: { select: { name: true } },
      org: { select: { name: true, timeZone: true } },
    },
  });
  if (!s) throw notFound("Event");
  const until = s.endedAt ?? now;
  const eventSeconds = Math.max(0, (until.getTime() - s.startedAt.getTime()) / 1000);
  const one = Prisma.sql`SELECT id AS "sessionId", "startedAt", "endedAt" FROM "Session" WHERE id = ${s.id} AND "orgId" = ${orgId}`;
  const rows = await db.$queryRaw<
    {
      person: string;
      seconds: number;
      seats: number;
      firstJoined: Date;
      lastLeft: Date | null;
      name: string;
      role: string;
      staff: boolean;
    }[]
  >(Prisma.sql`
    SELECT x.person, x.seats,
           (SELECT coalesce(sum(extract(epoch FROM upper(r) - lower(r))), 0) FROM unnest(x.present) AS r)::float8 AS seconds,
           f."firstJoined", f."lastLeft", f.name, f.role, f.staff
    FROM (${presenceSql(one, now)}) x
    CROSS JOIN LATERAL (
      SELECT min(p."joinedAt") AS "firstJoined",
             CASE WHEN bool_or(p."leftAt" IS NULL) AND ${s.endedAt}::timestamptz IS NULL THEN NULL
                  ELSE max(coalesce(p."leftAt", ${s.endedAt}::timestamptz)) END AS "lastLeft",
             (array_agg(p."displayName" ORDER BY p."joinedAt" DESC))[1] AS name,
             (array_agg(p.role::text ORDER BY p."joinedAt" DESC))[1] AS role,
             bool_or(p."membershipId" IS NOT NULL) AS staff
      FROM "Participant" p
      WHERE p."sessionId" = x."sessionId"
        AND CASE WHEN p."visitorId" IS NOT NULL THEN 'v:' || p."visitorId"
                 WHEN p."membershipId" IS NOT NULL THEN 'm:' || p."membershipId"
                 ELSE 'p:' || p.id END = x.person
    ) f
    ORDER BY f.staff DESC, f."firstJoined", x.person`);
  return {
    sessionId: s.id,
    orgName: s.org.name,
    timeZone: s.org.timeZone,
    kind: s.kind as "COLLABORATION" | "AUDITORIUM",
    title: s.title || s.scenario.name,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    durationMinutes: Math.round((eventSeconds / 60) * 10) / 10,
    attendees: rows.map((r) => ({
      person: r.person,
      name: r.name,
      role: r.role,
      staff: r.staff,
      firstJoined: r.firstJoined,
      lastLeft: r.lastLeft,
      seats: r.seats,
      minutesPresent: Math.round((r.seconds / 60) * 10) / 10,
      share: eventSeconds > 0 ? Math.min(1, r.seconds / eventSeconds) : 0,
    })),
  };
}

/** One attendee's certificate: the event and their presence. An unknown person is NOT_FOUND. */
export async function attendanceCertificate(orgId: string, sessionId: string, person: string, now = new Date()) {
  const event = await eventAttendance(orgId, sessionId, now);
  const attendee = event.attendees.find((a) => a.person === person);
  if (!attendee) throw notFound("Attendee");
  const { attendees: _all, ...rest } = event;
  return { ...rest, attendee };
}

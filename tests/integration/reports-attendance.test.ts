// Attendance on a small fixture with hand-computed answers. A collaboration room from 15:00Z to
// 16:00Z: the agent all hour (60 min), visitor Vi in two seats 0-20 and 30-60 (50 min, 5/6 of the
// event), visitor Wu joined at 10 and never left before the end (50 min), visitor Xo in two
// overlapping seats 5-25 and 15-35 (30 min, counted once), a monitor (not attendance). People 4,
// seats 6, person-minutes 190. An auditorium the next day, a one-on-one (never listed), and
// another org's room.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { rebuildAttendance } from "../../server/reports/attendance/rollup";
import { attendanceEvents } from "../../server/reports/attendance/report";
import { callerFor, createLiveSession, createVisitor, seedOrg } from "../helpers/factories";

let s: Awaited<ReturnType<typeof seedOrg>>;
let other: Awaited<ReturnType<typeof seedOrg>>;
let roomId: string;
let auditoriumId: string;
let otherRoomId: string;
let vi: string;
const T0 = Date.UTC(2026, 5, 10, 15, 0);
const min = (m: number) => new Date(T0 + m * 60_000);
const range = { from: "2026-06-01", to: "2026-06-30" };

async function codeOf(p: Promise<unknown>): Promise<[string, string]> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return [(e as TRPCError).code, (e as TRPCError).message];
}

async function room(
  seeded: Awaited<ReturnType<typeof seedOrg>>,
  kind: "COLLABORATION" | "AUDITORIUM",
  title: string,
  start: Date,
  end: Date | null,
) {
  const scenario = seeded.scenarios.find((x) => x.kind === kind)!;
  return db.session.create({
    data: { orgId: seeded.org.id, scenarioId: scenario.id, kind, title, status: end ? "ENDED" : "ACTIVE", startedAt: start, endedAt: end },
  });
}

beforeAll(async () => {
  s = await seedOrg();
  other = await seedOrg();
  await db.organization.update({ where: { id: s.org.id }, data: { timeZone: "Europe/Paris" } });
  const r = await room(s, "COLLABORATION", "", min(0), min(60));
  roomId = r.id;
  const seat = (data: {
    role: "AGENT" | "VISITOR" | "ATTENDEE" | "MONITOR";
    visitorId?: string;
    membershipId?: string;
    displayName: string;
    joinedAt: Date;
    leftAt: Date | null;
  }) => db.participant.create({ data: { orgId: s.org.id, sessionId: roomId, ...data } });
  const [v1, v2, v3] = [await createVisitor(s.org.id), await createVisitor(s.org.id), await createVisitor(s.org.id)];
  vi = v1.id;
  await seat({ role: "AGENT", membershipId: s.agents[0]!.membership.id, displayName: "Agent One", joinedAt: min(0), leftAt: min(60) });
  await seat({ role: "VISITOR", visitorId: v1.id, displayName: "Vi", joinedAt: min(0), leftAt: min(20) });
  await seat({ role: "ATTENDEE", visitorId: v1.id, displayName: "Vi", joinedAt: min(30), leftAt: min(60) });
  await seat({ role: "ATTENDEE", visitorId: v2.id, displayName: "Wu", joinedAt: min(10), leftAt: null });
  await seat({ role: "ATTENDEE", visitorId: v3.id, displayName: "Xo", joinedAt: min(5), leftAt: min(25) });
  await seat({ role: "ATTENDEE", visitorId: v3.id, displayName: "Xo", joinedAt: min(15), leftAt: min(35) });
  await seat({ role: "MONITOR", membershipId: s.manager.membership.id, displayName: "Manager", joinedAt: min(0), leftAt: min(60) });

  const aud = await room(s, "AUDITORIUM", "Spring launch", min(24 * 60), min(24 * 60 + 30));
  auditoriumId = aud.id;
  await db.participant.create({
    data: {
      orgId: s.org.id,
      sessionId: aud.id,
      role: "ATTENDEE",
      visitorId: v2.id,
      displayName: "Wu",
      joinedAt: min(24 * 60 + 15),
      leftAt: min(24 * 60 + 30),
    },
  });
  await createLiveSession(s);

  const o = await room(other, "COLLABORATION", "Theirs", min(0), min(60));
  otherRoomId = o.id;
  await rebuildAttendance(s.org.id, new Date(Date.UTC(2026, 5, 1)), new Date(Date.UTC(2026, 6, 1)));
  await rebuildAttendance(other.org.id, new Date(Date.UTC(2026, 5, 1)), new Date(Date.UTC(2026, 6, 1)));
});

describe("attendance", () => {
  it("lists the range's collaboration and auditorium sessions with people, seats and person-minutes", async () => {
    const r = await callerFor(s.manager.user).reportsAttendance.events({ orgId: s.org.id, ...range });
    expect(r.timeZone).toBe("Europe/Paris");
    expect(r.events.map((e) => [e.kind, e.title, e.people, e.seats, e.personMinutes])).toEqual([
      ["AUDITORIUM", "Spring launch", 1, 1, 15],
      ["COLLABORATION", "Collaboration", 4, 6, 190],
    ]);
    expect(r.nextCursor).toBeNull();
    // The baseline from the base tables agrees with the roll-up.
    expect(await attendanceEvents(s.org.id, range, { source: "base" })).toEqual(r);
  });

  it("gives who attended, first join, last leave, minutes present and share of the event", async () => {
    const r = await callerFor(s.manager.user).reportsAttendance.event({ orgId: s.org.id, sessionId: roomId });
    expect(r.durationMinutes).toBe(60);
    expect(
      r.attendees.map((a) => [
        a.name,
        a.role,
        a.staff,
        a.seats,
        a.minutesPresent,
        Math.round(a.share * 1000) / 1000,
        a.firstJoined.toISOString(),
        a.lastLeft?.toISOString(),
      ]),
    ).toEqual([
      ["Agent One", "AGENT", true, 1, 60, 1, min(0).toISOString(), min(60).toISOString()],
      ["Vi", "ATTENDEE", false, 2, 50, 0.833, min(0).toISOString(), min(60).toISOString()],
      ["Xo", "ATTENDEE", false, 2, 30, 0.5, min(5).toISOString(), min(35).toISOString()],
      ["Wu", "ATTENDEE", false, 1, 50, 0.833, min(10).toISOString(), min(60).toISOString()],
    ]);
  });

  it("gives one attendee's certificate", async () => {
    const c = await callerFor(s.owner.user).reportsAttendance.certificate({ orgId: s.org.id, sessionId: roomId, person: `v:${vi}` });
    expect(c).toMatchObject({ orgName: s.org.name, title: "Collaboration", attendee: { name: "Vi", minutesPresent: 50 } });
    expect(
      (await codeOf(callerFor(s.owner.user).reportsAttendance.certificate({ orgId: s.org.id, sessionId: roomId, person: "v:nobody" })))[0],
    ).toBe("NOT_FOUND");
  });

  it("keeps every org to its own rows and agents out", async () => {
    expect((await codeOf(callerFor(s.agents[0]!.user).reportsAttendance.events({ orgId: s.org.id, ...range })))[0]).toBe("FORBIDDEN");
    expect((await codeOf(callerFor(s.agents[0]!.user).reportsAttendance.event({ orgId: s.org.id, sessionId: roomId })))[0]).toBe(
      "FORBIDDEN",
    );
    expect((await codeOf(callerFor(other.manager.user).reportsAttendance.events({ orgId: s.org.id, ...range })))[0]).toBe("NOT_FOUND");
    // Another org's session through one's own org: exactly a missing one.
    const m = callerFor(s.manager.user).reportsAttendance;
    expect(await codeOf(m.event({ orgId: s.org.id, sessionId: otherRoomId }))).toEqual(
      await codeOf(m.event({ orgId: s.org.id, sessionId: "no-such-session" })),
    );
    expect((await codeOf(m.event({ orgId: s.org.id, sessionId: otherRoomId })))[0]).toBe("NOT_FOUND");
    const theirs = await callerFor(other.manager.user).reportsAttendance.events({ orgId: other.org.id, ...range });
    expect(theirs.events.map((e) => e.title)).toEqual(["Theirs"]);
  });

  it("refuses an inverted or ten-year range and a forged page link with a message", async () => {
    const m = callerFor(s.manager.user).reportsAttendance;
    expect(await codeOf(m.events({ orgId: s.org.id, from: "2026-06-30", to: "2026-06-01" }))).toEqual([
      "BAD_REQUEST",
      expect.stringMatching(/start date is after/),
    ]);
    expect(await codeOf(m.events({ orgId: s.org.id, from: "2016-06-01", to: "2026-06-01" }))).toEqual([
      "BAD_REQUEST",
      expect.stringMatching(/at most 366 days/),
    ]);
    expect(await codeOf(m.events({ orgId: s.org.id, ...range, cursor: "yesterday" }))).toEqual([
      "BAD_REQUEST",
      expect.stringMatching(/page link/),
    ]);
    // Parseable, but not a time PostgreSQL takes (year 0) or a session could have: a forged link, not a 500.
    for (const at of ["0000-01-01T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "1900-01-01T00:00:00.000Z"]) {
      expect(await codeOf(m.events({ orgId: s.org.id, ...range, cursor: `${at}|${auditoriumId}` }))).toEqual([
        "BAD_REQUEST",
        expect.stringMatching(/page link/),
      ]);
    }
    expect((await codeOf(m.event({ orgId: s.org.id, sessionId: auditoriumId + "x".repeat(100) })))[0]).toBe("BAD_REQUEST");
  });

  it("pages newest first by keyset, and a rebuild is idempotent", async () => {
    const before = await db.attendanceEvent.findMany({ where: { orgId: s.org.id }, orderBy: { startedAt: "asc" } });
    await rebuildAttendance(s.org.id, new Date(Date.UTC(2026, 5, 10)), new Date(Date.UTC(2026, 5, 12)));
    expect(await db.attendanceEvent.findMany({ where: { orgId: s.org.id }, orderBy: { startedAt: "asc" } })).toEqual(before);
    const first = await attendanceEvents(s.org.id, { ...range, cursor: `${min(24 * 60).toISOString()}|${auditoriumId}` });
    expect(first.events.map((e) => e.sessionId)).toEqual([roomId]);
  });
});

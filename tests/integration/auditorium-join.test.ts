// Auditorium core: create (now or scheduled), start, join by the public link (cookie-bound), full,
// remove and rejoin refused, attendance and billing, end. Real PostgreSQL; no mocks.
import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { attendanceCsv, leaveAttendee } from "../../server/auditorium/attendance";
import { createAuditorium, startAuditorium } from "../../server/auditorium/create";
import { joinAuditorium } from "../../server/auditorium/join";
import { meterTick } from "../../server/billing/metering";
import { recomputeOpenStatement } from "../../server/billing/ledger";
import { db } from "../../server/db";
import { authorizeChannel } from "../../server/realtime/authorize";
import { channels } from "../../server/realtime/channels";
import { callerFor, seedOrg } from "../helpers/factories";

const cookie = () => randomBytes(16).toString("base64url");

const asVisitor = (cookieId: string) => createCaller(createContext({ user: null, visitorCookieId: cookieId }));

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof TRPCError)) throw new Error(`expected a refusal, got ${String(e)}`);
  return { code: e.code, message: e.message };
}

/** Joins `n` attendees; each with its own cookie. */
async function attend(key: string, names: string[], now?: Date) {
  const out = [];
  for (const name of names) {
    const c = cookie();
    const r = await joinAuditorium({ key, name, visitorCookieId: c, now });
    if (!r.ok) throw new Error(`join refused: ${r.reason}`);
    out.push({ cookie: c, id: r.participantId, caller: asVisitor(c) });
  }
  return out;
}

async function liveEvent(opts: { maxAttendees?: number } = {}) {
  const s = await seedOrg();
  const ev = await createAuditorium(
    { orgId: s.org.id, membershipId: s.manager.membership.id },
    { title: "Launch day", maxAttendees: opts.maxAttendees },
  );
  return { s, ev, key: ev.joinPath.slice(3) };
}

describe("joinAuditorium", () => {
  it("seats an attendee bound to the visitor cookie; the same cookie gets the same seat back", async () => {
    const { ev, key } = await liveEvent();
    const c = cookie();
    const first = await joinAuditorium({ key, name: "  Ada  ", visitorCookieId: c });
    expect(first).toMatchObject({ ok: true, sessionId: ev.sessionId, resumed: false });
    if (!first.ok) throw new Error("unreachable");
    const seat = await db.participant.findUniqueOrThrow({ where: { id: first.participantId }, include: { visitor: true } });
    expect(seat).toMatchObject({ role: "ATTENDEE", displayName: "Ada", canLead: false, leftAt: null });
    expect(seat.visitor?.cookieId).toBe(c);
    const again = await joinAuditorium({ key, name: "Ada", visitorCookieId: c });
    expect(again).toMatchObject({ ok: true, participantId: first.participantId, resumed: true });
    const a = await db.auditorium.findUniqueOrThrow({ where: { id: ev.id } });
    expect([a.present, a.peak]).toEqual([1, 1]);
    // No room event for an attendee: only the start and the producer's join are archived.
    expect(await db.sessionEvent.findMany({ where: { sessionId: ev.sessionId! }, select: { type: true } })).toEqual([
      { type: "session.started" },
      { type: "participant.joined" },
    ]);
  });

  it("a scheduled event says when it starts, then seats once started", async () => {
    const s = await seedOrg();
    const startsAt = new Date(Date.now() + 3_600_000);
    const ev = await createAuditorium({ orgId: s.org.id, membershipId: s.manager.membership.id }, { title: "Later", startsAt });
    expect(ev.sessionId).toBeNull();
    const key = ev.joinPath.slice(3);
    const early = await joinAuditorium({ key, name: "Ada", visitorCookieId: cookie() });
    expect(early).toEqual({ ok: false, reason: "not_started", title: "Later", startsAt });
    expect(await db.participant.count({ where: { orgId: s.org.id, role: "ATTENDEE" } })).toBe(0);
    const started = await startAuditorium({ orgId: s.org.id, membershipId: s.owner.membership.id }, ev.id);
    const seat = await db.participant.findFirstOrThrow({ where: { sessionId: started.sessionId } });
    expect(seat).toMatchObject({ role: "PRODUCER", membershipId: s.owner.membership.id });
    expect((await db.session.findUniqueOrThrow({ where: { id: started.sessionId } })).leaderParticipantId).toBe(seat.id);
    expect(await joinAuditorium({ key, name: "Ada", visitorCookieId: cookie() })).toMatchObject({ ok: true, sessionId: started.sessionId });
    await expect(startAuditorium({ orgId: s.org.id, membershipId: s.owner.membership.id }, ev.id)).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("a full event answers full and stores nothing; unknown keys and bad names are answers too", async () => {
    const { ev, key } = await liveEvent({ maxAttendees: 2 });
    const results = await Promise.all([0, 1, 2, 3].map(() => joinAuditorium({ key, name: "Guest", visitorCookieId: cookie() })));
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, reason: "full", title: "Launch day", maxAttendees: 2 },
      { ok: false, reason: "full", title: "Launch day", maxAttendees: 2 },
    ]);
    expect(await db.participant.count({ where: { sessionId: ev.sessionId!, role: "ATTENDEE" } })).toBe(2);
    expect(await db.visitor.count({ where: { orgId: (await db.auditorium.findUniqueOrThrow({ where: { id: ev.id } })).orgId } })).toBe(2);
    expect(await db.usageRecord.count({ where: { sessionId: ev.sessionId!, kind: "ATTENDEE_HIT" } })).toBe(2);
    expect(await joinAuditorium({ key: "nope", name: "Guest", visitorCookieId: cookie() })).toEqual({ ok: false, reason: "not_found" });
    expect(await joinAuditorium({ key, name: "   ", visitorCookieId: cookie() })).toMatchObject({ ok: false, reason: "invalid_name" });
  });

  it("a crowd arriving at once never goes past the cap; returning cookies get their seats back meanwhile", async () => {
    // More joins in flight than the pool has connections, so they queue on the event row's lock
    // (the commit does not wait for the WAL flush: join.ts) and several recheck the cap after a wait.
    const { ev, key } = await liveEvent({ maxAttendees: 25 });
    const early = await attend(key, ["Ada", "Grace"]);
    const crowd = Array.from({ length: 40 }, () => cookie());
    const results = await Promise.all([
      ...crowd.map((c, i) => joinAuditorium({ key, name: `Guest ${i}`, visitorCookieId: c })),
      ...early.map((e) => joinAuditorium({ key, name: "Back", visitorCookieId: e.cookie })),
    ]);
    const seated = results.slice(0, 40).filter((r) => r.ok);
    expect(seated).toHaveLength(23);
    expect(results.slice(0, 40).filter((r) => !r.ok && r.reason === "full")).toHaveLength(17);
    expect(results.slice(40)).toEqual(early.map((e) => expect.objectContaining({ ok: true, participantId: e.id, resumed: true })));
    const a = await db.auditorium.findUniqueOrThrow({ where: { id: ev.id } });
    expect([a.present, a.peak]).toEqual([25, 25]);
    expect(await db.participant.count({ where: { sessionId: ev.sessionId!, role: "ATTENDEE" } })).toBe(25);
    expect(await db.visitor.count({ where: { orgId: a.orgId } })).toBe(25);
    expect(await db.usageRecord.count({ where: { sessionId: ev.sessionId!, kind: "ATTENDEE_HIT" } })).toBe(25);
    // Seated cookies are the ones told so, and each is seated once.
    const seats = await db.participant.findMany({ where: { sessionId: ev.sessionId!, role: "ATTENDEE" }, select: { id: true } });
    expect(new Set(seats.map((p) => p.id))).toEqual(
      new Set([...early.map((e) => e.id), ...seated.map((r) => (r.ok ? r.participantId : ""))]),
    );
  });
});

describe("the attendee's seat", () => {
  it("is watch-only: no stage line, lead, baton, sidebar or presence; its view lists the stage, never other attendees", async () => {
    const { ev, key, s } = await liveEvent();
    const sid = ev.sessionId!;
    const [ada, ben] = await attend(key, ["Ada", "Ben"]);
    expect(await refusal(ada!.caller.sessions.send({ sessionId: sid, text: "Hello stage", clientEventId: "cid-00000001" }))).toEqual({
      code: "FORBIDDEN",
      message: "The audience can't write in the stage chat. Send a question instead.",
    });
    expect((await refusal(ada!.caller.sessions.lead({ sessionId: sid, url: "https://example.com/" }))).code).toBe("FORBIDDEN");
    expect((await refusal(ada!.caller.sessions.requestBaton({ sessionId: sid }))).code).toBe("FORBIDDEN");
    expect((await refusal(ada!.caller.sidebars.open({ sessionId: sid, memberIds: [ev.producerParticipantId!] }))).code).toBe("FORBIDDEN");
    expect(await db.sessionEvent.count({ where: { sessionId: sid, actorParticipantId: ada!.id } })).toBe(0);
    // Never on presence; the audience channel and its own channel only.
    expect(await authorizeChannel({ visitorCookieId: ada!.cookie }, channels.session(sid))).toMatchObject({ ok: false });
    expect(await authorizeChannel({ visitorCookieId: ada!.cookie }, channels.sessionAudience(sid))).toEqual({ ok: true });
    expect(await authorizeChannel({ visitorCookieId: ada!.cookie }, channels.participant(ada!.id))).toEqual({ ok: true });
    expect(await authorizeChannel({ visitorCookieId: ada!.cookie }, channels.participant(ben!.id))).toMatchObject({ ok: false });

    const view = await ada!.caller.sessions.view({ sessionId: sid });
    expect(view.me).toMatchObject({ id: ada!.id, role: "ATTENDEE" });
    expect(view.participants.map((p) => p.role)).toEqual(["PRODUCER"]);
    expect(JSON.stringify(view)).not.toContain(ben!.id);
    expect(JSON.stringify(view)).not.toContain("Ben");
    expect(view.audience).toEqual({ count: 2, peak: 2 });
    // The producer's view is a count too.
    const producerView = await callerFor(s.manager.user).sessions.view({ sessionId: sid });
    expect(producerView.participants.map((p) => p.role)).toEqual(["PRODUCER"]);
    expect(producerView.audience).toEqual({ count: 2, peak: 2 });
  });

  it("removed: left and marked, cannot rejoin with the same cookie, a stranger still can; only the producer removes", async () => {
    const { ev, key, s } = await liveEvent();
    const sid = ev.sessionId!;
    const [ada, ben] = await attend(key, ["Ada", "Ben"]);
    const producer = callerFor(s.manager.user);
    expect((await refusal(ben!.caller.auditorium.removeAttendee({ sessionId: sid, participantId: ada!.id }))).code).toBe("FORBIDDEN");
    expect((await refusal(producer.auditorium.removeAttendee({ sessionId: sid, participantId: ev.producerParticipantId! }))).code).toBe(
      "NOT_FOUND",
    );
    expect(await producer.auditorium.removeAttendee({ sessionId: sid, participantId: ada!.id })).toEqual({ removed: true });
    const seat = await db.participant.findUniqueOrThrow({ where: { id: ada!.id } });
    expect(seat.leftAt).not.toBeNull();
    expect(seat.removedAt).not.toBeNull();
    expect((await db.auditorium.findUniqueOrThrow({ where: { id: ev.id } })).present).toBe(1);
    expect((await refusal(producer.auditorium.removeAttendee({ sessionId: sid, participantId: ada!.id }))).code).toBe("CONFLICT");
    // Same browser, same link: refused, nothing stored.
    expect(await joinAuditorium({ key, name: "Ada again", visitorCookieId: ada!.cookie })).toEqual({
      ok: false,
      reason: "removed",
      title: "Launch day",
    });
    expect(await db.participant.count({ where: { sessionId: sid, role: "ATTENDEE" } })).toBe(2);
    expect(await authorizeChannel({ visitorCookieId: ada!.cookie }, channels.sessionAudience(sid))).toMatchObject({ ok: false });
    // Its page tells it so (sessions.past carries `removed`).
    const past = await ada!.caller.sessions.past({ sessionId: sid });
    expect(past?.me).toMatchObject({ role: "ATTENDEE", removed: true });
    expect((await joinAuditorium({ key, name: "Cy", visitorCookieId: cookie() })).ok).toBe(true);
  });

  it("records attendance and bills a hit per attendee and minutes per attendee present, on their own statement line", async () => {
    const { ev, key, s } = await liveEvent();
    const sid = ev.sessionId!;
    const t0 = new Date(Date.now() - 10 * 60_000);
    const [ada, ben] = await attend(key, ["Ada", "=Ben"], t0);
    // Ada stays 2.5 minutes (3 started minutes), leaves, and comes back: a new seat, not a new hit.
    expect(await leaveAttendee({ orgId: s.org.id, sessionId: sid, participantId: ada!.id }, new Date(t0.getTime() + 150_000))).toBe(true);
    expect(await leaveAttendee({ orgId: s.org.id, sessionId: sid, participantId: ada!.id }, new Date())).toBe(false);
    const back = await joinAuditorium({ key, name: "Ada", visitorCookieId: ada!.cookie, now: new Date(t0.getTime() + 300_000) });
    expect(back).toMatchObject({ ok: true, resumed: false });
    if (!back.ok) throw new Error("unreachable");
    expect(back.participantId).not.toBe(ada!.id);
    // Ben leaves by the button (sessions.leave: no room event) after exactly 4 minutes.
    await leaveAttendee({ orgId: s.org.id, sessionId: sid, participantId: ben!.id }, new Date(t0.getTime() + 240_000));
    await leaveAttendee({ orgId: s.org.id, sessionId: sid, participantId: back.participantId }, new Date(t0.getTime() + 360_000));
    await meterTick();

    const minutes = async (participantId: string) => db.usageRecord.count({ where: { participantId, kind: "ATTENDEE_MINUTE" } });
    expect([await minutes(ada!.id), await minutes(ben!.id), await minutes(back.participantId)]).toEqual([3, 4, 1]);
    expect(await db.usageRecord.count({ where: { sessionId: sid, kind: "ATTENDEE_HIT" } })).toBe(2);
    expect(await db.usageRecord.count({ where: { sessionId: sid, kind: { in: ["VISITOR_MINUTE", "SESSION_HIT"] } } })).toBe(0);
    expect(await db.sessionEvent.count({ where: { sessionId: sid, type: "participant.left" } })).toBe(0);

    const summary = await callerFor(s.manager.user).auditorium.attendance({ orgId: s.org.id, auditoriumId: ev.id });
    expect(summary).toMatchObject({ attendees: 2, seats: 3, present: 0, peak: 2, attendeeMinutes: 8, removed: 0 });
    const csv = await callerFor(s.manager.user).auditorium.attendanceCsv({ orgId: s.org.id, auditoriumId: ev.id });
    const lines = csv.csv.trim().split("\r\n");
    expect(lines[0]).toBe("attendee,visitor_id,joined_at,left_at,minutes_present,removed_at");
    expect(lines).toHaveLength(4);
    // A name that a spreadsheet would run as a formula is defused.
    expect(lines.some((l) => l.startsWith("'=Ben,"))).toBe(true);
    expect(lines.filter((l) => l.startsWith("Ada,")).map((l) => l.split(",")[4])).toEqual(["3", "1"]);
    // Agents (no events.run) and strangers cannot read it.
    expect((await refusal(callerFor(s.agents[0]!.user).auditorium.attendance({ orgId: s.org.id, auditoriumId: ev.id }))).code).toBe(
      "FORBIDDEN",
    );
    const other = await seedOrg();
    expect((await refusal(callerFor(other.manager.user).auditorium.attendance({ orgId: other.org.id, auditoriumId: ev.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await attendanceCsv(s.org.id, ev.id)).filename).toBe("attendance-launch-day.csv");

    // The statement (per-minute plan): its own line, priced like a visitor minute.
    const { statementId } = await recomputeOpenStatement(s.org.id);
    const lines2 = await db.statementLine.findMany({ where: { statementId }, orderBy: { description: "asc" } });
    expect(lines2.find((l) => l.kind === "ATTENDEE_MINUTE")).toMatchObject({
      description: "Auditorium attendees (minutes present)",
      quantity: 8,
      unitPriceCents: 6,
      amountCents: 48,
    });
  });

  it("ends for everyone: seats leave, the room hears it, no join lands after it", async () => {
    const { ev, key, s } = await liveEvent();
    const sid = ev.sessionId!;
    const [ada] = await attend(key, ["Ada", "Ben"]);
    expect((await refusal(ada!.caller.auditorium.end({ sessionId: sid }))).code).toBe("FORBIDDEN");
    expect(await callerFor(s.manager.user).auditorium.end({ sessionId: sid })).toEqual({ ended: true });
    expect(await db.participant.count({ where: { sessionId: sid, leftAt: null } })).toBe(0);
    expect((await db.session.findUniqueOrThrow({ where: { id: sid } })).status).toBe("ENDED");
    expect(await db.sessionEvent.count({ where: { sessionId: sid, type: "session.ended" } })).toBe(1);
    expect(await joinAuditorium({ key, name: "Late", visitorCookieId: cookie() })).toEqual({
      ok: false,
      reason: "ended",
      title: "Launch day",
    });
    expect(await ada!.caller.sessions.past({ sessionId: sid })).toMatchObject({
      session: { status: "ENDED", kind: "AUDITORIUM" },
      me: { role: "ATTENDEE", removed: false },
    });
    // The ended transcript lists the stage, never the audience.
    expect((await callerFor(s.manager.user).sessions.past({ sessionId: sid }))?.participants.map((p) => p.role)).toEqual(["PRODUCER"]);
  });

  it("staff create and start events through the router; agents cannot; bad input changes nothing", async () => {
    const s = await seedOrg();
    const manager = callerFor(s.manager.user);
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const ev = await manager.auditorium.create({ orgId: s.org.id, title: "Town hall", startsAt: later, maxAttendees: 100 });
    expect(ev.joinPath).toMatch(/^\/e\/[A-Za-z0-9_-]{22}$/);
    expect((await refusal(callerFor(s.agents[0]!.user).auditorium.create({ orgId: s.org.id, title: "Nope" }))).code).toBe("FORBIDDEN");
    expect((await refusal(manager.auditorium.create({ orgId: s.org.id, title: "   " }))).code).toBe("BAD_REQUEST");
    expect((await refusal(manager.auditorium.create({ orgId: s.org.id, title: "Past", startsAt: "2020-01-01T00:00:00Z" }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await refusal(manager.auditorium.create({ orgId: s.org.id, title: "Huge", maxAttendees: 20_001 }))).code).toBe("BAD_REQUEST");
    expect((await manager.auditorium.list({ orgId: s.org.id })).map((e) => [e.title, e.state])).toEqual([["Town hall", "scheduled"]]);
    const started = await callerFor(s.owner.user).auditorium.start({ orgId: s.org.id, auditoriumId: ev.id });
    expect((await manager.auditorium.list({ orgId: s.org.id }))[0]).toMatchObject({ state: "live", sessionId: started.sessionId });
    // Another manager opens it as producer: a producer seat of their own.
    const produced = await manager.auditorium.produce({ orgId: s.org.id, auditoriumId: ev.id });
    expect(await db.participant.findUniqueOrThrow({ where: { id: produced.participantId } })).toMatchObject({
      role: "PRODUCER",
      membershipId: s.manager.membership.id,
    });
    expect(await manager.auditorium.produce({ orgId: s.org.id, auditoriumId: ev.id })).toEqual(produced);
  });
});

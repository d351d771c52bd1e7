// Auditorium core: create (now or scheduled), start, join by the public link (cookie-bound), full,
// remove and rejoin refused, attendance and billing, end. Real PostgreSQL; no mocks.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createAuditorium, startAuditorium } from "../../server/auditorium/create";
import { joinAuditorium } from "../../server/auditorium/join";
import { db } from "../../server/db";
import { seedOrg } from "../helpers/factories";

const cookie = () => randomBytes(16).toString("base64url");

async function liveEvent(opts: { maxAttendees?: number } = {}) {
  const s = await seedOrg();
  const ev = await createAuditorium({ orgId: s.org.id, membershipId: s.manager.membership.id }, { title: "Launch day", maxAttendees: opts.maxAttendees });
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
    expect(await db.sessionEvent.findMany({ where: { sessionId: ev.sessionId! }, select: { type: true } })).toEqual([{ type: "session.started" }, { type: "participant.joined" }]);
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
    await expect(startAuditorium({ orgId: s.org.id, membershipId: s.owner.membership.id }, ev.id)).rejects.toMatchObject({ code: "CONFLICT" });
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
});

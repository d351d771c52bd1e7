// The auditorium against misuse (issue 13's review): a removed attendee reads nothing
// after leaving, the baton never falls to the audience, an audience never uses the call centre's
// seat cap, a suspended org seats no one, and one address cannot fill an event. Real PostgreSQL.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { createAuditorium } from "../../server/auditorium/create";
import { JOIN_LIMIT, joinAuditorium, joinLimit } from "../../server/auditorium/join";
import { db } from "../../server/db";
import { seatsInUse } from "../../server/routing/load";
import { callerFor, seedOrg } from "../helpers/factories";

const cookie = () => randomBytes(16).toString("base64url");
const asVisitor = (cookieId: string) => createCaller(createContext({ user: null, visitorCookieId: cookieId }));

async function liveEvent() {
  const s = await seedOrg();
  const ev = await createAuditorium({ orgId: s.org.id, membershipId: s.manager.membership.id }, { title: "Launch day" });
  return { s, ev, sid: ev.sessionId!, key: ev.joinPath.slice(3) };
}

async function attend(key: string, name: string) {
  const c = cookie();
  const r = await joinAuditorium({ key, name, visitorCookieId: c });
  if (!r.ok) throw new Error(`join refused: ${r.reason}`);
  return { cookie: c, id: r.participantId, caller: asVisitor(c) };
}

describe("the auditorium under misuse", () => {
  it("a removed attendee reads the stage only up to the removal, through view and events alike", async () => {
    const { s, sid, key } = await liveEvent();
    const producer = callerFor(s.manager.user);
    const ada = await attend(key, "Ada");
    await producer.sessions.send({ sessionId: sid, text: "Welcome, everyone", clientEventId: "cid-welcome-1" });
    await producer.auditorium.removeAttendee({ sessionId: sid, participantId: ada.id });
    // Later than the removal by the clock the archive keeps.
    await new Promise((r) => setTimeout(r, 20));
    await producer.sessions.send({ sessionId: sid, text: "Now the secret roadmap", clientEventId: "cid-secret-1" });

    const events = await ada.caller.sessions.events({ sessionId: sid, cursors: {} });
    const texts = events.filter((e) => e.type === "chat").map((e) => e.payload.text);
    expect(texts).toEqual(["Welcome, everyone"]);
    const view = await ada.caller.sessions.view({ sessionId: sid });
    expect(JSON.stringify(view.events)).not.toContain("secret roadmap");
    // Someone still in the audience reads both.
    const ben = await attend(key, "Ben");
    const bens = (await ben.caller.sessions.events({ sessionId: sid, cursors: {} }))
      .filter((e) => e.type === "chat")
      .map((e) => e.payload.text);
    expect(bens).toEqual(["Welcome, everyone", "Now the secret roadmap"]);
  });

  it("the baton never falls to the audience when the leader leaves: a speaker takes it, else nobody", async () => {
    const { s, ev, sid, key } = await liveEvent();
    const producer = callerFor(s.manager.user);
    await attend(key, "Ada");
    await attend(key, "Ben");
    expect((await db.session.findUniqueOrThrow({ where: { id: sid } })).leaderParticipantId).toBe(ev.producerParticipantId);
    await producer.sessions.leave({ sessionId: sid });
    const after = await db.session.findUniqueOrThrow({ where: { id: sid }, select: { leaderParticipantId: true, status: true } });
    expect(after.leaderParticipantId).toBeNull();
    const handed = await db.sessionEvent.count({
      where: { sessionId: sid, type: "baton.passed", payload: { path: ["mode"], equals: "leader-left" } },
    });
    expect(handed).toBe(0);
  });

  it("an event's audience does not use the org's seat cap for one-on-ones and rooms", async () => {
    const { s, key } = await liveEvent();
    const before = await db.$transaction((tx) => seatsInUse(tx, s.org.id));
    await attend(key, "Ada");
    await attend(key, "Ben");
    expect(await db.$transaction((tx) => seatsInUse(tx, s.org.id))).toBe(before);
  });

  it("a suspended org's event seats no one and stores nothing", async () => {
    const { s, sid, key } = await liveEvent();
    await db.organization.update({ where: { id: s.org.id }, data: { status: "SUSPENDED", suspendedAt: new Date(), suspendedBy: "admin" } });
    const c = cookie();
    expect(await joinAuditorium({ key, name: "Ada", visitorCookieId: c })).toEqual({
      ok: false,
      reason: "unavailable",
      title: "Launch day",
    });
    expect(await db.participant.count({ where: { sessionId: sid, role: "ATTENDEE" } })).toBe(0);
    expect(await db.visitor.count({ where: { orgId: s.org.id, cookieId: c } })).toBe(0);
    expect(await db.usageRecord.count({ where: { sessionId: sid, kind: "ATTENDEE_HIT" } })).toBe(0);
  });

  it("one address joins an event at most JOIN_LIMIT times a minute; another address or another event is not held back", async () => {
    const key = `event-${cookie()}`;
    for (let i = 0; i < JOIN_LIMIT.points; i++) expect(await joinLimit("203.0.113.7", key)).toBe(true);
    expect(await joinLimit("203.0.113.7", key)).toBe(false);
    expect(await joinLimit("203.0.113.8", key)).toBe(true);
    expect(await joinLimit("203.0.113.7", `${key}-other`)).toBe(true);
  });
});

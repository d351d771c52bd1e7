// Channel authorization: who may join which realtime channel. Every rule, both ways.
import { beforeAll, describe, expect, it } from "vitest";
import { audienceOfChannel, channels } from "../../server/realtime/channels";
import { authorizeChannel, type RealtimeCaller } from "../../server/realtime/authorize";
import { answerChannelAuth } from "../../server/realtime/auth-endpoint";
import { db } from "../../server/db";
import { createLiveSession, createVisitor, seedOrg } from "../helpers/factories";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
let a: Seeded;
let b: Seeded;
let live: Awaited<ReturnType<typeof createLiveSession>>;
let liveB: Awaited<ReturnType<typeof createLiveSession>>;

const user = (u: { id: string }): RealtimeCaller => ({ userId: u.id });
const visitor = (cookieId: string): RealtimeCaller => ({ visitorCookieId: cookieId });
const allowed = async (caller: RealtimeCaller, channel: string) => (await authorizeChannel(caller, channel)).ok;

beforeAll(async () => {
  a = await seedOrg({ name: "Org A" });
  b = await seedOrg({ name: "Org B" });
  live = await createLiveSession(a, { visitorCookieId: "cookie-visitor-aaaaaaaa", monitor: true });
  liveB = await createLiveSession(b, { visitorCookieId: "cookie-visitor-bbbbbbbb" });
});

describe("channel names", () => {
  it("round-trip through audienceOfChannel and reject anything else", () => {
    expect(audienceOfChannel(channels.session("s1"))).toEqual({ to: "room", sessionId: "s1" });
    expect(audienceOfChannel(channels.sessionAudience("s1"))).toEqual({ to: "audience", sessionId: "s1" });
    expect(audienceOfChannel(channels.sessionWatch("s1"))).toEqual({ to: "watchers", sessionId: "s1" });
    expect(audienceOfChannel(channels.participant("p1"))).toEqual({ to: "participant", participantId: "p1" });
    expect(audienceOfChannel(channels.orgStaff("o1"))).toEqual({ to: "orgStaff", orgId: "o1" });
    expect(audienceOfChannel(channels.member("m1"))).toEqual({ to: "member", membershipId: "m1" });
    expect(audienceOfChannel(channels.queue("q1"))).toEqual({ to: "queueVisitor", queueEntryId: "q1" });
    for (const bad of [
      "private-org--staff",
      "presence-session-",
      "private-encrypted-x",
      "public",
      "private-member-a b",
      "presence-org-x-staff",
    ]) {
      expect(audienceOfChannel(bad), bad).toBeNull();
    }
  });
});

describe("staff channels", () => {
  it("let every member of org A, and nobody from org B or outside, join org A's staff channel", async () => {
    for (const m of [a.owner, a.manager, ...a.agents]) expect(await allowed(user(m.user), channels.orgStaff(a.org.id))).toBe(true);
    expect(await allowed(user(b.owner.user), channels.orgStaff(a.org.id))).toBe(false);
    expect(await allowed(visitor("cookie-visitor-aaaaaaaa"), channels.orgStaff(a.org.id))).toBe(false);
    expect(await allowed({}, channels.orgStaff(a.org.id))).toBe(false);
  });

  it("give each agent its own member channel only", async () => {
    const [one, two] = a.agents as [Seeded["agents"][0], Seeded["agents"][0]];
    expect(await allowed(user(one.user), channels.member(one.membership.id))).toBe(true);
    expect(await allowed(user(two.user), channels.member(one.membership.id))).toBe(false);
    expect(await allowed(user(a.owner.user), channels.member(one.membership.id))).toBe(false);
  });

  it("shut a deactivated member out", async () => {
    const gone = a.agents[1]!;
    await db.membership.update({ where: { id: gone.membership.id }, data: { active: false } });
    expect(await allowed(user(gone.user), channels.orgStaff(a.org.id))).toBe(false);
    expect(await allowed(user(gone.user), channels.member(gone.membership.id))).toBe(false);
    await db.membership.update({ where: { id: gone.membership.id }, data: { active: true } });
  });
});

describe("visitor channels", () => {
  it("let a visitor follow only its own queue entry", async () => {
    expect(await allowed(visitor("cookie-visitor-aaaaaaaa"), channels.queue(live.entry.id))).toBe(true);
    expect(await allowed(visitor("cookie-visitor-bbbbbbbb"), channels.queue(live.entry.id))).toBe(false);
    expect(await allowed(user(a.owner.user), channels.queue(live.entry.id))).toBe(false);
  });

  it("let a visitor join its own seat and session, with presence as its participant", async () => {
    expect(await allowed(visitor("cookie-visitor-aaaaaaaa"), channels.participant(live.visitorSeat.id))).toBe(true);
    expect(await allowed(visitor("cookie-visitor-aaaaaaaa"), channels.participant(live.agent.id))).toBe(false);
    const d = await authorizeChannel(visitor("cookie-visitor-aaaaaaaa"), channels.session(live.session.id));
    expect(d).toEqual({
      ok: true,
      presence: { user_id: live.visitorSeat.id, user_info: { name: "Visitor", role: "VISITOR", avatarUrl: null } },
    });
    expect(await allowed(visitor("cookie-visitor-aaaaaaaa"), channels.session(liveB.session.id))).toBe(false);
  });

  it("recognise the same browser in another org only as that org's visitor", async () => {
    // One browser (one cookie id) also visiting org B: it gets B's rows, never A's.
    await createVisitor(b.org.id, { cookieId: "cookie-visitor-aaaaaaaa" });
    expect(await allowed(visitor("cookie-visitor-aaaaaaaa"), channels.queue(liveB.entry.id))).toBe(false);
  });
});

describe("session channels", () => {
  it("give the agent presence as its participant", async () => {
    const d = await authorizeChannel(user(a.agents[0]!.user), channels.session(live.session.id));
    expect(d.ok && d.presence?.user_id).toBe(live.agent.id);
  });

  it("never put a monitor in presence, but let it watch the audience channel", async () => {
    const monitorCaller = user(a.manager.user);
    expect(await allowed(monitorCaller, channels.session(live.session.id))).toBe(false);
    expect(await allowed(monitorCaller, channels.sessionAudience(live.session.id))).toBe(true);
  });

  it("let staff with the monitor permission watch any session of their org, and no other", async () => {
    expect(await allowed(user(a.owner.user), channels.sessionAudience(live.session.id))).toBe(true);
    expect(await allowed(user(a.agents[1]!.user), channels.sessionAudience(live.session.id))).toBe(false);
    expect(await allowed(user(b.owner.user), channels.sessionAudience(live.session.id))).toBe(false);
    expect(await allowed(user(a.owner.user), channels.sessionAudience(liveB.session.id))).toBe(false);
  });

  it("open the watch channel (typing copies) to unseen staff and monitoring staff only, never to the room", async () => {
    expect(await allowed(user(a.manager.user), channels.sessionWatch(live.session.id))).toBe(true);
    expect(await allowed(user(a.owner.user), channels.sessionWatch(live.session.id))).toBe(true);
    expect(await allowed(user(a.agents[0]!.user), channels.sessionWatch(live.session.id))).toBe(false);
    expect(await allowed(visitor("cookie-visitor-aaaaaaaa"), channels.sessionWatch(live.session.id))).toBe(false);
    expect(await allowed(user(b.owner.user), channels.sessionWatch(live.session.id))).toBe(false);
    expect(await allowed(user(a.owner.user), channels.sessionWatch(liveB.session.id))).toBe(false);
  });

  it("close the session channels to a participant who left and to everyone once the session ended", async () => {
    const extra = await createLiveSession(a, { visitorCookieId: "cookie-visitor-cccccccc" });
    await db.participant.update({ where: { id: extra.visitorSeat.id }, data: { leftAt: new Date() } });
    expect(await allowed(visitor("cookie-visitor-cccccccc"), channels.session(extra.session.id))).toBe(false);
    expect(await allowed(visitor("cookie-visitor-cccccccc"), channels.participant(extra.visitorSeat.id))).toBe(false);
    await db.session.update({ where: { id: extra.session.id }, data: { status: "ENDED", endedAt: new Date() } });
    expect(await allowed(user(a.agents[0]!.user), channels.session(extra.session.id))).toBe(false);
  });
});

describe("the auth endpoint's answer", () => {
  it("signs an allowed presence subscription the way pusher-js expects", async () => {
    const form = new URLSearchParams({ socket_id: "123.456", channel_name: channels.session(live.session.id) });
    const res = await answerChannelAuth(visitor("cookie-visitor-aaaaaaaa"), form);
    expect(res.status).toBe(200);
    const body = res.body as { auth: string; channel_data: string };
    expect(body.auth).toMatch(/^isession-key:[0-9a-f]{64}$/);
    expect(JSON.parse(body.channel_data)).toMatchObject({ user_id: live.visitorSeat.id });
  });

  it("refuses with 403 and signs nothing for a stranger; 400 for malformed input", async () => {
    const refused = await answerChannelAuth(
      visitor("cookie-visitor-bbbbbbbb"),
      new URLSearchParams({ socket_id: "1.2", channel_name: channels.queue(live.entry.id) }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body).not.toHaveProperty("auth");
    const bad = await answerChannelAuth(
      user(a.owner.user),
      new URLSearchParams({ socket_id: "1.2; drop", channel_name: channels.orgStaff(a.org.id) }),
    );
    expect(bad.status).toBe(400);
  });
});

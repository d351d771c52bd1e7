// Issue 17, parts 3 and 4 on a real PostgreSQL: the leader's marks and pop-ups are archived room
// events; only the leader may draw or send; bad marks are refused with nothing stored; a follower's
// "opened" is recorded once; another tenant's caller gets NOT_FOUND.
import { TRPCError } from "@trpc/server";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { AppError } from "../../server/errors";
import { leadTo } from "../../server/leading/lead";
import { passBaton } from "../../server/sessions/baton";
import { annotate, popupOpened } from "../../server/sessions/annotate";
import { requireSeat } from "../../server/sessions/participant";
import { callerFor, createLiveSession, seedOrg } from "../helpers/factories";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";

process.env.FRAME_PROBE_ALLOW_HOSTS = "127.0.0.1";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
let s: Seeded;
let live: Awaited<ReturnType<typeof createLiveSession>>;
let cookie: string;

const agentSeat = () => requireSeat({ userId: s.agents[0]!.user.id }, live.session.id);
const visitorSeat = () => requireSeat({ visitorCookieId: cookie }, live.session.id);
const count = () => db.sessionEvent.count({ where: { sessionId: live.session.id } });
const asVisitor = () => createCaller(createContext({ user: null, visitorCookieId: cookie }));

const box = {
  shape: "box" as const,
  points: [
    { x: 120.4, y: 900 },
    { x: 380, y: 1010.6 },
  ],
  scrollX: 0,
  scrollY: 800,
  viewport: { w: 1280, h: 720 },
  url: "https://shop.example.com/checkout?token=secret-reset#step2",
  surface: "cobrowse" as const,
};
const circle = (n: number) => ({
  ...box,
  shape: "circle" as const,
  points: Array.from({ length: n }, (_, i) => ({
    x: 200 + 50 * Math.cos((i / n) * 2 * Math.PI),
    y: 300 + 50 * Math.sin((i / n) * 2 * Math.PI),
  })),
  surface: "frame" as const,
});

async function appError(p: Promise<unknown>, code: AppError["code"]): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

beforeEach(async () => {
  s = await seedOrg();
  cookie = `visitor-cookie-${Math.random().toString(36).slice(2, 12)}`;
  live = await createLiveSession(s, { visitorCookieId: cookie, monitor: true });
});

describe("annotations", () => {
  it("archives the leader's box as a room event in page coordinates, without the page's query or fragment", async () => {
    const e = await annotate(await agentSeat(), box);
    expect(e.type).toBe("annotation");
    expect(e.stream).toBe("room");
    expect(e.payload).toEqual({
      shape: "box",
      points: [
        { x: 120, y: 900 },
        { x: 380, y: 1011 },
      ],
      scrollX: 0,
      scrollY: 800,
      viewport: { w: 1280, h: 720 },
      url: "https://shop.example.com/checkout",
      surface: "cobrowse",
    });
    const stored = await db.sessionEvent.findFirstOrThrow({ where: { sessionId: live.session.id, type: "annotation" } });
    expect(stored.actorParticipantId).toBe(live.agent.id);
    expect(JSON.stringify(stored.payload)).not.toContain("secret-reset");
    // Followers read it through the archive like any room event.
    const events = await asVisitor().sessions.events({ sessionId: live.session.id });
    expect(events.filter((x) => x.type === "annotation")).toHaveLength(1);
  });

  it("stores a retried mark once", async () => {
    const agent = await agentSeat();
    const first = await annotate(agent, { ...circle(12), clientEventId: "mark-retry-0001" });
    const again = await annotate(agent, { ...circle(12), clientEventId: "mark-retry-0001" });
    expect(again.seq).toBe(first.seq);
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id, type: "annotation" } })).toBe(1);
  });

  it("lets only the leader draw, and follows the baton", async () => {
    const before = await count();
    await appError(annotate(await visitorSeat(), box), "FORBIDDEN");
    const monitor = await requireSeat({ userId: s.manager.user.id }, live.session.id);
    await appError(annotate(monitor, box), "FORBIDDEN");
    expect(await count()).toBe(before);

    await passBaton(await agentSeat(), live.visitorSeat.id);
    // The agent's seat was read before the pass: judged again under the session's lock.
    const staleAgent = await agentSeat();
    await db.session.update({ where: { id: live.session.id }, data: { leaderParticipantId: live.agent.id } });
    const fresh = await agentSeat();
    await db.session.update({ where: { id: live.session.id }, data: { leaderParticipantId: live.visitorSeat.id } });
    await appError(annotate(fresh, box), "FORBIDDEN");
    await appError(annotate(staleAgent, box), "FORBIDDEN");
    const e = await annotate(await visitorSeat(), { ...box, shape: "pointer", points: [{ x: 10, y: 20 }] });
    expect(e.actorParticipantId).toBe(live.visitorSeat.id);
  });

  it("refuses bad marks with a clear error and stores nothing", async () => {
    const agent = await agentSeat();
    const before = await count();
    const bad: unknown[] = [
      null,
      "box",
      { ...box, shape: "arrow" },
      { ...box, points: [] },
      { ...box, points: [{ x: 1, y: 2 }] }, // a box needs two corners
      { ...box, shape: "pointer" }, // a pointer is one point
      circle(2),
      circle(257),
      {
        ...box,
        points: [
          { x: Number.NaN, y: 1 },
          { x: 2, y: 3 },
        ],
      },
      {
        ...box,
        points: [
          { x: 1e9, y: 1 },
          { x: 2, y: 3 },
        ],
      },
      {
        ...box,
        points: [
          { x: "1", y: 1 },
          { x: 2, y: 3 },
        ],
      },
      {
        ...box,
        points: [
          { x: 1, y: 1, z: 1 },
          { x: 2, y: 3 },
        ],
      },
      { ...box, scrollY: -5 },
      { ...box, viewport: { w: 0, h: 720 } },
      { ...box, url: "javascript:alert(1)" },
      { ...box, url: "not a url" },
      { ...box, url: `https://example.com/${"a".repeat(3000)}` },
      { ...box, surface: "desktop" },
      { ...box, extra: "field" },
      { ...box, clientEventId: "short" },
    ];
    for (const input of bad) {
      const e = await appError(annotate(agent, input), "BAD_REQUEST");
      expect(e.message.length).toBeGreaterThan(10);
    }
    const twoPoints = await appError(annotate(agent, { ...box, points: [{ x: 1, y: 2 }] }), "BAD_REQUEST");
    expect(twoPoints.message).toMatch(/A box needs two corners \(this one has 1\)/);
    expect(await count()).toBe(before);
  });

  it("refuses marks in an ended session", async () => {
    await db.session.update({ where: { id: live.session.id }, data: { status: "ENDED", endedAt: new Date() } });
    await appError(annotate(await agentSeat(), box), "PRECONDITION_FAILED");
  });

  it("answers another tenant NOT_FOUND through the router, and stores nothing", async () => {
    const other = await seedOrg({ name: "Other Org" });
    const before = await count();
    const stranger = callerFor(other.agents[0]!.user);
    for (const call of [
      () => stranger.sessions.annotate({ sessionId: live.session.id, mark: box }),
      () => stranger.sessions.popupOpened({ sessionId: live.session.id, sentSeq: 1, how: "click" }),
      () =>
        createCaller(createContext({ user: null, visitorCookieId: "someone-else-cookie" })).sessions.annotate({
          sessionId: live.session.id,
          mark: box,
        }),
    ]) {
      const e = await call().then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(TRPCError);
      expect((e as TRPCError).code).toBe("NOT_FOUND");
    }
    expect(await count()).toBe(before);
  });

  it("goes through the router for the leader", async () => {
    const e = await callerFor(s.agents[0]!.user).sessions.annotate({ sessionId: live.session.id, mark: circle(40) });
    expect(e.type).toBe("annotation");
    expect((e.payload.points as unknown[]).length).toBe(40);
    await expect(asVisitor().sessions.annotate({ sessionId: live.session.id, mark: box })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("pop-ups", () => {
  it("archives a lead in a new window as popup.sent, leaving the shared view where it is", async () => {
    await leadTo(await agentSeat(), { url: "http://127.0.0.1:9/plan" });
    await appError(leadTo(await visitorSeat(), { url: "http://127.0.0.1:9/x", newWindow: true }), "FORBIDDEN");
    const e = await leadTo(await agentSeat(), { url: "127.0.0.1:9/offer", newWindow: true });
    expect(e.type).toBe("popup.sent");
    expect(e.payload).toMatchObject({ url: "http://127.0.0.1:9/offer", newWindow: true, notToSelf: false });
    expect((await db.session.findUniqueOrThrow({ where: { id: live.session.id } })).currentUrl).toBe("http://127.0.0.1:9/plan");
    // The same address rules as a lead: nothing stored for a refused one.
    const before = await count();
    await appError(leadTo(await agentSeat(), { url: "http://10.0.0.1/", newWindow: true }), "BAD_REQUEST");
    await appError(leadTo(await agentSeat(), { url: "javascript:alert(1)", newWindow: true }), "BAD_REQUEST");
    expect(await count()).toBe(before);
  });

  it("records a follower's opening once, with how it opened", async () => {
    const sent = await leadTo(await agentSeat(), { url: "http://127.0.0.1:9/offer", newWindow: true });
    const opened = await asVisitor().sessions.popupOpened({ sessionId: live.session.id, sentSeq: sent.seq, how: "click" });
    expect(opened.type).toBe("popup.opened");
    expect(opened.actorParticipantId).toBe(live.visitorSeat.id);
    expect(opened.payload).toEqual({ sentSeq: sent.seq, url: "http://127.0.0.1:9/offer", how: "click" });
    const again = await popupOpened(await visitorSeat(), { sentSeq: sent.seq, how: "auto" });
    expect(again.seq).toBe(opened.seq);
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id, type: "popup.opened" } })).toBe(1);
  });

  it("refuses an opening of what is not a pop-up of this session, the sender's own, and unseen staff's", async () => {
    const nav = await leadTo(await agentSeat(), { url: "http://127.0.0.1:9/plan" });
    const sent = await leadTo(await agentSeat(), { url: "http://127.0.0.1:9/offer", newWindow: true });
    const before = await count();
    await appError(popupOpened(await visitorSeat(), { sentSeq: nav.seq, how: "click" }), "NOT_FOUND");
    await appError(popupOpened(await visitorSeat(), { sentSeq: 9999, how: "click" }), "NOT_FOUND");
    await appError(popupOpened(await visitorSeat(), { sentSeq: sent.seq, how: "maybe" }), "BAD_REQUEST");
    await appError(popupOpened(await visitorSeat(), { sentSeq: -1, how: "click" }), "BAD_REQUEST");
    await appError(popupOpened(await agentSeat(), { sentSeq: sent.seq, how: "click" }), "BAD_REQUEST");
    await appError(
      popupOpened(await requireSeat({ userId: s.manager.user.id }, live.session.id), { sentSeq: sent.seq, how: "click" }),
      "FORBIDDEN",
    );

    // Another org's pop-up: this visitor has no seat there, so it does not exist for them.
    const other = await seedOrg({ name: "Other Org" });
    const otherLive = await createLiveSession(other, { visitorCookieId: `other-${Math.random().toString(36).slice(2, 10)}` });
    const theirs = await leadTo(await requireSeat({ userId: other.agents[0]!.user.id }, otherLive.session.id), {
      url: "http://127.0.0.1:9/theirs",
      newWindow: true,
    });
    await expect(
      asVisitor().sessions.popupOpened({ sessionId: otherLive.session.id, sentSeq: theirs.seq, how: "click" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.sessionEvent.count({ where: { sessionId: otherLive.session.id, type: "popup.opened" } })).toBe(0);
    expect(await count()).toBe(before);
  });
});

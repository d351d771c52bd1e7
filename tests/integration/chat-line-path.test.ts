// The chat line's hot path (docs/performance.md): the sender's seat comes from a per-process cache,
// checked by the line's own append statement, so nobody the database no longer seats can write
// through a cached seat; and a seat sending too fast is refused. Through the tRPC procedure, as
// the HTTP handler calls it.
import { TRPCError } from "@trpc/server";
import { beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { LINE_LIMIT } from "../../server/chat/line-limit";
import { db } from "../../server/db";
import { cachedSeat } from "../../server/sessions/participant";
import { callerFor, createLiveSession, seedOrg } from "../helpers/factories";

let s: Awaited<ReturnType<typeof seedOrg>>;
let live: Awaited<ReturnType<typeof createLiveSession>>;
let cookie: string;
let n = 0;
const cid = () => `line-path-${(n++).toString().padStart(6, "0")}-${Math.random().toString(36).slice(2, 8)}`;

beforeEach(async () => {
  s = await seedOrg();
  cookie = `line-path-cookie-${Math.random().toString(36).slice(2, 12)}`;
  live = await createLiveSession(s, { visitorCookieId: cookie });
});

const agentApi = () => callerFor(s.agents[0]!.user);
const visitorApi = () => createCaller(createContext({ user: null, visitorCookieId: cookie }));
const send = (api: ReturnType<typeof agentApi>, text = "hello") =>
  api.sessions.send({ sessionId: live.session.id, text, clientEventId: cid() });
const lines = () => db.sessionEvent.count({ where: { sessionId: live.session.id, type: "chat" } });

async function refused(p: Promise<unknown>, code: TRPCError["code"], message?: RegExp): Promise<void> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  expect((e as TRPCError).code).toBe(code);
  if (message) expect((e as TRPCError).message).toMatch(message);
}

/** Sends once, so that the caller's seat is in this process's cache. */
async function warm(api: ReturnType<typeof agentApi>, who: { userId?: string; visitorCookieId?: string }) {
  await send(api);
  expect((await cachedSeat(who, live.session.id)).cached).toBe(true);
}

describe("a chat line from a cached seat", () => {
  it("is stored from the cache while the seat holds", async () => {
    const api = agentApi();
    await warm(api, { userId: s.agents[0]!.user.id });
    const line = await send(api, "second");
    expect(line.actorParticipantId).toBe(live.agent.id);
    expect(await lines()).toBe(2);
  });

  it("is refused once the sender's membership is deactivated (no seat version bump), nothing stored", async () => {
    const api = agentApi();
    await warm(api, { userId: s.agents[0]!.user.id });
    await db.membership.update({ where: { id: s.agents[0]!.membership.id }, data: { active: false } });
    await refused(send(api), "NOT_FOUND");
    expect(await lines()).toBe(1);
  });

  it("is refused once the seat was removed (left, even without a seat version bump), nothing stored", async () => {
    const api = visitorApi();
    await warm(api, { visitorCookieId: cookie });
    const at = new Date();
    await db.participant.update({ where: { id: live.visitorSeat.id }, data: { leftAt: at, removedAt: at } });
    await refused(send(api), "PRECONDITION_FAILED", /left this session/);
    expect(await lines()).toBe(1);
  });

  it("is refused once the sender left through the API", async () => {
    const api = visitorApi();
    await warm(api, { visitorCookieId: cookie });
    await api.sessions.leave({ sessionId: live.session.id });
    const before = await lines();
    await refused(send(api), "PRECONDITION_FAILED");
    expect(await lines()).toBe(before);
  });

  it("is refused once the session ended, nothing stored", async () => {
    const api = agentApi();
    await warm(api, { userId: s.agents[0]!.user.id });
    await db.session.update({ where: { id: live.session.id }, data: { status: "ENDED", endedAt: new Date() } });
    await refused(send(api), "PRECONDITION_FAILED", /ended/);
    expect(await lines()).toBe(1);
  });

  it("is judged by the seat's new role after a role change (an agent turned monitor may not speak)", async () => {
    const api = agentApi();
    await warm(api, { userId: s.agents[0]!.user.id });
    await db.$transaction([
      db.participant.update({ where: { id: live.agent.id }, data: { role: "MONITOR" } }),
      db.session.update({ where: { id: live.session.id }, data: { seatVersion: { increment: 1 } } }),
    ]);
    await refused(send(api), "FORBIDDEN");
    expect(await lines()).toBe(1);
  });

  it("is stored under the sender's new seat when the cached one gave way to it", async () => {
    const api = visitorApi();
    await warm(api, { visitorCookieId: cookie });
    await db.participant.update({ where: { id: live.visitorSeat.id }, data: { leftAt: new Date() } });
    const again = await db.participant.create({
      data: { orgId: s.org.id, sessionId: live.session.id, role: "VISITOR", visitorId: live.visitor.id, displayName: "Visitor" },
    });
    const line = await send(api, "back again");
    expect(line.actorParticipantId).toBe(again.id);
  });
});

describe("the line rate limit", () => {
  it(`refuses line ${LINE_LIMIT.points + 1} of a rapid burst with a clear message and stores nothing; another seat is unaffected`, async () => {
    const visitor = visitorApi();
    for (let i = 0; i < LINE_LIMIT.points; i++) await send(visitor, `line ${i}`);
    await refused(send(visitor, "one too many"), "TOO_MANY_REQUESTS", /^You are sending messages too fast; wait a moment\.$/);
    expect(await lines()).toBe(LINE_LIMIT.points);
    expect(
      await db.sessionEvent.count({ where: { sessionId: live.session.id, payload: { path: ["text"], equals: "one too many" } } }),
    ).toBe(0);
    const agentLine = await send(agentApi(), "still here");
    expect(agentLine.payload.text).toBe("still here");
  });
});

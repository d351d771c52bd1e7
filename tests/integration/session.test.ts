// The session on a real PostgreSQL: archive order under concurrency, idempotent retries, leading,
// the baton, leaving, and access through the tRPC router as visitor and agent.
import { TRPCError } from "@trpc/server";
import { beforeEach, describe, expect, it } from "vitest";
import { sendChatLine } from "../../server/chat/send";
import { db } from "../../server/db";
import { AppError } from "../../server/errors";
import { leadTo } from "../../server/leading/lead";
import { passBaton, requestBaton, takeBaton } from "../../server/sessions/baton";
import { leaveSession } from "../../server/sessions/leave";
import { requireSeat } from "../../server/sessions/participant";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { createLiveSession, seatAgent, seedOrg } from "../helpers/factories";

// Leading to loopback is refused unless the development allowlist names the host (as the e2e run
// does); these tests lead to 127.0.0.1:9, where nothing answers, so the probe reports "not checked".
process.env.FRAME_PROBE_ALLOW_HOSTS = "127.0.0.1";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
let s: Seeded;
let live: Awaited<ReturnType<typeof createLiveSession>>;
let cookie: string;

const agentSeat = () => requireSeat({ userId: s.agents[0]!.user.id }, live.session.id);
const visitorSeat = () => requireSeat({ visitorCookieId: cookie }, live.session.id);
let n = 0;
const cid = () => `cid-${Date.now().toString(36)}-${n++}-${Math.random().toString(36).slice(2, 8)}`;

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
  live = await createLiveSession(s, { visitorCookieId: cookie });
});

describe("chat and the archive", () => {
  it("numbers lines from concurrent senders without gaps or duplicates", async () => {
    // Three senders of 20 lines each: a seat may send 20 at once (server/chat/line-limit.ts).
    await seatAgent(s, live.session.id);
    const senders = await Promise.all([agentSeat(), visitorSeat(), requireSeat({ userId: s.agents[1]!.user.id }, live.session.id)]);
    const sends = Array.from({ length: 60 }, (_, i) => sendChatLine(senders[i % 3]!, { text: `line ${i}`, clientEventId: cid() }));
    const results = await Promise.all(sends);
    const seqs = results.map((r) => r.seq).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(60);
    expect(seqs[59]! - seqs[0]! + 1).toBe(60); // gapless
    const stored = await db.sessionEvent.findMany({ where: { sessionId: live.session.id }, orderBy: { seq: "asc" } });
    expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
    expect((await db.session.findUniqueOrThrow({ where: { id: live.session.id } })).lastSeq).toBe(stored.length);
  });

  it("stores a retried line once, even when both copies race", async () => {
    const visitor = await visitorSeat();
    const id = cid();
    const [a, b] = await Promise.all([
      sendChatLine(visitor, { text: "hello", clientEventId: id }),
      sendChatLine(visitor, { text: "hello", clientEventId: id }),
    ]);
    const c = await sendChatLine(visitor, { text: "hello", clientEventId: id });
    expect(a.seq).toBe(b.seq);
    expect(c.seq).toBe(a.seq);
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id, clientEventId: id } })).toBe(1);
  });

  it("refuses empty and over-long lines with a clear error and stores nothing", async () => {
    const visitor = await visitorSeat();
    const before = await db.sessionEvent.count({ where: { sessionId: live.session.id } });
    await appError(sendChatLine(visitor, { text: "   ", clientEventId: cid() }), "BAD_REQUEST");
    const long = await appError(sendChatLine(visitor, { text: "x".repeat(2001), clientEventId: cid() }), "BAD_REQUEST");
    expect(long.message).toMatch(/at most 2000 characters \(this one has 2001\)/);
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id } })).toBe(before);
  });

  it("keeps text as text: markup is stored verbatim for the viewer to escape", async () => {
    const e = await sendChatLine(await visitorSeat(), { text: "<img src=x onerror=alert(1)>", clientEventId: cid() });
    expect(e.payload.text).toBe("<img src=x onerror=alert(1)>");
  });
});

describe("leading and the baton", () => {
  it("lets only the leader lead, archives the navigate event and moves the session's URL", async () => {
    await appError(leadTo(await visitorSeat(), { url: "http://127.0.0.1:9/" }), "FORBIDDEN");
    const e = await leadTo(await agentSeat(), { url: "127.0.0.1:9/docs" });
    expect(e.type).toBe("navigate");
    expect(e.payload).toMatchObject({
      url: "http://127.0.0.1:9/docs",
      newWindow: false,
      notToSelf: false,
      framable: null,
      frameCheck: "not checked",
    });
    expect((await db.session.findUniqueOrThrow({ where: { id: live.session.id } })).currentUrl).toBe("http://127.0.0.1:9/docs");
  });

  it("refuses dangerous addresses and changes nothing", async () => {
    const agent = await agentSeat();
    const before = await db.sessionEvent.count({ where: { sessionId: live.session.id } });
    for (const url of ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "https://a:b@example.com/"]) {
      await appError(leadTo(agent, { url }), "BAD_REQUEST");
    }
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id } })).toBe(before);
  });

  it("never leads followers to loopback or private addresses, in any spelling, and changes nothing", async () => {
    const agent = await agentSeat();
    const before = await db.sessionEvent.count({ where: { sessionId: live.session.id } });
    const targets = [
      "http://[::ffff:127.0.0.1]:9/", // 127.0.0.1 is allowlisted; these spellings of it are not
      "http://[::ffff:7f00:1]:9/",
      "http://[::1]:9/",
      "http://localhost:9/",
      "http://app.localhost/",
      "localhost:9/docs",
      "http://0x7f.0.0.2:9/", // 127.0.0.2
      "http://10.0.0.1/",
      "http://192.168.1.1/admin",
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00::1]/",
      "http://[64:ff9b::a00:1]/",
      "http://[2002:c0a8:101::1]/",
      "http://printer.local/",
    ];
    for (const url of targets) {
      const e = await leadTo(agent, { url }).then(
        () => null,
        (x: unknown) => x,
      );
      expect(e, url).toBeInstanceOf(AppError);
      expect(e, url).toMatchObject({ code: "BAD_REQUEST", details: { reason: "private_target" } });
    }
    // Through the API too: a typed error with a message for people.
    const { id, email, name } = s.agents[0]!.user;
    const caller = createCaller(createContext({ user: { id, email, name } }));
    await expect(caller.sessions.lead({ sessionId: live.session.id, url: "http://[::ffff:7f00:1]:9/" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/private network or this computer/),
    });
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id } })).toBe(before);
    expect((await db.session.findUniqueOrThrow({ where: { id: live.session.id } })).currentUrl).toBeNull();
  });

  it("leads to the app's own pages without the allowlist", async () => {
    const e = await leadTo(await agentSeat(), { url: "http://localhost:3000/pricing" });
    expect(e.payload).toMatchObject({ url: "http://localhost:3000/pricing" });
  });

  it("passes the baton to the visitor, who leads and passes it back", async () => {
    await passBaton(await agentSeat(), live.visitorSeat.id);
    await appError(leadTo(await agentSeat(), { url: "http://127.0.0.1:9/a" }), "FORBIDDEN");
    await leadTo(await visitorSeat(), { url: "http://127.0.0.1:9/b" });
    await passBaton(await visitorSeat(), live.agent.id);
    const types = (await db.sessionEvent.findMany({ where: { sessionId: live.session.id }, orderBy: { seq: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["baton.passed", "navigate", "baton.passed"]);
  });

  it("follows the scenario's policy for taking the baton, and lets anyone ask", async () => {
    // One-on-one: staff may take it, the visitor must ask.
    await passBaton(await agentSeat(), live.visitorSeat.id);
    await takeBaton(await agentSeat());
    await appError(takeBaton(await visitorSeat()), "FORBIDDEN");
    const asked = await requestBaton(await visitorSeat());
    expect(asked.type).toBe("baton.requested");
  });
});

describe("leaving", () => {
  it("keeps a support session open when the visitor leaves, and ends it when the last agent leaves", async () => {
    expect(await leaveSession(await visitorSeat())).toEqual({ ended: false });
    expect(await leaveSession(await agentSeat())).toEqual({ ended: true });
    const session = await db.session.findUniqueOrThrow({
      where: { id: live.session.id },
      include: { events: { orderBy: { seq: "asc" } } },
    });
    expect(session.status).toBe("ENDED");
    expect(session.events.map((e) => e.type)).toEqual(["participant.left", "participant.left", "session.ended"]);
    await appError(sendChatLine(await agentSeat(), { text: "hi", clientEventId: cid() }), "PRECONDITION_FAILED");
  });
});

describe("through the tRPC router", () => {
  const asVisitor = (c: string) => createCaller(createContext({ user: null, visitorCookieId: c }));
  const asUser = (u: { id: string; email: string; name: string | null }) => createCaller(createContext({ user: u }));

  it("shows the visitor its session and fills gaps with events after a seq", async () => {
    const api = asVisitor(cookie);
    await api.sessions.send({ sessionId: live.session.id, text: "one", clientEventId: cid() });
    await api.sessions.send({ sessionId: live.session.id, text: "two", clientEventId: cid() });
    const view = await api.sessions.view({ sessionId: live.session.id });
    expect(view.me).toMatchObject({ id: live.visitorSeat.id, role: "VISITOR", mayTake: false });
    expect(view.participants.map((p) => p.role)).toEqual(["AGENT", "VISITOR"]);
    const after = await api.sessions.events({ sessionId: live.session.id, cursors: { room: view.events[0]!.seq } });
    expect(after.map((e) => e.payload.text)).toEqual(["two"]);
  });

  it("answers NOT_FOUND to anyone without a seat: another visitor, another org's agent, nobody", async () => {
    const other = await seedOrg();
    for (const call of [
      () => asVisitor("some-other-visitor-cookie").sessions.view({ sessionId: live.session.id }),
      () => asUser(other.agents[0]!.user).sessions.view({ sessionId: live.session.id }),
      () => createCaller(createContext({ user: null })).sessions.events({ sessionId: live.session.id }),
      () => asUser(s.agents[1]!.user).sessions.send({ sessionId: live.session.id, text: "x", clientEventId: cid() }),
    ]) {
      const e = await call().then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(TRPCError);
      expect((e as TRPCError).code).toBe("NOT_FOUND");
    }
  });

  it("lets staff with sessions.read replay the whole archive, and nobody else", async () => {
    await asVisitor(cookie).sessions.send({ sessionId: live.session.id, text: "for the record", clientEventId: cid() });
    const replay = await asUser(s.manager.user).sessions.replay({ sessionId: live.session.id });
    expect(replay.events.map((e) => e.payload.text)).toContain("for the record");
    const denied = await asUser(s.agents[1]!.user)
      .sessions.replay({ sessionId: live.session.id })
      .then(
        () => null,
        (x: unknown) => x,
      );
    expect((denied as TRPCError).code).toBe("FORBIDDEN");
    const stranger = await asUser((await seedOrg()).owner.user)
      .sessions.replay({ sessionId: live.session.id })
      .then(
        () => null,
        (x: unknown) => x,
      );
    expect((stranger as TRPCError).code).toBe("NOT_FOUND");
  });
});

// Issue 12 item 11: a session after it ended (or after the reader left) is a read-only transcript
// for those who took part and for staff with sessions.read; anyone else gets NOT_FOUND. And the
// lists that link ended sessions: the agent's own (console) and the org's (dashboard, monitor).
import { beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { appendEvents } from "../../server/archive/append";
import { db } from "../../server/db";
import { errorOf } from "../helpers/errors";
import { createLiveSession, seedOrg } from "../helpers/factories";

type User = { id: string; email: string; name: string | null };
let s: Awaited<ReturnType<typeof seedOrg>>;
let live: Awaited<ReturnType<typeof createLiveSession>>;
let cookie: string;
let n = 0;
const cid = () => `past-${Date.now().toString(36)}-${n++}`;
const asVisitor = (c = cookie) => createCaller(createContext({ user: null, visitorCookieId: c }));
const asUser = (u: User | null) => createCaller(createContext({ user: u }));

beforeEach(async () => {
  s = await seedOrg();
  cookie = `past-visitor-${Math.random().toString(36).slice(2, 12)}`;
  live = await createLiveSession(s, { visitorCookieId: cookie });
  await appendEvents(db, {
    orgId: s.org.id,
    sessionId: live.session.id,
    events: [{ type: "session.started", payload: { title: live.session.title, question: "Where is my order?", referrerUrl: null } }],
  });
});

async function endWithLines() {
  const sessionId = live.session.id;
  await asVisitor().sessions.send({ sessionId, text: "Hello from the visitor", clientEventId: cid() });
  await asUser(s.agents[0]!.user).sessions.send({ sessionId, text: "Hello from the agent", clientEventId: cid() });
  await asUser(s.manager.user).sessions.joinAsStaff({ sessionId, role: "PROMPTER" });
  await asUser(s.manager.user).sessions.prompt({ sessionId, text: "Offer the refund", clientEventId: cid() });
  await asUser(s.agents[0]!.user).sessions.leave({ sessionId });
  expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe("ENDED");
}

const texts = (events: { type: string; payload: Record<string, unknown> }[]) =>
  events
    .map((e) =>
      e.type === "session.started"
        ? `question:${String(e.payload.question)}`
        : e.type === "chat" || e.type === "prompt"
          ? `${e.type}:${String(e.payload.text)}`
          : null,
    )
    .filter(Boolean);

describe("the read-only transcript of an ended session", () => {
  it("is nothing while the caller still has a live seat (the live viewer's)", async () => {
    expect(await asVisitor().sessions.past({ sessionId: live.session.id })).toBeNull();
    expect(await asUser(s.agents[0]!.user).sessions.past({ sessionId: live.session.id })).toBeNull();
  });

  it("shows the visitor the room's lines, the question first, and no prompt", async () => {
    await endWithLines();
    const past = await asVisitor().sessions.past({ sessionId: live.session.id });
    expect(past?.session.status).toBe("ENDED");
    expect(past?.session.endedAt).toBeInstanceOf(Date);
    expect(past?.me?.id).toBe(live.visitorSeat.id);
    expect(texts(past!.events)).toEqual(["question:Where is my order?", "chat:Hello from the visitor", "chat:Hello from the agent"]);
    expect(past!.participants.map((p) => p.role)).not.toContain("PROMPTER");
    expect(past!.audit).toBe(false);
  });

  it("shows the agent who took part what their seat saw: the prompt addressed to them too", async () => {
    await endWithLines();
    const past = await asUser(s.agents[0]!.user).sessions.past({ sessionId: live.session.id });
    expect(texts(past!.events)).toEqual([
      "question:Where is my order?",
      "chat:Hello from the visitor",
      "chat:Hello from the agent",
      "prompt:Offer the refund",
    ]);
  });

  it("shows a visitor who left a session that goes on their transcript, not the live viewer", async () => {
    await asVisitor().sessions.send({ sessionId: live.session.id, text: "Bye", clientEventId: cid() });
    await asVisitor().sessions.leave({ sessionId: live.session.id });
    const past = await asVisitor().sessions.past({ sessionId: live.session.id });
    expect(past?.me?.leftAt).toBeInstanceOf(Date);
    expect(texts(past!.events)).toContain("chat:Bye");
  });

  it("reads a session that goes on only up to the reader's leaving, not the room's later lines", async () => {
    const sessionId = live.session.id;
    await asUser(s.agents[0]!.user).sessions.send({ sessionId, text: "Before you go", clientEventId: cid() });
    await asVisitor().sessions.leave({ sessionId });
    // The room goes on: a colleague barges in and the agents talk after the visitor left.
    await asUser(s.manager.user).sessions.joinAsStaff({ sessionId, role: "AGENT" });
    await asUser(s.agents[0]!.user).sessions.send({ sessionId, text: "After the visitor left", clientEventId: cid() });
    await asUser(s.manager.user).sessions.send({ sessionId, text: "Noted, thanks", clientEventId: cid() });
    const visitor = await asVisitor().sessions.past({ sessionId });
    expect(visitor?.session.status).toBe("ACTIVE");
    expect(texts(visitor!.events)).toEqual(["question:Where is my order?", "chat:Before you go"]);
    expect(visitor!.events.every((e) => new Date(e.createdAt).getTime() <= visitor!.me!.leftAt!.getTime())).toBe(true);
    // An agent who left reads up to their own leaving too.
    await asUser(s.agents[0]!.user).sessions.leave({ sessionId });
    await asUser(s.manager.user).sessions.send({ sessionId, text: "Still here", clientEventId: cid() });
    const agent = await asUser(s.agents[0]!.user).sessions.past({ sessionId });
    expect(texts(agent!.events)).toContain("chat:After the visitor left");
    expect(texts(agent!.events)).not.toContain("chat:Still here");
  });

  it("lets staff with sessions.read who were never seated audit it, private lines included", async () => {
    await endWithLines();
    const owner = await asUser(s.owner.user).sessions.past({ sessionId: live.session.id });
    expect(owner?.me).toBeNull();
    expect(owner?.audit).toBe(true);
    expect(texts(owner!.events)).toContain("prompt:Offer the refund");
  });

  it("gives the visitor the client's way back (its page, name and colour), not our home page; staff none", async () => {
    await db.organization.update({ where: { id: s.org.id }, data: { allowedDomains: ["shop.example"], brandColor: "#0f766e" } });
    await db.queueEntry.update({ where: { id: live.entry.id }, data: { referrerUrl: "https://shop.example/orders/42" } });
    // After leaving a session that goes on, and after it ended.
    await asVisitor().sessions.leave({ sessionId: live.session.id });
    const exit = { returnUrl: "https://shop.example/orders/42", returnHost: "shop.example", orgName: s.org.name, brandColor: "#0f766e" };
    expect((await asVisitor().sessions.past({ sessionId: live.session.id }))?.exit).toEqual(exit);
    await asUser(s.agents[0]!.user).sessions.leave({ sessionId: live.session.id });
    expect((await db.session.findUniqueOrThrow({ where: { id: live.session.id } })).status).toBe("ENDED");
    expect((await asVisitor().sessions.past({ sessionId: live.session.id }))?.exit).toEqual(exit);
    expect((await asUser(s.agents[0]!.user).sessions.past({ sessionId: live.session.id }))?.exit).toBeNull();
    expect((await asUser(s.owner.user).sessions.past({ sessionId: live.session.id }))?.exit).toBeNull();
  });

  it("answers NOT_FOUND to an agent who wasn't in it, to another org's staff and to another visitor", async () => {
    await endWithLines();
    const stranger = await seedOrg();
    const sessionId = live.session.id;
    expect((await errorOf(asUser(s.agents[1]!.user).sessions.past({ sessionId }))).code).toBe("NOT_FOUND");
    expect((await errorOf(asUser(stranger.owner.user).sessions.past({ sessionId }))).code).toBe("NOT_FOUND");
    expect((await errorOf(asVisitor("someone-else-entirely").sessions.past({ sessionId }))).code).toBe("NOT_FOUND");
    expect((await errorOf(asUser(null).sessions.past({ sessionId }))).code).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND to unseated staff while the session is live (that is the monitor's way in)", async () => {
    expect((await errorOf(asUser(s.owner.user).sessions.past({ sessionId: live.session.id }))).code).toBe("NOT_FOUND");
  });
});

describe("links to recently ended sessions", () => {
  it("lists an agent's own ended sessions, newest first, and not a colleague's or live ones", async () => {
    await endWithLines();
    const other = await createLiveSession(s);
    await db.participant.update({ where: { id: other.agent.id }, data: { membershipId: s.agents[1]!.membership.id } });
    await asUser(s.agents[1]!.user).sessions.leave({ sessionId: other.session.id });
    const stillLive = await createLiveSession(s);

    const mine = await asUser(s.agents[0]!.user).agent.recentSessions({ orgId: s.org.id });
    expect(mine.map((r) => r.id)).toEqual([live.session.id]);
    expect(mine[0]).toMatchObject({ question: "", visitors: ["Visitor"], agents: ["Agent One"] });
    const org = await asUser(s.owner.user).manager.recentSessions({ orgId: s.org.id });
    expect(org.map((r) => r.id)).toEqual([other.session.id, live.session.id]);
    expect(org.map((r) => r.id)).not.toContain(stillLive.session.id);
  });

  it("keeps the org's list to staff with sessions.read, and another org's to NOT_FOUND", async () => {
    const stranger = await seedOrg();
    expect((await errorOf(asUser(s.agents[0]!.user).manager.recentSessions({ orgId: s.org.id }))).code).toBe("FORBIDDEN");
    expect((await errorOf(asUser(stranger.owner.user).manager.recentSessions({ orgId: s.org.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(asUser(stranger.agents[0]!.user).agent.recentSessions({ orgId: s.org.id }))).code).toBe("NOT_FOUND");
  });
});

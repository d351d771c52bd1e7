// Staff inside a session: joining unseen as a monitor or prompter, barging in, prompts that reach
// only the leader, and the server's copy of live typing for unseen staff. Real database, real
// relay, real pusher-js clients: what each of visitor, agent and monitor receives is checked.
import { createHmac } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { channels } from "../../server/realtime/channels";
import { SESSION_EVENT, TYPING_COPY_EVENT, TYPING_EVENT, type WireEvent } from "../../lib/session-events";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { listEvents } from "../../server/archive/read";
import { db } from "../../server/db";
import { authorizeChannel } from "../../server/realtime/authorize";
import { receiveRealtimeWebhook } from "../../server/realtime/webhooks";
import { passBaton } from "../../server/sessions/baton";
import { seatsInUse } from "../../server/routing/load";
import { requireSeat } from "../../server/sessions/participant";
import { typingCopyOf } from "../../server/sessions/typing-copy";
import { createLiveSession, seedOrg } from "../helpers/factories";
import { barrier, disconnectAll, listen, received, type Listener } from "../helpers/realtime";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
type User = { id: string; email: string; name: string | null };
let s: Seeded;
let live: Awaited<ReturnType<typeof createLiveSession>>;
let cookie: string;
let n = 0;
const cid = () => `cid-${Date.now().toString(36)}-${n++}-${Math.random().toString(36).slice(2, 8)}`;
const asVisitor = () => createCaller(createContext({ user: null, visitorCookieId: cookie }));
const asUser = (u: User | null) => createCaller(createContext({ user: u }));
const lastSeq = async () => (await db.session.findUniqueOrThrow({ where: { id: live.session.id }, select: { lastSeq: true } })).lastSeq;

async function trpcError(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}

beforeEach(async () => {
  s = await seedOrg();
  cookie = `staff-visitor-${Math.random().toString(36).slice(2, 12)}`;
  live = await createLiveSession(s, { visitorCookieId: cookie });
});
afterEach(disconnectAll);

describe("joining as staff", () => {
  it("does not spend the org's seat cap on unseen staff; barging in does", async () => {
    const before = await seatsInUse(db, s.org.id);
    await asUser(s.manager.user).sessions.joinAsStaff({ sessionId: live.session.id, role: "MONITOR" });
    expect(await seatsInUse(db, s.org.id)).toBe(before);
    await asUser(s.manager.user).sessions.joinAsStaff({ sessionId: live.session.id, role: "PROMPTER" });
    expect(await seatsInUse(db, s.org.id)).toBe(before);
    await asUser(s.manager.user).sessions.joinAsStaff({ sessionId: live.session.id, role: "AGENT" });
    expect(await seatsInUse(db, s.org.id)).toBe(before + 1);
  });

  it("joins unseen as a monitor: no event, absent from the visitor's participants, events and counts", async () => {
    const before = await lastSeq();
    const joined = await asUser(s.manager.user).sessions.joinAsStaff({ sessionId: live.session.id, role: "MONITOR" });
    const seat = await db.participant.findUniqueOrThrow({ where: { id: joined.participantId } });
    expect(seat).toMatchObject({ role: "MONITOR", membershipId: s.manager.membership.id, leftAt: null, canLead: false });
    expect(await lastSeq()).toBe(before);

    const visitorView = await asVisitor().sessions.view({ sessionId: live.session.id });
    expect(visitorView.participants.map((p) => p.id).sort()).toEqual([live.agent.id, live.visitorSeat.id].sort());
    expect(JSON.stringify(visitorView)).not.toContain(joined.participantId);
    const agentView = await asUser(s.agents[0]!.user).sessions.view({ sessionId: live.session.id });
    expect(agentView.participants.map((p) => p.id)).not.toContain(joined.participantId);

    // The monitor sees everyone, itself included.
    const monitorView = await asUser(s.manager.user).sessions.view({ sessionId: live.session.id });
    expect(monitorView.me).toMatchObject({ id: joined.participantId, role: "MONITOR", mayTake: false });
    expect(monitorView.participants.map((p) => p.id)).toContain(joined.participantId);
  });

  it("reuses one seat when switching monitor -> prompter -> barge in, and only barging in is announced", async () => {
    const api = asUser(s.manager.user);
    const m = await api.sessions.joinAsStaff({ sessionId: live.session.id, role: "MONITOR" });
    expect((await api.sessions.joinAsStaff({ sessionId: live.session.id, role: "MONITOR" })).participantId).toBe(m.participantId);
    const before = await lastSeq();
    const p = await api.sessions.joinAsStaff({ sessionId: live.session.id, role: "PROMPTER" });
    expect(p).toEqual({ participantId: m.participantId, role: "PROMPTER" });
    expect(await lastSeq()).toBe(before);

    const a = await api.sessions.joinAsStaff({ sessionId: live.session.id, role: "AGENT" });
    expect(a.participantId).toBe(m.participantId);
    expect(await db.participant.count({ where: { sessionId: live.session.id, membershipId: s.manager.membership.id } })).toBe(1);
    const visitorView = await asVisitor().sessions.view({ sessionId: live.session.id });
    expect(visitorView.participants.find((x) => x.id === a.participantId)).toMatchObject({
      role: "AGENT",
      displayName: "Manager",
      present: true,
    });
    expect(visitorView.events.filter((e) => e.type === "participant.joined" && e.actorParticipantId === a.participantId)).toEqual([
      expect.objectContaining({ payload: { role: "AGENT", name: "Manager" } }),
    ]);

    // Once seen, there is no going back to unseen.
    const back = await trpcError(api.sessions.joinAsStaff({ sessionId: live.session.id, role: "MONITOR" }));
    expect(back.code).toBe("PRECONDITION_FAILED");
    expect((await db.participant.findUniqueOrThrow({ where: { id: a.participantId } })).role).toBe("AGENT");
  });

  it("refuses strangers (NOT_FOUND), members without the permission (FORBIDDEN), bad input and ended sessions, changing nothing", async () => {
    const other = await seedOrg();
    const count = () => db.participant.count({ where: { sessionId: live.session.id } });
    const before = await count();
    expect((await trpcError(asUser(other.owner.user).sessions.joinAsStaff({ sessionId: live.session.id, role: "MONITOR" }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await trpcError(asUser(s.manager.user).sessions.joinAsStaff({ sessionId: "no-such-session", role: "MONITOR" }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await trpcError(asUser(s.agents[1]!.user).sessions.joinAsStaff({ sessionId: live.session.id, role: "MONITOR" }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await trpcError(asUser(null).sessions.joinAsStaff({ sessionId: live.session.id, role: "MONITOR" }))).code).toBe("UNAUTHORIZED");
    const bad = await trpcError(asUser(s.manager.user).sessions.joinAsStaff({ sessionId: live.session.id, role: "VISITOR" as "MONITOR" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(await count()).toBe(before);

    await db.session.update({ where: { id: live.session.id }, data: { status: "ENDED", endedAt: new Date() } });
    expect((await trpcError(asUser(s.manager.user).sessions.joinAsStaff({ sessionId: live.session.id, role: "MONITOR" }))).code).toBe(
      "PRECONDITION_FAILED",
    );
    expect(await count()).toBe(before);
  });

  it("keeps a monitor silent: no chat, no lead, and leaving writes nothing the room can read", async () => {
    const api = asUser(s.manager.user);
    await api.sessions.joinAsStaff({ sessionId: live.session.id, role: "MONITOR" });
    expect((await trpcError(api.sessions.send({ sessionId: live.session.id, text: "hello?", clientEventId: cid() }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await trpcError(api.sessions.requestBaton({ sessionId: live.session.id }))).code).toBe("BAD_REQUEST");
    expect((await trpcError(api.sessions.prompt({ sessionId: live.session.id, text: "psst", clientEventId: cid() }))).code).toBe(
      "FORBIDDEN",
    );
    // The agent passing the baton to the monitor's seat gets the answer an absent id gets: nothing
    // tells the room that this id is a watcher.
    const monitorSeat = await db.participant.findFirstOrThrow({ where: { sessionId: live.session.id, role: "MONITOR", leftAt: null } });
    const agentApi = asUser(s.agents[0]!.user);
    const unseen = await trpcError(agentApi.sessions.passBaton({ sessionId: live.session.id, toParticipantId: monitorSeat.id }));
    const absent = await trpcError(agentApi.sessions.passBaton({ sessionId: live.session.id, toParticipantId: "no-such-participant-id" }));
    expect([unseen.code, unseen.message]).toEqual([absent.code, absent.message]);
    const before = await lastSeq();
    expect(await api.sessions.leave({ sessionId: live.session.id })).toEqual({ ended: false });
    expect(await lastSeq()).toBe(before);
  });
});

describe("barging in under the seat caps", () => {
  it("refuses a barge-in over the org's seat cap or the scenario's, changing nothing", async () => {
    const api = asUser(s.manager.user);
    const m = await api.sessions.joinAsStaff({ sessionId: live.session.id, role: "MONITOR" });
    const seats = () => seatsInUse(db, s.org.id);
    const before = { seats: await seats(), seq: await lastSeq() };
    // The visitor and the agent hold both of the org's seats: watching unseen is fine, barging in is not.
    await db.organization.update({ where: { id: s.org.id }, data: { maxConcurrentSeats: before.seats } });
    const overOrg = await trpcError(api.sessions.joinAsStaff({ sessionId: live.session.id, role: "AGENT" }));
    expect(overOrg.code).toBe("CONFLICT");
    expect(overOrg.message).toMatch(/seats are in use/);
    expect(await db.participant.findUniqueOrThrow({ where: { id: m.participantId } })).toMatchObject({
      role: "MONITOR",
      canLead: false,
      leftAt: null,
    });
    expect({ seats: await seats(), seq: await lastSeq() }).toEqual(before);

    // No org cap, but the session's scenario seats two.
    await db.organization.update({ where: { id: s.org.id }, data: { maxConcurrentSeats: null } });
    await db.scenario.update({ where: { id: live.session.scenarioId }, data: { maxSeats: 2 } });
    const overScenario = await trpcError(api.sessions.joinAsStaff({ sessionId: live.session.id, role: "AGENT" }));
    expect(overScenario.code).toBe("CONFLICT");
    expect(overScenario.message).toMatch(/session is full/);
    expect((await db.participant.findUniqueOrThrow({ where: { id: m.participantId } })).role).toBe("MONITOR");
    expect({ seats: await seats(), seq: await lastSeq() }).toEqual(before);

    // With a seat free, the same barge-in goes through.
    await db.scenario.update({ where: { id: live.session.scenarioId }, data: { maxSeats: null } });
    await db.organization.update({ where: { id: s.org.id }, data: { maxConcurrentSeats: before.seats + 1 } });
    expect((await api.sessions.joinAsStaff({ sessionId: live.session.id, role: "AGENT" })).participantId).toBe(m.participantId);
    expect(await seats()).toBe(before.seats + 1);
  });
});

describe("replay by an agent", () => {
  it("shows only the room and the agent's own private lines; a manager auditing sees all", async () => {
    // A second agent in the room, with a sidebar to the visitor and the baton (so prompts go there).
    const agent2 = await db.participant.create({
      data: {
        orgId: s.org.id,
        sessionId: live.session.id,
        role: "AGENT",
        canLead: true,
        membershipId: s.agents[1]!.membership.id,
        displayName: "Agent Two",
      },
    });
    const opened = await asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: [agent2.id] });
    await asVisitor().sidebars.send({
      sessionId: live.session.id,
      sidebarId: opened.sidebarId,
      text: "Only for Agent Two",
      clientEventId: cid(),
    });
    await passBaton(await requireSeat({ userId: s.agents[0]!.user.id }, live.session.id), agent2.id);
    const manager = asUser(s.manager.user);
    await manager.sessions.joinAsStaff({ sessionId: live.session.id, role: "PROMPTER" });
    await manager.sessions.prompt({ sessionId: live.session.id, text: "Coach Agent Two", clientEventId: cid() });
    // And a sidebar Agent One is in: their own, which they may replay.
    const own = await asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: [live.agent.id] });
    await asVisitor().sidebars.send({ sessionId: live.session.id, sidebarId: own.sidebarId, text: "For Agent One", clientEventId: cid() });
    await asVisitor().sessions.send({ sessionId: live.session.id, text: "Hello room", clientEventId: cid() });

    // Agent One served this visitor (in this very session), so may replay it, live as it is.
    const seen = JSON.stringify((await asUser(s.agents[0]!.user).sessions.replay({ sessionId: live.session.id })).events);
    expect(seen).toContain("Hello room");
    expect(seen).toContain("For Agent One");
    expect(seen).not.toContain("Only for Agent Two");
    expect(seen).not.toContain("Coach Agent Two");

    const audited = JSON.stringify((await manager.sessions.replay({ sessionId: live.session.id })).events);
    for (const text of ["Hello room", "For Agent One", "Only for Agent Two", "Coach Agent Two"]) expect(audited).toContain(text);
  });
});

describe("channels for unseen staff", () => {
  it("never lets a monitor into presence; the watch channel is for unseen staff only", async () => {
    const m = await asUser(s.manager.user).sessions.joinAsStaff({ sessionId: live.session.id, role: "MONITOR" });
    const manager = { userId: s.manager.user.id };
    const visitor = { visitorCookieId: cookie };
    const agent = { userId: s.agents[0]!.user.id };
    expect((await authorizeChannel(manager, channels.session(live.session.id))).ok).toBe(false);
    for (const ch of [
      channels.sessionAudience(live.session.id),
      channels.sessionWatch(live.session.id),
      channels.participant(m.participantId),
    ]) {
      expect((await authorizeChannel(manager, ch)).ok, ch).toBe(true);
    }
    // The visible cannot join the watch channel (what it carries exists only if someone watches),
    // nor anyone else's participant channel.
    for (const caller of [visitor, agent]) {
      expect((await authorizeChannel(caller, channels.sessionWatch(live.session.id))).ok).toBe(false);
      expect((await authorizeChannel(caller, channels.participant(m.participantId))).ok).toBe(false);
    }
    expect((await authorizeChannel(visitor, channels.participant(live.agent.id))).ok).toBe(false);
    expect((await authorizeChannel({ userId: (await seedOrg()).owner.user.id }, channels.sessionWatch(live.session.id))).ok).toBe(false);

    // Presence as the relay reports it: the visitor's and the agent's clients see only each other.
    const v = await listen(visitor, [channels.session(live.session.id)]);
    await listen(agent, [channels.session(live.session.id)]);
    await listen(manager, [channels.sessionAudience(live.session.id), channels.sessionWatch(live.session.id)]);
    await barrier(v);
    const { pusherServer } = await import("../../server/realtime/publish");
    const res = await pusherServer().get({ path: `/channels/${channels.session(live.session.id)}/users` });
    const users = ((await res.json()) as { users: { id: string }[] }).users.map((u) => u.id).sort();
    expect(users).toEqual([live.agent.id, live.visitorSeat.id].sort());
  });
});

describe("prompts", () => {
  async function setup() {
    const api = asUser(s.manager.user);
    const { participantId: prompterId } = await api.sessions.joinAsStaff({ sessionId: live.session.id, role: "PROMPTER" });
    const visitor = await listen({ visitorCookieId: cookie }, [
      channels.session(live.session.id),
      channels.sessionAudience(live.session.id),
      channels.participant(live.visitorSeat.id),
    ]);
    const agent = await listen({ userId: s.agents[0]!.user.id }, [channels.session(live.session.id), channels.participant(live.agent.id)]);
    const prompter = await listen({ userId: s.manager.user.id }, [
      channels.sessionAudience(live.session.id),
      channels.sessionWatch(live.session.id),
      channels.participant(prompterId),
    ]);
    return { api, prompterId, visitor, agent, prompter };
  }
  const prompts = (l: Listener) => received(l).filter((x) => x.event === SESSION_EVENT && (x.data as WireEvent).type === "prompt");

  it("reach only the leader (and the prompter), over their own channels, archived as a whisper", async () => {
    const { api, prompterId, visitor, agent, prompter } = await setup();
    const sent = await api.sessions.prompt({ sessionId: live.session.id, text: "Offer the annual plan", clientEventId: cid() });
    expect(sent.payload).toEqual({ text: "Offer the annual plan", to: live.agent.id });
    await barrier(visitor, agent, prompter);

    expect(prompts(agent)).toEqual([{ channel: channels.participant(live.agent.id), event: SESSION_EVENT, data: sent }]);
    expect(prompts(prompter)).toEqual([{ channel: channels.participant(prompterId), event: SESSION_EVENT, data: sent }]);
    expect(received(visitor)).toEqual([]);
    expect(JSON.stringify(visitor.seen)).not.toContain("annual plan");

    const stored = await db.sessionEvent.findFirstOrThrow({ where: { sessionId: live.session.id, type: "prompt" } });
    expect(stored.audience.sort()).toEqual([prompterId, live.agent.id].sort());
    expect(stored.sidebarId).toBeNull();
    const read = (participantId: string | null) => listEvents({ orgId: s.org.id, sessionId: live.session.id, participantId });
    expect((await read(live.visitorSeat.id)).some((e) => e.type === "prompt")).toBe(false);
    expect((await read(null)).some((e) => e.type === "prompt")).toBe(false);
    expect((await read(live.agent.id)).filter((e) => e.type === "prompt")).toEqual([sent]);
    expect((await read(prompterId)).filter((e) => e.type === "prompt")).toEqual([sent]);
    const visitorView = await asVisitor().sessions.view({ sessionId: live.session.id });
    expect(JSON.stringify(visitorView)).not.toContain("annual plan");
  });

  it("follow the baton to the new staff leader, and never go to a visitor who leads", async () => {
    const agent2 = await db.participant.create({
      data: {
        orgId: s.org.id,
        sessionId: live.session.id,
        role: "AGENT",
        canLead: true,
        membershipId: s.agents[1]!.membership.id,
        displayName: "Agent Two",
      },
    });
    const { api, visitor, agent } = await setup();
    const second = await listen({ userId: s.agents[1]!.user.id }, [channels.session(live.session.id), channels.participant(agent2.id)]);

    await passBaton(await requireSeat({ userId: s.agents[0]!.user.id }, live.session.id), agent2.id);
    const toSecond = await api.sessions.prompt({ sessionId: live.session.id, text: "Ask for the order number", clientEventId: cid() });
    expect(toSecond.payload.to).toBe(agent2.id);

    await passBaton(await requireSeat({ userId: s.agents[1]!.user.id }, live.session.id), live.visitorSeat.id);
    const whileVisitorLeads = await api.sessions.prompt({ sessionId: live.session.id, text: "Stay calm", clientEventId: cid() });
    expect(whileVisitorLeads.payload.to).toBe(live.agent.id);

    await barrier(visitor, agent, second);
    expect(prompts(second).map((x) => (x.data as WireEvent).payload.text)).toEqual(["Ask for the order number"]);
    expect(prompts(agent).map((x) => (x.data as WireEvent).payload.text)).toEqual(["Stay calm"]);
    expect(prompts(visitor)).toEqual([]);
    // The visitor saw the baton move, and nothing else.
    expect(received(visitor).every((x) => (x.data as WireEvent).type === "baton.passed")).toBe(true);
  });

  it("are refused to anyone but a prompter, and checked like chat lines", async () => {
    const { api } = await setup();
    expect((await trpcError(asVisitor().sessions.prompt({ sessionId: live.session.id, text: "x", clientEventId: cid() }))).code).toBe(
      "FORBIDDEN",
    );
    expect(
      (await trpcError(asUser(s.agents[0]!.user).sessions.prompt({ sessionId: live.session.id, text: "x", clientEventId: cid() }))).code,
    ).toBe("FORBIDDEN");
    expect((await trpcError(api.sessions.prompt({ sessionId: live.session.id, text: "   ", clientEventId: cid() }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await trpcError(api.sessions.prompt({ sessionId: live.session.id, text: "x".repeat(2001), clientEventId: cid() }))).code).toBe(
      "BAD_REQUEST",
    );
    expect(await db.sessionEvent.count({ where: { sessionId: live.session.id, type: "prompt" } })).toBe(0);
    // A prompter cannot speak to the room either.
    expect((await trpcError(api.sessions.send({ sessionId: live.session.id, text: "hi all", clientEventId: cid() }))).code).toBe(
      "FORBIDDEN",
    );
  });
});

describe("live typing for unseen staff", () => {
  const SECRET = "test-only-pusher-secret-0123"; // vitest.config.ts test env
  const hook = (events: unknown[]) => {
    const body = JSON.stringify({ time_ms: Date.now(), events });
    const headers = new Headers({
      "content-type": "application/json",
      "x-pusher-key": "isession-key",
      "x-pusher-signature": createHmac("sha256", SECRET).update(body).digest("hex"),
    });
    return receiveRealtimeWebhook(headers, body);
  };
  const typingEvent = (userId: string | undefined, data: unknown) => ({
    name: "client_event",
    channel: channels.session(live.session.id),
    event: TYPING_EVENT,
    data: JSON.stringify(data),
    socket_id: "1.1",
    ...(userId ? { user_id: userId } : {}),
  });

  it("copies the room's typing (from the relay's client_event webhook) to the watch channel, with the typist's seat", async () => {
    const m = await asUser(s.manager.user).sessions.joinAsStaff({ sessionId: live.session.id, role: "MONITOR" });
    const monitor = await listen({ userId: s.manager.user.id }, [
      channels.sessionAudience(live.session.id),
      channels.sessionWatch(live.session.id),
      channels.participant(m.participantId),
    ]);
    const visitor = await listen({ visitorCookieId: cookie }, [
      channels.session(live.session.id),
      channels.sessionAudience(live.session.id),
    ]);
    expect((await hook([typingEvent(live.visitorSeat.id, { typing: true, text: "my order is late" })])).status).toBe(200);
    await barrier(monitor, visitor);
    expect(received(monitor)).toEqual([
      {
        channel: channels.sessionWatch(live.session.id),
        event: TYPING_COPY_EVENT,
        data: { participantId: live.visitorSeat.id, typing: true, text: "my order is late" },
      },
    ]);
    // Nothing the visitor can hear changed.
    expect(received(visitor)).toEqual([]);
  });

  it("copies nothing when nobody watches unseen", async () => {
    const manager = await listen({ userId: s.manager.user.id }, [channels.sessionWatch(live.session.id)]);
    await hook([typingEvent(live.visitorSeat.id, { typing: true, text: "hello" })]);
    await barrier(manager);
    expect(received(manager)).toEqual([]);
  });

  it("copies only well-formed typing from a session's presence channel, under the relay's user_id", () => {
    const ok = typingCopyOf(typingEvent("p1", { typing: true, text: "x".repeat(600), extra: "dropped" }) as never);
    expect(ok).toEqual({
      sessionId: live.session.id,
      notice: {
        audience: { to: "watchers", sessionId: live.session.id },
        event: TYPING_COPY_EVENT,
        data: { participantId: "p1", typing: true, text: "x".repeat(500) },
      },
    });
    expect(typingCopyOf(typingEvent("p1", { typing: false, text: "stale" }) as never)?.notice.data).toEqual({
      participantId: "p1",
      typing: false,
    });
    expect(typingCopyOf(typingEvent(undefined, { typing: true }) as never)).toBeNull();
    expect(typingCopyOf({ ...typingEvent("p1", { typing: true }), event: "client-other" } as never)).toBeNull();
    expect(typingCopyOf({ ...typingEvent("p1", { typing: true }), channel: channels.participant("p1") } as never)).toBeNull();
    expect(typingCopyOf({ ...typingEvent("p1", {}), data: "{not json" } as never)).toBeNull();
    expect(typingCopyOf({ name: "member_added", channel: channels.session("s"), user_id: "p1" })).toBeNull();
  });
});

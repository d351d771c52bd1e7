// One numbering per audience (docs/sessions.md): room events are gapless among themselves, each
// private stream on its own, so nobody outside a private audience can tell, on the wire or from
// the archive, that a private event exists. Real pusher-js clients on the real relay.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { channels } from "../../server/realtime/channels";
import { SESSION_EVENT, type WireEvent } from "../../lib/session-events";
import { eventLog, gapsOf, mergeEvents } from "../../components/viewer/event-log";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { appendEvents } from "../../server/archive/append";
import { db } from "../../server/db";
import { createLiveSession, seatAgent, seedOrg } from "../helpers/factories";
import { barrier, disconnectAll, listen, received, type Listener } from "../helpers/realtime";

let s: Awaited<ReturnType<typeof seedOrg>>;
let live: Awaited<ReturnType<typeof createLiveSession>>;
let agent2Id: string;
let cookie: string;
let n = 0;
const cid = () => `es-${Date.now().toString(36)}-${n++}-${Math.random().toString(36).slice(2, 8)}`;
const asVisitor = () => createCaller(createContext({ user: null, visitorCookieId: cookie }));
const asUser = (u: { id: string; email: string; name: string | null }) => createCaller(createContext({ user: u }));
const range = (k: number) => Array.from({ length: k }, (_, i) => i + 1);

beforeEach(async () => {
  s = await seedOrg();
  cookie = `streams-visitor-${Math.random().toString(36).slice(2, 12)}`;
  live = await createLiveSession(s, { visitorCookieId: cookie });
  // A third visible person, so that a sidebar can leave someone of the room out.
  agent2Id = (await seatAgent(s, live.session.id)).id;
});
afterEach(disconnectAll);

const events = (l: Listener) =>
  received(l)
    .filter((x) => x.event === SESSION_EVENT)
    .map((x) => ({ channel: x.channel, e: x.data as WireEvent }));
const seqsOf = (es: WireEvent[], stream: string) => es.filter((e) => e.stream === stream).map((e) => e.seq);

describe("one numbering per audience, on the wire", () => {
  it("gives those outside a private audience gapless room seqs and nothing that reveals it; the prompt's target gets its stream gapless", async () => {
    const sid = live.session.id;
    const agentApi = asUser(s.agents[0]!.user);
    const agent2Api = asUser(s.agents[1]!.user);
    const prompter = asUser(s.manager.user);
    const prompterId = (await prompter.sessions.joinAsStaff({ sessionId: sid, role: "PROMPTER" })).participantId;

    const visitor = await listen({ visitorCookieId: cookie }, [channels.session(sid), channels.participant(live.visitorSeat.id)]);
    const agent = await listen({ userId: s.agents[0]!.user.id }, [channels.session(sid), channels.participant(live.agent.id)]);
    const agent2 = await listen({ userId: s.agents[1]!.user.id }, [channels.session(sid), channels.participant(agent2Id)]);
    // Someone following the room from the audience channel (a monitor, the auditorium's audience).
    const follower = await listen({ userId: s.owner.user.id }, [channels.sessionAudience(sid)]);

    // Room lines interleaved with prompts (unseen prompter -> agent) and two sidebars: the agents
    // without the visitor, then the visitor and the agent without Agent Two.
    await asVisitor().sessions.send({ sessionId: sid, text: "Hi", clientEventId: cid() });
    await prompter.sessions.prompt({ sessionId: sid, text: "Greet them by name", clientEventId: cid() });
    await agentApi.sessions.send({ sessionId: sid, text: "Hello!", clientEventId: cid() });
    const staffSidebar = await agentApi.sidebars.open({ sessionId: sid, memberIds: [agent2Id] });
    await agent2Api.sidebars.send({ sessionId: sid, sidebarId: staffSidebar.sidebarId, text: "I know this one", clientEventId: cid() });
    await prompter.sessions.prompt({ sessionId: sid, text: "Offer the discount", clientEventId: cid() });
    const visitorSidebar = await asVisitor().sidebars.open({ sessionId: sid, memberIds: [live.agent.id] });
    await asVisitor().sidebars.send({ sessionId: sid, sidebarId: visitorSidebar.sidebarId, text: "Just to you", clientEventId: cid() });
    await asVisitor().sessions.send({ sessionId: sid, text: "Thanks", clientEventId: cid() });
    await agentApi.sidebars.close({ sessionId: sid, sidebarId: staffSidebar.sidebarId });
    await prompter.sessions.prompt({ sessionId: sid, text: "Wrap up", clientEventId: cid() });
    await agentApi.sessions.send({ sessionId: sid, text: "Anything else?", clientEventId: cid() });
    await barrier(visitor, agent, agent2, follower);

    const staffStream = `sidebar:${staffSidebar.sidebarId}`;
    const visitorStream = `sidebar:${visitorSidebar.sidebarId}`;
    const promptStream = `prompt:${prompterId}:${live.agent.id}`;
    const roomCount = (await db.session.findUniqueOrThrow({ where: { id: sid }, select: { lastSeq: true } })).lastSeq;
    expect(roomCount).toBe(4);
    expect(
      await db.sessionStream.findMany({ where: { sessionId: sid }, orderBy: { stream: "asc" }, select: { stream: true, lastSeq: true } }),
    ).toEqual(
      [
        { stream: promptStream, lastSeq: 3 },
        { stream: staffStream, lastSeq: 3 },
        { stream: visitorStream, lastSeq: 2 },
      ].sort((a, b) => (a.stream < b.stream ? -1 : 1)),
    );

    // On the room channels, everyone gets the room's numbers 1..n with no hole, and nothing else.
    for (const l of [visitor, agent, agent2, follower]) {
      const room = events(l).filter((x) => x.channel === channels.session(sid) || x.channel === channels.sessionAudience(sid));
      expect(room.map((x) => [x.e.stream, x.e.seq])).toEqual(range(roomCount).map((q) => ["room", q]));
    }
    expect(events(follower).every((x) => x.e.stream === "room")).toBe(true);

    // Private events reach only their audience: the visitor its own sidebar, Agent Two the staff one.
    const streamsOf = (l: Listener) => [...new Set(events(l).map((x) => x.e.stream))].sort();
    expect(streamsOf(visitor)).toEqual(["room", visitorStream].sort());
    expect(streamsOf(agent2)).toEqual(["room", staffStream].sort());
    expect(streamsOf(agent)).toEqual(["room", promptStream, staffStream, visitorStream].sort());
    // The prompt's target gets the prompt stream gapless; every stream anyone got is gapless from 1.
    expect(
      seqsOf(
        events(agent).map((x) => x.e),
        promptStream,
      ),
    ).toEqual([1, 2, 3]);
    for (const l of [visitor, agent, agent2, follower]) {
      const got = events(l).map((x) => x.e);
      for (const stream of new Set(got.map((e) => e.stream))) expect(seqsOf(got, stream)).toEqual(range(seqsOf(got, stream).length));
      // The viewer's own merge finds no hole: no refetch.
      expect(gapsOf(mergeEvents(eventLog(), got))).toEqual([]);
    }

    // What each can fetch: the room 1..n and its own streams, nothing of another audience's.
    const fetched = async (api: ReturnType<typeof asVisitor>) => api.sessions.events({ sessionId: sid });
    const visitorRead = await fetched(asVisitor());
    expect(seqsOf(visitorRead, "room")).toEqual(range(roomCount));
    expect([...new Set(visitorRead.map((e) => e.stream))].sort()).toEqual(["room", visitorStream].sort());
    expect(
      visitorRead.some(
        (e) => e.type === "prompt" || JSON.stringify(e).includes(staffSidebar.sidebarId) || JSON.stringify(e).includes(prompterId),
      ),
    ).toBe(false);
    const agent2Read = await fetched(agent2Api);
    expect(seqsOf(agent2Read, "room")).toEqual(range(roomCount));
    expect([...new Set(agent2Read.map((e) => e.stream))].sort()).toEqual(["room", staffStream].sort());
    // Asking for a stream one is not in by name gives nothing either.
    expect(
      await asVisitor().sessions.events({
        sessionId: sid,
        cursors: { [promptStream]: 0, [staffStream]: 0, [visitorStream]: 2, room: roomCount },
      }),
    ).toEqual([]);
    // The view (a reload) holds the same.
    const view = await asVisitor().sessions.view({ sessionId: sid });
    expect(view.events.filter((e) => e.stream !== "room" && e.stream !== visitorStream)).toEqual([]);
  });

  it("continues each stream from its own cursor, and a stream not named from its start", async () => {
    const sid = live.session.id;
    const prompter = asUser(s.manager.user);
    await prompter.sessions.joinAsStaff({ sessionId: sid, role: "PROMPTER" });
    const agentApi = asUser(s.agents[0]!.user);
    for (const text of ["one", "two", "three"]) await agentApi.sessions.send({ sessionId: sid, text, clientEventId: cid() });
    for (const text of ["p1", "p2"]) await prompter.sessions.prompt({ sessionId: sid, text, clientEventId: cid() });
    const all = await agentApi.sessions.events({ sessionId: sid });
    const prompt = all.find((e) => e.type === "prompt")!.stream;
    const after = await agentApi.sessions.events({ sessionId: sid, cursors: { room: 2, [prompt]: 1 } });
    expect(after.map((e) => [e.stream, e.seq, e.payload.text])).toEqual([
      ["room", 3, "three"],
      [prompt, 2, "p2"],
    ]);
    const roomOnly = await agentApi.sessions.events({ sessionId: sid, cursors: { room: 3 } });
    expect(roomOnly.map((e) => e.payload.text)).toEqual(["p1", "p2"]);
    // Bad cursors are refused, not read: a negative seq, too many streams, an unstorable key.
    const refused = async (cursors: Record<string, number>) =>
      (await agentApi.sessions.events({ sessionId: sid, cursors }).then(
        () => null,
        (e: { code?: string }) => e,
      )) as { code?: string } | null;
    expect((await refused({ room: -1 }))?.code).toBe("BAD_REQUEST");
    expect((await refused(Object.fromEntries(range(101).map((i) => [`s${i}`, 1]))))?.code).toBe("BAD_REQUEST");
    expect((await refused({ "bad\u0000key": 1 }))?.code).toBe("BAD_REQUEST");
  });

  it("at many room followers, private lines cost none of them a refetch", async () => {
    const sid = live.session.id;
    const prompter = asUser(s.manager.user);
    await prompter.sessions.joinAsStaff({ sessionId: sid, role: "PROMPTER" });
    const agentApi = asUser(s.agents[0]!.user);
    const FOLLOWERS = 60;
    const followers: Listener[] = [];
    for (let i = 0; i < FOLLOWERS; i++) followers.push(await listen({ userId: s.owner.user.id }, [channels.sessionAudience(sid)]));
    const sidebar = await agentApi.sidebars.open({ sessionId: sid, memberIds: [agent2Id] });
    for (let i = 0; i < 5; i++) {
      await agentApi.sessions.send({ sessionId: sid, text: `room ${i}`, clientEventId: cid() });
      await prompter.sessions.prompt({ sessionId: sid, text: `prompt ${i}`, clientEventId: cid() });
      await agentApi.sidebars.send({ sessionId: sid, sidebarId: sidebar.sidebarId, text: `aside ${i}`, clientEventId: cid() });
    }
    await barrier(...followers);
    // What the viewer does with each delivery: merge, and fetch when a stream has a hole.
    let refetches = 0;
    for (const f of followers) {
      let log = eventLog();
      for (const { e } of events(f)) {
        log = mergeEvents(log, [e]);
        if (gapsOf(log).length > 0) refetches++;
      }
      expect(seqsOf([...log.events.values()], "room")).toEqual(range(5));
    }
    expect(refetches).toBe(0);
  });
});

describe("appendEvents", () => {
  it("numbers room and private events of one call in their own streams, in one statement, answering in the order given", async () => {
    const sid = live.session.id;
    const stored = await appendEvents(db, {
      orgId: s.org.id,
      sessionId: sid,
      events: [
        { type: "chat", payload: { text: "room a" } },
        { type: "note", audience: [live.agent.id, agent2Id], payload: {} },
        { type: "chat", payload: { text: "room b" } },
        { type: "note", audience: [agent2Id, live.agent.id], payload: {} },
        { type: "answer", audience: [live.visitorSeat.id], stream: `question:${live.visitorSeat.id}`, payload: {} },
      ],
    });
    const pair = `p:${[live.agent.id, agent2Id].sort().join(",")}`;
    expect(stored.map((e) => [e.stream, e.seq])).toEqual([
      ["room", 1],
      [pair, 1],
      ["room", 2],
      [pair, 2],
      [`question:${live.visitorSeat.id}`, 1],
    ]);
    expect((await db.session.findUniqueOrThrow({ where: { id: sid } })).lastSeq).toBe(2);
    const again = await appendEvents(db, {
      orgId: s.org.id,
      sessionId: sid,
      events: [{ type: "note", audience: [live.agent.id, agent2Id], payload: {} }],
    });
    expect(again.map((e) => [e.stream, e.seq])).toEqual([[pair, 3]]);
  });

  it("keeps every stream gapless under concurrent writers", async () => {
    const sid = live.session.id;
    const write = (i: number) =>
      appendEvents(db, {
        orgId: s.org.id,
        sessionId: sid,
        events: i % 2 ? [{ type: "chat", payload: { i } }] : [{ type: "note", audience: [live.agent.id], stream: "x", payload: { i } }],
      });
    await Promise.all(range(30).map(write));
    const rows = await db.sessionEvent.findMany({ where: { sessionId: sid }, select: { stream: true, seq: true } });
    expect(seqsOf(rows as WireEvent[], "room").sort((a, b) => a - b)).toEqual(range(15));
    expect(seqsOf(rows as WireEvent[], "x").sort((a, b) => a - b)).toEqual(range(15));
  });

  it("moves no counter when the statement fails: a seat changed, or a clientEventId seen before", async () => {
    const sid = live.session.id;
    await appendEvents(db, {
      orgId: s.org.id,
      sessionId: sid,
      events: [{ type: "note", audience: [live.agent.id], stream: "x", clientEventId: "dup-1", payload: {} }],
    });
    const stale = appendEvents(db, {
      orgId: s.org.id,
      sessionId: sid,
      ifSeatVersion: 99,
      events: [{ type: "note", audience: [live.agent.id], stream: "x", payload: {} }],
    });
    await expect(stale).rejects.toThrow(/seats changed/);
    const dup = appendEvents(db, {
      orgId: s.org.id,
      sessionId: sid,
      events: [
        { type: "chat", payload: {} },
        { type: "note", audience: [live.agent.id], stream: "x", clientEventId: "dup-1", payload: {} },
      ],
    });
    await expect(dup).rejects.toThrow();
    expect((await db.session.findUniqueOrThrow({ where: { id: sid } })).lastSeq).toBe(0);
    expect((await db.sessionStream.findMany({ where: { sessionId: sid } })).map((r) => [r.stream, r.lastSeq])).toEqual([["x", 1]]);
  });

  it("refuses a room stream for a private event and a private stream for a room event", async () => {
    const append = (e: Parameters<typeof appendEvents>[1]["events"][number]) =>
      appendEvents(db, { orgId: s.org.id, sessionId: live.session.id, events: [e] });
    await expect(append({ type: "note", audience: [live.agent.id], stream: "room" })).rejects.toThrow(/room stream/);
    await expect(append({ type: "chat", stream: "x" })).rejects.toThrow(/room event/);
  });
});

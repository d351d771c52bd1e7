// Sidebars: private conversations inside a session. Who may open one with whom, who receives its
// lines (real pusher-js clients on the real relay), and who reads them back from the archive.
import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { channels } from "../../server/realtime/channels";
import { SESSION_EVENT, type WireEvent } from "../../lib/session-events";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { listEvents } from "../../server/archive/read";
import { db } from "../../server/db";
import { createLiveSession, seatAgent, seedOrg } from "../helpers/factories";
import { barrier, disconnectAll, listen, received, type Listener } from "../helpers/realtime";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
type User = { id: string; email: string; name: string | null };
let s: Seeded;
let live: Awaited<ReturnType<typeof createLiveSession>>;
let cookie: string;
let agent2Id: string;
let monitorId: string;
let n = 0;
const cid = () => `sb-${Date.now().toString(36)}-${n++}-${Math.random().toString(36).slice(2, 8)}`;
const asVisitor = (c = cookie) => createCaller(createContext({ user: null, visitorCookieId: c }));
const asUser = (u: User) => createCaller(createContext({ user: u }));

async function code(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return (e as TRPCError).code;
}

beforeEach(async () => {
  s = await seedOrg();
  cookie = `sidebar-visitor-${Math.random().toString(36).slice(2, 12)}`;
  live = await createLiveSession(s, { visitorCookieId: cookie });
  agent2Id = (await seatAgent(s, live.session.id)).id;
  monitorId = (await asUser(s.manager.user).sessions.joinAsStaff({ sessionId: live.session.id, role: "MONITOR" })).participantId;
});
afterEach(disconnectAll);

describe("sidebar lines", () => {
  it("reach only the sidebar's members, are archived with their audience, and come back on reload", async () => {
    const visitor = await listen({ visitorCookieId: cookie }, [
      channels.session(live.session.id),
      channels.participant(live.visitorSeat.id),
    ]);
    const agent = await listen({ userId: s.agents[0]!.user.id }, [channels.session(live.session.id), channels.participant(live.agent.id)]);
    const agent2 = await listen({ userId: s.agents[1]!.user.id }, [channels.session(live.session.id), channels.participant(agent2Id)]);
    const monitor = await listen({ userId: s.manager.user.id }, [
      channels.sessionAudience(live.session.id),
      channels.sessionWatch(live.session.id),
      channels.participant(monitorId),
    ]);

    const opened = await asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: [live.agent.id] });
    expect(opened.event.payload).toEqual({
      sidebarId: opened.sidebarId,
      title: "",
      members: [
        { id: live.visitorSeat.id, name: "Visitor" },
        { id: live.agent.id, name: "Agent One" },
      ],
    });
    const line = await asUser(s.agents[0]!.user).sidebars.send({
      sessionId: live.session.id,
      sidebarId: opened.sidebarId,
      text: "Just between us",
      clientEventId: cid(),
    });
    expect(line).toMatchObject({
      type: "sidebar.chat",
      actorParticipantId: live.agent.id,
      payload: { sidebarId: opened.sidebarId, text: "Just between us" },
    });
    await barrier(visitor, agent, agent2, monitor);

    const privateLines = (l: Listener) =>
      received(l)
        .filter((x) => x.event === SESSION_EVENT)
        .map((x) => [x.channel, (x.data as WireEvent).type]);
    expect(privateLines(visitor)).toEqual([
      [channels.participant(live.visitorSeat.id), "sidebar.opened"],
      [channels.participant(live.visitorSeat.id), "sidebar.chat"],
    ]);
    expect(privateLines(agent)).toEqual([
      [channels.participant(live.agent.id), "sidebar.opened"],
      [channels.participant(live.agent.id), "sidebar.chat"],
    ]);
    expect(received(agent2)).toEqual([]);
    expect(received(monitor)).toEqual([]);

    const stored = await db.sessionEvent.findMany({
      where: { sessionId: live.session.id, sidebarId: opened.sidebarId },
      orderBy: { seq: "asc" },
    });
    expect(stored.map((e) => [e.type, [...e.audience].sort()])).toEqual([
      ["sidebar.opened", [live.agent.id, live.visitorSeat.id].sort()],
      ["sidebar.chat", [live.agent.id, live.visitorSeat.id].sort()],
    ]);
    const read = async (participantId: string | null) =>
      (await listEvents({ orgId: s.org.id, sessionId: live.session.id, participantId }))
        .filter((e) => e.type.startsWith("sidebar."))
        .map((e) => e.type);
    expect(await read(live.visitorSeat.id)).toEqual(["sidebar.opened", "sidebar.chat"]);
    expect(await read(live.agent.id)).toEqual(["sidebar.opened", "sidebar.chat"]);
    expect(await read(agent2Id)).toEqual([]);
    expect(await read(monitorId)).toEqual([]);
    expect(await read(null)).toEqual([]);

    // Reloading the page restores the sidebar and its transcript for members only.
    const reloaded = await asVisitor().sessions.view({ sessionId: live.session.id });
    expect(reloaded.sidebars).toEqual([
      {
        id: opened.sidebarId,
        title: "",
        open: true,
        members: [
          { id: live.visitorSeat.id, name: "Visitor" },
          { id: live.agent.id, name: "Agent One" },
        ],
      },
    ]);
    expect(reloaded.events.filter((e) => e.type === "sidebar.chat").map((e) => e.payload.text)).toEqual(["Just between us"]);
    const outsider = await asUser(s.agents[1]!.user).sessions.view({ sessionId: live.session.id });
    expect(outsider.sidebars).toEqual([]);
    expect(JSON.stringify(outsider)).not.toContain("Just between us");
  });

  it("let unseen staff coach an agent in a sidebar, which the visitor never hears of", async () => {
    const visitor = await listen({ visitorCookieId: cookie }, [
      channels.session(live.session.id),
      channels.participant(live.visitorSeat.id),
    ]);
    const api = asUser(s.manager.user);
    const opened = await api.sidebars.open({ sessionId: live.session.id, memberIds: [live.agent.id], title: "Coaching" });
    await api.sidebars.send({ sessionId: live.session.id, sidebarId: opened.sidebarId, text: "Slow down a little", clientEventId: cid() });
    await barrier(visitor);
    expect(received(visitor)).toEqual([]);
    const agentView = await asUser(s.agents[0]!.user).sessions.view({ sessionId: live.session.id });
    expect(agentView.sidebars).toEqual([
      {
        id: opened.sidebarId,
        title: "Coaching",
        open: true,
        members: [
          { id: monitorId, name: "Manager" },
          { id: live.agent.id, name: "Agent One" },
        ],
      },
    ]);
    // Still unseen in the room.
    expect(agentView.participants.map((p) => p.id)).not.toContain(monitorId);
    expect(JSON.stringify(await asVisitor().sessions.view({ sessionId: live.session.id }))).not.toContain("Slow down");
  });
});

describe("who may open a sidebar with whom", () => {
  it("refuses a visitor's sidebar with a monitor exactly as with someone absent", async () => {
    const before = await db.sidebar.count();
    expect(await code(asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: [monitorId] }))).toBe("NOT_FOUND");
    expect(await code(asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: [live.agent.id, monitorId] }))).toBe("NOT_FOUND");
    expect(await code(asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: ["not-a-participant"] }))).toBe("NOT_FOUND");
    // An agent cannot either: the room's people do not know monitors are there.
    expect(await code(asUser(s.agents[0]!.user).sidebars.open({ sessionId: live.session.id, memberIds: [monitorId] }))).toBe("NOT_FOUND");
    expect(await db.sidebar.count()).toBe(before);
  });

  it("refuses unseen staff a sidebar with the visitor, bad member lists, and other sessions' people", async () => {
    const other = await createLiveSession(s, { visitorCookieId: `other-${cookie}` });
    const before = await db.sidebar.count();
    expect(await code(asUser(s.manager.user).sidebars.open({ sessionId: live.session.id, memberIds: [live.visitorSeat.id] }))).toBe(
      "BAD_REQUEST",
    );
    expect(await code(asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: [] }))).toBe("BAD_REQUEST");
    expect(await code(asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: [live.visitorSeat.id] }))).toBe("BAD_REQUEST");
    expect(await code(asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: [other.agent.id] }))).toBe("NOT_FOUND");
    expect(
      await code(asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: Array.from({ length: 12 }, (_, i) => `p${i}`) })),
    ).toBe("BAD_REQUEST");
    expect(await db.sidebar.count()).toBe(before);
  });

  it("refuses a visible person's sidebar with everyone in the room (it would be the room again), as in a one-on-one", async () => {
    const before = await db.sidebar.count();
    const refused = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(TRPCError);
      expect((e as TRPCError).code).toBe("BAD_REQUEST");
      expect((e as TRPCError).message).toMatch(/write in the room instead/);
    };
    // Visitor, Agent One and Agent Two are the room (the monitor is unseen and never counts).
    await refused(asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: [live.agent.id, agent2Id] }));
    await refused(asUser(s.agents[0]!.user).sidebars.open({ sessionId: live.session.id, memberIds: [live.visitorSeat.id, agent2Id] }));
    // Agent Two leaves: a one-on-one, where the only sidebar there could be is with the only other person.
    await db.participant.update({ where: { id: agent2Id }, data: { leftAt: new Date() } });
    await refused(asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: [live.agent.id] }));
    await refused(asUser(s.agents[0]!.user).sidebars.open({ sessionId: live.session.id, memberIds: [live.visitorSeat.id] }));
    expect(await db.sidebar.count()).toBe(before);
    // Unseen staff coaching the agent leave the visitor out: that one still opens.
    const coaching = await asUser(s.manager.user).sidebars.open({ sessionId: live.session.id, memberIds: [live.agent.id] });
    expect(coaching.sidebarId).toBeTruthy();
  });

  it("answers NOT_FOUND to a non-member's line, another org, another session; checks the text", async () => {
    const opened = await asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: [live.agent.id] });
    const count = () => db.sessionEvent.count({ where: { sidebarId: opened.sidebarId } });
    const before = await count();
    expect(
      await code(
        asUser(s.agents[1]!.user).sidebars.send({
          sessionId: live.session.id,
          sidebarId: opened.sidebarId,
          text: "let me in",
          clientEventId: cid(),
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await code(
        asUser(s.manager.user).sidebars.send({
          sessionId: live.session.id,
          sidebarId: opened.sidebarId,
          text: "let me in",
          clientEventId: cid(),
        }),
      ),
    ).toBe("NOT_FOUND");
    const stranger = await seedOrg();
    expect(
      await code(
        asUser(stranger.owner.user).sidebars.send({
          sessionId: live.session.id,
          sidebarId: opened.sidebarId,
          text: "hi",
          clientEventId: cid(),
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(await code(asUser(stranger.owner.user).sidebars.open({ sessionId: live.session.id, memberIds: [live.agent.id] }))).toBe(
      "NOT_FOUND",
    );
    // The visitor's seat in another session does not carry the sidebar over.
    const elsewhere = await createLiveSession(s, { visitorCookieId: `elsewhere-${cookie}` });
    expect(
      await code(
        asVisitor(`elsewhere-${cookie}`).sidebars.send({
          sessionId: elsewhere.session.id,
          sidebarId: opened.sidebarId,
          text: "hi",
          clientEventId: cid(),
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await code(asVisitor().sidebars.send({ sessionId: live.session.id, sidebarId: opened.sidebarId, text: "  ", clientEventId: cid() })),
    ).toBe("BAD_REQUEST");
    expect(await count()).toBe(before);
  });
});

describe("closing a sidebar", () => {
  it("closes it for every member (only members hear of it), keeps its lines, and refuses new ones", async () => {
    const opened = await asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: [live.agent.id] });
    await asVisitor().sidebars.send({
      sessionId: live.session.id,
      sidebarId: opened.sidebarId,
      text: "Before it closes",
      clientEventId: cid(),
    });
    const visitor = await listen({ visitorCookieId: cookie }, [
      channels.session(live.session.id),
      channels.participant(live.visitorSeat.id),
    ]);
    const agent2 = await listen({ userId: s.agents[1]!.user.id }, [channels.session(live.session.id), channels.participant(agent2Id)]);
    const monitor = await listen({ userId: s.manager.user.id }, [
      channels.sessionAudience(live.session.id),
      channels.sessionWatch(live.session.id),
      channels.participant(monitorId),
    ]);

    // A non-member cannot close it, nor learn that it exists.
    expect(await code(asUser(s.agents[1]!.user).sidebars.close({ sessionId: live.session.id, sidebarId: opened.sidebarId }))).toBe(
      "NOT_FOUND",
    );
    // Any member may close it: here the agent, who did not open it.
    const closed = await asUser(s.agents[0]!.user).sidebars.close({ sessionId: live.session.id, sidebarId: opened.sidebarId });
    expect(closed).toMatchObject({ type: "sidebar.closed", actorParticipantId: live.agent.id, payload: { sidebarId: opened.sidebarId } });
    await barrier(visitor, agent2, monitor);
    expect(
      received(visitor)
        .filter((x) => x.event === SESSION_EVENT)
        .map((x) => [x.channel, (x.data as WireEvent).type]),
    ).toEqual([[channels.participant(live.visitorSeat.id), "sidebar.closed"]]);
    expect(received(agent2)).toEqual([]);
    expect(received(monitor)).toEqual([]);

    // Closed for good: no new lines, no second close; the old line and the close stay in the archive.
    expect(
      await code(
        asVisitor().sidebars.send({ sessionId: live.session.id, sidebarId: opened.sidebarId, text: "After", clientEventId: cid() }),
      ),
    ).toBe("PRECONDITION_FAILED");
    expect(await code(asVisitor().sidebars.close({ sessionId: live.session.id, sidebarId: opened.sidebarId }))).toBe("CONFLICT");
    const types = async (participantId: string) =>
      (await listEvents({ orgId: s.org.id, sessionId: live.session.id, participantId }))
        .filter((e) => e.type.startsWith("sidebar."))
        .map((e) => e.type);
    expect(await types(live.visitorSeat.id)).toEqual(["sidebar.opened", "sidebar.chat", "sidebar.closed"]);
    expect(await types(agent2Id)).toEqual([]);
    // A reload shows it closed.
    const view = await asVisitor().sessions.view({ sessionId: live.session.id });
    expect(view.sidebars.map((x) => [x.id, x.open])).toEqual([[opened.sidebarId, false]]);
  });

  it("never archives a line after the close, however the two race", async () => {
    const opened = await asVisitor().sidebars.open({ sessionId: live.session.id, memberIds: [live.agent.id] });
    // Force the worst interleaving with real row locks: hold the session row (every append needs
    // it), let the close mark the sidebar closed and queue behind it, then let a line arrive.
    const waiting = async () =>
      Number(
        (
          await db.$queryRaw<
            { n: bigint }[]
          >`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`
        )[0]!.n,
      );
    const until = async (n: number) => {
      for (let i = 0; i < 400 && (await waiting()) < n; i++) await new Promise((r) => setTimeout(r, 25));
    };
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const holder = db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Session" WHERE id = ${live.session.id} FOR UPDATE`;
        await released;
      },
      { timeout: 20_000 },
    );
    await new Promise((r) => setTimeout(r, 50));
    const close = asUser(s.agents[0]!.user).sidebars.close({ sessionId: live.session.id, sidebarId: opened.sidebarId });
    await until(1);
    const send = asVisitor()
      .sidebars.send({ sessionId: live.session.id, sidebarId: opened.sidebarId, text: "Too late?", clientEventId: cid() })
      .then(
        () => "sent",
        (e: TRPCError) => e.code,
      );
    await until(2);
    release();
    await holder;
    await close;
    expect(await send).toBe("PRECONDITION_FAILED");
    const events = await db.sessionEvent.findMany({
      where: { sessionId: live.session.id, sidebarId: opened.sidebarId },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => e.type)).toEqual(["sidebar.opened", "sidebar.closed"]);
  });
});

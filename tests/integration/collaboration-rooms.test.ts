// Collaboration rooms (issue 13, item 2) on a real PostgreSQL and the real relay: the first visitor
// queues and routing seats the first agent; later visitors of the same launcher join the running
// room directly; an invitation brings others in; staff join from the Rooms list. A late joiner
// gets the page, the leader, the transcript and who is present; the baton moves among everyone by
// the scenario's policy; a full room, a bad invitation and a wrong passcode are refused with
// nothing stored; the last one out ends the room.
import { createHash, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { channels } from "../../server/realtime/channels";
import { SESSION_EVENT, type WireEvent } from "../../lib/session-events";
import { setAgentStatus } from "../../server/agents/set-status";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { sendChatLine } from "../../server/chat/send";
import { db } from "../../server/db";
import { joinQueue } from "../../server/entry/join";
import { signToken } from "../../server/entry/signing";
import { AppError } from "../../server/errors";
import { leadTo } from "../../server/leading/lead";
import { resolveEntry } from "../../server/launchers/entry";
import { queueStatus } from "../../server/queue/status";
import { dispatch } from "../../server/routing/dispatch";
import { acceptOffer } from "../../server/routing/offers";
import { passBaton, takeBaton } from "../../server/sessions/baton";
import { leaveSession } from "../../server/sessions/leave";
import { requireSeat } from "../../server/sessions/participant";
import { createRoomInvite, joinRoomByInvite, readRoomInvite, signRoomInvite } from "../../server/sessions/room-invite";
import { seedOrg } from "../helpers/factories";
import { barrier, disconnectAll, listen, received } from "../helpers/realtime";

// The tests lead to 127.0.0.1:9 (nothing answers; the probe says "not checked"), allowed here as in the e2e run.
process.env.FRAME_PROBE_ALLOW_HOSTS = "127.0.0.1";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
type User = { id: string; email: string; name: string | null };
let s: Seeded;
let launcher: { id: string; key: string; scenarioId: string };
let n = 0;
const cid = () => `cid-${Date.now().toString(36)}-${n++}-${randomBytes(3).toString("hex")}`;
const newCookie = () => randomBytes(16).toString("base64url");
const IP = "203.0.113.9";
const asVisitor = (cookie: string) => createCaller(createContext({ user: null, visitorCookieId: cookie }));
const asUser = (u: User) => createCaller(createContext({ user: u }));

async function appError(p: Promise<unknown>, code: AppError["code"]): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

/** The launcher's form, served and submitted, as /l/{key} does it (a direct visit: the room link). */
async function enter(cookie: string, name: string, question = "") {
  const view = await resolveEntry({
    key: launcher.key,
    referer: null,
    page: null,
    token: null,
    selfOrigins: [],
    ip: "203.0.113.9",
    visitorCookieId: cookie,
    userId: null,
  });
  if (view?.kind !== "form") throw new Error(`expected the form, got ${view?.kind}`);
  return joinQueue({ key: launcher.key, token: view.token, values: { name, question }, visitorCookieId: cookie, userId: null });
}

/** What would change if something were stored: rows a refused join must not add. */
async function footprint(sessionId: string) {
  const [visitors, participants, session, entries] = await Promise.all([
    db.visitor.count({ where: { orgId: s.org.id } }),
    db.participant.count({ where: { orgId: s.org.id } }),
    db.session.findUniqueOrThrow({ where: { id: sessionId }, select: { lastSeq: true, seatVersion: true } }),
    db.queueEntry.count({ where: { orgId: s.org.id } }),
  ]);
  return { visitors, participants, ...session, entries };
}

/** The first visitor queues; Agent One accepts: the room is running. */
async function startRoom(cookie = newCookie()) {
  await setAgentStatus({ orgId: s.org.id, membershipId: s.agents[0]!.membership.id, status: "available", capacity: 3 });
  const first = await enter(cookie, "Ada", "Let's plan the launch");
  expect(first).toMatchObject({ ok: true, entryId: expect.any(String) });
  await dispatch(s.org.id);
  const offer = await db.queueOffer.findFirstOrThrow({ where: { orgId: s.org.id, status: "PENDING" } });
  const { sessionId } = await acceptOffer({ orgId: s.org.id, offerId: offer.id, membershipId: offer.membershipId });
  return { sessionId, cookie };
}

beforeEach(async () => {
  s = await seedOrg({ allowedDomains: ["example.test"] });
  const collab = s.scenarios.find((x) => x.kind === "COLLABORATION")!;
  launcher = await db.launcher.create({
    data: {
      orgId: s.org.id,
      key: `room-${randomBytes(5).toString("hex")}`,
      name: "Planning room",
      scenarioId: collab.id,
      allowDirectVisits: true,
    },
    select: { id: true, key: true, scenarioId: true },
  });
});
afterEach(disconnectAll);

describe("a room with three visitors and two agents", () => {
  it("seats later visitors of the room link without queueing, an invitee and a second agent; a late joiner gets the whole state; the baton goes round", async () => {
    const { sessionId, cookie: ada } = await startRoom();
    const room = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(room).toMatchObject({ kind: "COLLABORATION", status: "ACTIVE", launcherId: launcher.id });
    // Ada's screen, on the wire: what the room's presence channel delivers from now on.
    const adaWire = await listen({ visitorCookieId: ada }, [channels.session(sessionId)]);

    // Ben arrives by the same launcher: straight into the running room, no queue entry.
    const ben = newCookie();
    const entriesBefore = await db.queueEntry.count({ where: { orgId: s.org.id } });
    expect(await enter(ben, "Ben", "Hi all, I'm in")).toEqual({ ok: true, roomId: sessionId });
    expect(await db.queueEntry.count({ where: { orgId: s.org.id } })).toBe(entriesBefore);
    // A second click (another tab) gets the same seat back.
    expect(await enter(ben, "Ben")).toEqual({ ok: true, roomId: sessionId });
    const benSeat = await requireSeat({ visitorCookieId: ben }, sessionId);
    expect(benSeat).toMatchObject({ role: "VISITOR", canLead: true, displayName: "Ben", leftAt: null });

    // Agent Two joins from the Rooms list (an agent: sessions.handle is enough for a room).
    const agentOne = s.agents[0]!.user;
    const agentTwo = s.agents[1]!.user;
    const agentOneView = await asUser(agentOne).sessions.view({ sessionId });
    expect(agentOneView.me).toMatchObject({ role: "AGENT", mayTake: true });
    const joinedTwo = await asUser(agentTwo).sessions.joinAsStaff({ sessionId, role: "AGENT" });

    // The room talks and moves along before the late joiner comes.
    await sendChatLine(await requireSeat({ userId: agentOne.id }, sessionId), { text: "Welcome, everyone", clientEventId: cid() });
    await takeBaton(benSeat);
    await leadTo(await requireSeat({ visitorCookieId: ben }, sessionId), { url: "http://127.0.0.1:9/plan" });
    await sendChatLine(await requireSeat({ visitorCookieId: ben }, sessionId), { text: "This is our plan page", clientEventId: cid() });

    // Cleo comes by an invitation Ada shares.
    const invite = createRoomInvite(await requireSeat({ visitorCookieId: ada }, sessionId));
    const token = new URL(invite.path, "http://x").searchParams.get("t");
    const cleo = newCookie();
    expect(await readRoomInvite({ sessionId, token, cookieId: cleo, userId: null })).toMatchObject({
      state: "form",
      present: 4,
      needsCode: false,
    });
    expect(await joinRoomByInvite({ sessionId, token, name: "Cleo", code: "", cookieId: cleo, userId: null, ip: IP })).toEqual({
      ok: true,
      sessionId,
    });
    expect(await readRoomInvite({ sessionId, token, cookieId: cleo, userId: null })).toEqual({ state: "seated" });

    // Cleo, late, gets the page, the leader, the transcript and who is present.
    const late = await asVisitor(cleo).sessions.view({ sessionId });
    const benId = benSeat.id;
    expect(late.session.currentUrl).toBe("http://127.0.0.1:9/plan");
    expect(late.session.leaderParticipantId).toBe(benId);
    expect(
      late.participants
        .filter((p) => p.present)
        .map((p) => p.displayName)
        .sort(),
    ).toEqual(["Ada", "Agent One", "Agent Two", "Ben", "Cleo"]);
    const said = late.events.filter((e) => e.type === "chat").map((e) => e.payload.text);
    expect(said).toEqual(["Hi all, I'm in", "Welcome, everyone", "This is our plan page"]);
    expect(late.events.find((e) => e.type === "session.started")?.payload.question).toBe("Let's plan the launch");
    expect(late.events.filter((e) => e.type === "navigate").map((e) => e.payload.url)).toEqual(["http://127.0.0.1:9/plan"]);
    expect(late.history.map((h) => h.url)).toEqual(["http://127.0.0.1:9/plan"]);
    expect(late.me).toMatchObject({ role: "VISITOR", mayTake: true });

    // The baton goes round: Ben passes to Agent Two, who passes to Cleo; Ada takes it (anyone may).
    await passBaton(await requireSeat({ visitorCookieId: ben }, sessionId), joinedTwo.participantId);
    await appError(leadTo(await requireSeat({ visitorCookieId: ben }, sessionId), { url: "http://127.0.0.1:9/no" }), "FORBIDDEN");
    await leadTo(await requireSeat({ userId: agentTwo.id }, sessionId), { url: "http://127.0.0.1:9/agenda" });
    await passBaton(await requireSeat({ userId: agentTwo.id }, sessionId), late.me.id);
    await leadTo(await requireSeat({ visitorCookieId: cleo }, sessionId), { url: "http://127.0.0.1:9/notes" });
    await takeBaton(await requireSeat({ visitorCookieId: ada }, sessionId));
    await leadTo(await requireSeat({ visitorCookieId: ada }, sessionId), { url: "http://127.0.0.1:9/done" });
    expect(
      await db.session.findUniqueOrThrow({ where: { id: sessionId }, select: { leaderParticipantId: true, currentUrl: true } }),
    ).toEqual({
      leaderParticipantId: (await requireSeat({ visitorCookieId: ada }, sessionId)).id,
      currentUrl: "http://127.0.0.1:9/done",
    });

    // Ada received every join and every move live, in order, gapless.
    await barrier(adaWire);
    const wire = received(adaWire)
      .filter((m) => m.event === SESSION_EVENT)
      .map((m) => m.data as WireEvent);
    const seqs = wire.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(wire.filter((e) => e.type === "participant.joined").map((e) => e.payload.name)).toEqual(["Ben", "Agent Two", "Cleo"]);
    expect(wire.filter((e) => e.type === "navigate").map((e) => e.payload.url)).toEqual([
      "http://127.0.0.1:9/plan",
      "http://127.0.0.1:9/agenda",
      "http://127.0.0.1:9/notes",
      "http://127.0.0.1:9/done",
    ]);
    expect(wire.filter((e) => e.type === "baton.passed").map((e) => e.payload.to)).toEqual([
      benId,
      joinedTwo.participantId,
      late.me.id,
      (await requireSeat({ visitorCookieId: ada }, sessionId)).id,
    ]);
  });

  it("seats joiners who may not take the baton under LEADER_PASSES; the leader still passes it to them", async () => {
    const { sessionId } = await startRoom();
    await db.scenario.update({ where: { id: launcher.scenarioId }, data: { batonPolicy: "LEADER_PASSES" } });
    const ben = newCookie();
    await enter(ben, "Ben");
    const benSeat = await requireSeat({ visitorCookieId: ben }, sessionId);
    expect(benSeat.canLead).toBe(false);
    expect((await asVisitor(ben).sessions.view({ sessionId })).me.mayTake).toBe(false);
    await appError(takeBaton(benSeat), "FORBIDDEN");
    await passBaton(await requireSeat({ userId: s.agents[0]!.user.id }, sessionId), benSeat.id);
    await leadTo(await requireSeat({ visitorCookieId: ben }, sessionId), { url: "http://127.0.0.1:9/mine" });
    expect((await requireSeat({ visitorCookieId: ben }, sessionId)).canLead).toBe(true);
  });

  it("names unnamed joiners apart when the scenario does not ask for a name", async () => {
    const { sessionId } = await startRoom();
    await db.scenario.update({ where: { id: launcher.scenarioId }, data: { askName: false } });
    const [x, y] = [newCookie(), newCookie()];
    await enter(x, "");
    await enter(y, "");
    const names = (await asVisitor(y).sessions.view({ sessionId })).participants.map((p) => p.displayName);
    expect(names).toEqual(["Agent One", "Ada", "Visitor 2", "Visitor 3"]);
  });
});

describe("visitors who queued before the room ran", () => {
  it("come into the room the first accept starts, oldest first and within the caps; the rest keep their place", async () => {
    await db.scenario.update({ where: { id: launcher.scenarioId }, data: { maxSeats: 4 } });
    const people = ["Ada", "Ben", "Cleo", "Dan"].map((name) => ({ name, cookie: newCookie() }));
    const entries: string[] = [];
    for (const p of people) {
      const r = await enter(p.cookie, p.name, `${p.name} is here`);
      if (!r.ok || !("entryId" in r)) throw new Error("expected a queue entry");
      entries.push(r.entryId);
    }
    await setAgentStatus({ orgId: s.org.id, membershipId: s.agents[0]!.membership.id, status: "available", capacity: 3 });
    await dispatch(s.org.id);
    const offers = await db.queueOffer.findMany({ where: { orgId: s.org.id, status: "PENDING" }, orderBy: { offeredAt: "asc" } });
    expect(offers.map((o) => o.queueEntryId).sort()).toEqual(entries.slice(0, 3).sort());
    const first = offers.find((o) => o.queueEntryId === entries[0])!;
    const { sessionId } = await acceptOffer({ orgId: s.org.id, offerId: first.id, membershipId: first.membershipId });

    // One room, one agent: Ben and Cleo came in with Ada; Dan (over the 4 seats) still waits.
    const view = await asVisitor(people[1]!.cookie).sessions.view({ sessionId });
    expect(view.participants.map((p) => p.displayName)).toEqual(["Agent One", "Ada", "Ben", "Cleo"]);
    expect(view.events.filter((e) => e.type === "chat").map((e) => e.payload.text)).toEqual(["Ben is here", "Cleo is here"]);
    const rows = await db.queueEntry.findMany({
      where: { id: { in: entries } },
      select: { id: true, status: true, assignedMembershipId: true },
    });
    const statusOf = (id: string) => rows.find((r) => r.id === id)!;
    for (const id of entries.slice(0, 3))
      expect(statusOf(id)).toMatchObject({ status: "ASSIGNED", assignedMembershipId: s.agents[0]!.membership.id });
    expect(statusOf(entries[3]!).status).toBe("WAITING");
    expect(await db.queueOffer.count({ where: { orgId: s.org.id, status: "PENDING" } })).toBe(0);
    expect(await db.session.count({ where: { orgId: s.org.id } })).toBe(1);
    // Their waiting pages are sent into the room.
    expect((await queueStatus(entries[1]!))?.sessionId).toBe(sessionId);
    expect((await queueStatus(entries[2]!))?.sessionId).toBe(sessionId);
  });
});

describe("a full room", () => {
  it("refuses the launcher, the invitation and staff with a typed 'full' and what to do instead, storing nothing", async () => {
    const { sessionId, cookie: ada } = await startRoom();
    await db.scenario.update({ where: { id: launcher.scenarioId }, data: { maxSeats: 3 } });
    await enter(newCookie(), "Ben");
    const before = await footprint(sessionId);

    const byLauncher = await enter(newCookie(), "Dan");
    expect(byLauncher).toMatchObject({
      ok: false,
      full: true,
      formError: expect.stringMatching(/room is full: all 3 places are taken.*try again/),
    });

    const invite = createRoomInvite(await requireSeat({ visitorCookieId: ada }, sessionId));
    const token = new URL(invite.path, "http://x").searchParams.get("t");
    expect(await joinRoomByInvite({ sessionId, token, name: "Eve", code: "", cookieId: newCookie(), userId: null, ip: IP })).toMatchObject({
      ok: false,
      reason: "full",
      formError: expect.stringMatching(/full/),
    });

    const staff = await appError(
      asUser(s.agents[1]!.user)
        .sessions.joinAsStaff({ sessionId, role: "AGENT" })
        .catch((e: { cause?: unknown }) => Promise.reject(e.cause)),
      "CONFLICT",
    );
    expect(staff.details).toMatchObject({ reason: "room_full", cap: 3, choices: ["try_again"] });
    expect(await footprint(sessionId)).toEqual(before);

    // The org's seat cap counts too.
    await db.scenario.update({ where: { id: launcher.scenarioId }, data: { maxSeats: null } });
    await db.organization.update({ where: { id: s.org.id }, data: { maxConcurrentSeats: 3 } });
    expect(await enter(newCookie(), "Fay")).toMatchObject({ ok: false, full: true, formError: expect.stringMatching(/every live seat/) });
    expect(await footprint(sessionId)).toEqual(before);
  });
});

describe("invitations and the passcode", () => {
  it("refuses a forged token, another room's, another purpose's and an expired one, storing nothing", async () => {
    const { sessionId, cookie: ada } = await startRoom();
    // A second room of the org, from another launcher of the same scenario.
    const other = await db.session.create({ data: { orgId: s.org.id, scenarioId: launcher.scenarioId, kind: "COLLABORATION" } });
    const before = await footprint(sessionId);
    const invite = createRoomInvite(await requireSeat({ visitorCookieId: ada }, sessionId));
    const good = new URL(invite.path, "http://x").searchParams.get("t")!;
    const [body, mac] = good.split(".") as [string, string];
    const forged = [
      signRoomInvite(other.id), // another room's invitation
      `${Buffer.from(JSON.stringify({ s: sessionId, exp: 9999999999 })).toString("base64url")}.${mac}`, // payload swapped
      `${body}.${mac.slice(0, -2)}${mac.endsWith("A") ? "BB" : "AA"}`, // signature tampered
      signToken("entry-v1", { s: sessionId }, new Date(Date.now() + 60_000)), // signed for another purpose
      signRoomInvite(sessionId, new Date(Date.now() - 25 * 3600_000)), // expired
      "",
    ];
    for (const token of forged) {
      expect(await readRoomInvite({ sessionId, token, cookieId: null, userId: null }), token).toEqual({ state: "invalid" });
      expect(
        await joinRoomByInvite({ sessionId, token, name: "Mallory", code: "", cookieId: newCookie(), userId: null, ip: IP }),
        token,
      ).toMatchObject({ ok: false, reason: "invalid" });
    }
    // A valid invitation does not open another room, even of the same org.
    expect(
      await joinRoomByInvite({ sessionId: other.id, token: good, name: "Mallory", code: "", cookieId: newCookie(), userId: null, ip: IP }),
    ).toMatchObject({ ok: false, reason: "invalid" });
    expect(await footprint(sessionId)).toEqual(before);
    // Unseen staff bring nobody in; a one-on-one takes no invitations.
    await asUser(s.manager.user).sessions.joinAsStaff({ sessionId, role: "MONITOR" });
    await appError(
      asUser(s.manager.user)
        .rooms.invite({ sessionId })
        .catch((e: { cause?: unknown }) => Promise.reject(e.cause)),
      "FORBIDDEN",
    );
  });

  it("asks for the room's passcode: a wrong one is refused with nothing stored, the right one seats", async () => {
    const { sessionId, cookie: ada } = await startRoom();
    await db.scenario.update({
      where: { id: launcher.scenarioId },
      data: { invitationCodeHash: createHash("sha256").update("ROOM-7").digest("hex") },
    });
    const token = new URL(createRoomInvite(await requireSeat({ visitorCookieId: ada }, sessionId)).path, "http://x").searchParams.get("t");
    const eve = newCookie();
    expect(await readRoomInvite({ sessionId, token, cookieId: eve, userId: null })).toMatchObject({ state: "form", needsCode: true });
    const before = await footprint(sessionId);
    expect(await joinRoomByInvite({ sessionId, token, name: "Eve", code: "ROOM-8", cookieId: eve, userId: null, ip: IP })).toEqual({
      ok: false,
      fieldErrors: { code: "That passcode isn't right. Check it and try again." },
    });
    expect(await joinRoomByInvite({ sessionId, token, name: "Eve", code: "", cookieId: eve, userId: null, ip: IP })).toMatchObject({
      ok: false,
      fieldErrors: { code: expect.any(String) },
    });
    expect(await joinRoomByInvite({ sessionId, token, name: " ", code: "ROOM-7", cookieId: eve, userId: null, ip: IP })).toMatchObject({
      ok: false,
      fieldErrors: { name: expect.any(String) },
    });
    // The launcher asks for the same passcode (its form's invitation code).
    const viaLauncher = await resolveEntry({
      key: launcher.key,
      referer: null,
      page: null,
      token: null,
      selfOrigins: [],
      ip: null,
      visitorCookieId: eve,
      userId: null,
    });
    if (viaLauncher?.kind !== "form") throw new Error("expected the form");
    expect(
      await joinQueue({
        key: launcher.key,
        token: viaLauncher.token,
        values: { name: "Eve", code: "nope" },
        visitorCookieId: eve,
        userId: null,
      }),
    ).toMatchObject({ ok: false, fieldErrors: { code: expect.any(String) } });
    expect(await footprint(sessionId)).toEqual(before);

    expect(await joinRoomByInvite({ sessionId, token, name: "Eve", code: " ROOM-7 ", cookieId: eve, userId: null, ip: IP })).toEqual({
      ok: true,
      sessionId,
    });

    // Guessing is slowed: after 10 wrong passcodes from one address, even the right one waits there.
    const guesser = "198.51.100.4";
    for (let i = 0; i < 10; i++) {
      const r = await joinRoomByInvite({
        sessionId,
        token,
        name: "Mal",
        code: `guess-${i}`,
        cookieId: newCookie(),
        userId: null,
        ip: guesser,
      });
      expect(r).toMatchObject({ ok: false, fieldErrors: { code: "That passcode isn't right. Check it and try again." } });
    }
    expect(
      await joinRoomByInvite({ sessionId, token, name: "Mal", code: "guess-10", cookieId: newCookie(), userId: null, ip: guesser }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { code: expect.stringMatching(/Too many wrong passcodes. Please wait 15 minutes/) },
    });
    expect(
      await joinRoomByInvite({ sessionId, token, name: "Mal", code: "ROOM-7", cookieId: newCookie(), userId: null, ip: guesser }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { code: expect.stringMatching(/Too many wrong passcodes/) },
    });
    expect(
      await joinRoomByInvite({ sessionId, token, name: "Fay", code: "ROOM-7", cookieId: newCookie(), userId: null, ip: "198.51.100.5" }),
    ).toEqual({ ok: true, sessionId });

    // The launcher's form checks the same code through the same count: blocked there too, and its
    // own wrong guesses count against the invitation page.
    const formFor = async () => {
      const v = await resolveEntry({
        key: launcher.key,
        referer: null,
        page: null,
        token: null,
        selfOrigins: [],
        ip: null,
        visitorCookieId: newCookie(),
        userId: null,
      });
      if (v?.kind !== "form") throw new Error("expected the form");
      return v.token;
    };
    expect(
      await joinQueue({
        key: launcher.key,
        token: await formFor(),
        values: { name: "Mal", code: "ROOM-7" },
        visitorCookieId: newCookie(),
        userId: null,
        clientAddress: guesser,
      }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { code: expect.stringMatching(/Too many wrong passcodes/) },
    });
    const formGuesser = "198.51.100.6";
    for (let i = 0; i < 10; i++) {
      const r = await joinQueue({
        key: launcher.key,
        token: await formFor(),
        values: { name: "Mal", code: `g-${i}` },
        visitorCookieId: newCookie(),
        userId: null,
        clientAddress: formGuesser,
      });
      expect(r).toMatchObject({ ok: false, fieldErrors: { code: "That invitation code isn't right. Check it and try again." } });
    }
    // The 11th wrong guess, on the other way in, is the one over the limit.
    expect(
      await joinRoomByInvite({ sessionId, token, name: "Mal", code: "g-10", cookieId: newCookie(), userId: null, ip: formGuesser }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { code: expect.stringMatching(/Too many wrong passcodes/) },
    });

    // A scenario that asks for sign-in asks the invitee too.
    await db.scenario.update({ where: { id: launcher.scenarioId }, data: { requireSignIn: true } });
    expect(
      await joinRoomByInvite({ sessionId, token, name: "Gus", code: "ROOM-7", cookieId: newCookie(), userId: null, ip: IP }),
    ).toMatchObject({ ok: false, reason: "sign_in" });
  });
});

describe("staff from the Rooms list", () => {
  it("lists the org's rooms with whether one is seated there; agents join rooms visibly but never a one-on-one or unseen", async () => {
    const { sessionId } = await startRoom();
    const other = await db.session.create({
      data: { orgId: s.org.id, scenarioId: launcher.scenarioId, kind: "COLLABORATION", title: "Other room" },
    });
    const rooms = (await asUser(s.agents[0]!.user).sessions.view({ sessionId })).rooms;
    expect(rooms).toEqual([{ id: other.id, title: "Other room", kind: "COLLABORATION", present: 0, seated: false }]);

    const agentTwo = asUser(s.agents[1]!.user);
    const unwrap = (p: Promise<unknown>) => p.catch((e: { cause?: unknown }) => Promise.reject(e.cause));
    await appError(unwrap(agentTwo.sessions.joinAsStaff({ sessionId, role: "MONITOR" })), "FORBIDDEN");
    const oneOnOne = await db.session.create({
      data: { orgId: s.org.id, scenarioId: s.scenarios.find((x) => x.kind === "ONE_ON_ONE")!.id, kind: "ONE_ON_ONE" },
    });
    await appError(unwrap(agentTwo.sessions.joinAsStaff({ sessionId: oneOnOne.id, role: "AGENT" })), "FORBIDDEN");
    // Another org's staff learn nothing.
    const stranger = await seedOrg();
    await appError(unwrap(asUser(stranger.manager.user).sessions.joinAsStaff({ sessionId, role: "AGENT" })), "NOT_FOUND");

    await agentTwo.sessions.joinAsStaff({ sessionId, role: "AGENT" });
    const seat = await requireSeat({ userId: s.agents[1]!.user.id }, sessionId);
    expect(seat).toMatchObject({ role: "AGENT", canLead: true, leftAt: null });
    const joined = await db.sessionEvent.findFirst({ where: { sessionId, type: "participant.joined", actorParticipantId: seat.id } });
    expect(joined?.payload).toMatchObject({ role: "AGENT", name: "Agent Two" });
  });
});

describe("ending", () => {
  it("goes on while anyone is left, ends with the last one out, and the room link then starts a new room through the queue", async () => {
    const { sessionId, cookie: ada } = await startRoom();
    const ben = newCookie();
    await enter(ben, "Ben");
    await leaveSession(await requireSeat({ userId: s.agents[0]!.user.id }, sessionId));
    const after = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(after.status).toBe("ACTIVE");
    // The leader left: the baton went to someone present.
    expect(after.leaderParticipantId).toBe((await requireSeat({ visitorCookieId: ada }, sessionId)).id);
    await leaveSession(await requireSeat({ visitorCookieId: ada }, sessionId));
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe("ACTIVE");
    // Ada comes back by the room link while it runs: a new seat, the live room again.
    const adaBack = await enter(ada, "Ada");
    expect(adaBack).toEqual({ ok: true, roomId: sessionId });
    expect(await asVisitor(ada).sessions.past({ sessionId })).toBeNull();
    expect((await asVisitor(ada).sessions.view({ sessionId })).me).toMatchObject({ displayName: "Ada", left: false });
    await leaveSession(await requireSeat({ visitorCookieId: ada }, sessionId));
    await leaveSession(await requireSeat({ visitorCookieId: ben }, sessionId));
    expect(await db.session.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ status: "ENDED", endReason: "everyone left" });

    // An invitation to the ended room says so; the room link queues for a new room.
    const token = signRoomInvite(sessionId);
    expect(await readRoomInvite({ sessionId, token, cookieId: null, userId: null })).toMatchObject({ state: "ended" });
    expect(await joinRoomByInvite({ sessionId, token, name: "Late", code: "", cookieId: newCookie(), userId: null, ip: IP })).toMatchObject(
      { ok: false, reason: "ended" },
    );
    expect(await enter(newCookie(), "Dan")).toMatchObject({ ok: true, entryId: expect.any(String) });
  });
});

// The agent console and the manager's monitor on a real PostgreSQL: transfer to an agent and back
// to the queue, a manager's reassign, macros, visitor notes, and the monitor's read model.
import { TRPCError } from "@trpc/server";
import { REQUEUED_PRIORITY, SCHEDULED_PRIORITY } from "../../server/queue/schedule";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { channels } from "../../server/realtime/channels";
import { EVENTS, type OfferCreated, type SessionsChanged, type SessionTransferred } from "../../lib/realtime-events";
import { SESSION_EVENT, type WireEvent } from "../../lib/session-events";
import { handoffMessage, handoffOf } from "../../components/viewer/handoff";
import { setAgentStatus } from "../../server/agents/set-status";
import { db } from "../../server/db";
import { enqueueVisitor } from "../../server/queue/enqueue";
import { dispatch } from "../../server/routing/dispatch";
import { acceptOffer } from "../../server/routing/offers";
import { leaveSession } from "../../server/sessions/leave";
import { requireSeat } from "../../server/sessions/participant";
import { managerOverview, startOfUtcDay } from "../../server/manager/overview";
import { callerFor, createVisitor, seedOrg } from "../helpers/factories";
import { barrier, connect, disconnectAll, listen, next, received, subscribed } from "../helpers/realtime";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
let s: Seeded;

async function trpcError(p: Promise<unknown>, code: TRPCError["code"]): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  expect((e as TRPCError).code).toBe(code);
  return e as TRPCError;
}

const agentCaller = (i: number) => callerFor(s.agents[i]!.user);
const ready = (m: { membership: { id: string } }, capacity = 1) =>
  setAgentStatus({ orgId: s.org.id, membershipId: m.membership.id, status: "available", capacity });
const load = (membershipId: string) =>
  db.participant.count({ where: { orgId: s.org.id, membershipId, role: "AGENT", leftAt: null, session: { status: "ACTIVE" } } });

/** A visitor arrives and `agent` (ready, the only one) accepts: a real session through routing. */
async function servedBy(agent: { membership: { id: string } }, opts: { visitorId?: string; question?: string } = {}) {
  const visitorId = opts.visitorId ?? (await createVisitor(s.org.id, { name: "Grace" })).id;
  const entry = await enqueueVisitor({
    orgId: s.org.id,
    launcherId: s.launcher.id,
    scenarioId: s.launcher.scenarioId,
    visitorId,
    question: opts.question ?? "Which plan?",
    referrerUrl: "https://example.test/pricing",
  });
  await dispatch(s.org.id);
  const offer = await db.queueOffer.findFirstOrThrow({
    where: { queueEntryId: entry.id, membershipId: agent.membership.id, status: "PENDING" },
  });
  const { sessionId } = await acceptOffer({ orgId: s.org.id, offerId: offer.id, membershipId: agent.membership.id });
  return { sessionId, entryId: entry.id, visitorId };
}

const eventTypes = async (sessionId: string) =>
  (await db.sessionEvent.findMany({ where: { sessionId }, orderBy: { seq: "asc" } })).map((e) => e.type);

beforeEach(async () => {
  s = await seedOrg();
});
afterEach(disconnectAll);

describe("transfer to another agent", () => {
  it("moves the agent seat in the same session: participants, load, baton and the room's notice", async () => {
    const [a1, a2] = s.agents as [Seeded["agents"][0], Seeded["agents"][0]];
    await ready(a1);
    const { sessionId } = await servedBy(a1);
    await ready(a2);
    const before = await db.sessionEvent.count({ where: { sessionId } });

    const out = await agentCaller(0).agent.transfer({ orgId: s.org.id, sessionId, to: { kind: "agent", membershipId: a2.membership.id } });
    expect(out.kind).toBe("agent");

    const seats = await db.participant.findMany({ where: { sessionId }, orderBy: { joinedAt: "asc" } });
    const present = seats.filter((p) => p.leftAt === null);
    expect(present.map((p) => p.role).sort()).toEqual(["AGENT", "VISITOR"]);
    expect(present.find((p) => p.role === "AGENT")!.membershipId).toBe(a2.membership.id);
    expect(seats.find((p) => p.membershipId === a1.membership.id)!.leftAt).not.toBeNull();
    expect(await load(a1.membership.id)).toBe(0);
    expect(await load(a2.membership.id)).toBe(1);
    const session = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session.status).toBe("ACTIVE");
    expect(session.leaderParticipantId).toBe(out.toParticipantId);
    const entry = await db.queueEntry.findFirstOrThrow({ where: { session: { id: sessionId } } });
    expect(entry.assignedMembershipId).toBe(a2.membership.id);

    const added = (await db.sessionEvent.findMany({ where: { sessionId }, orderBy: { seq: "asc" }, skip: before })).map((e) => [
      e.type,
      e.payload,
    ]);
    expect(added.map(([t]) => t)).toEqual(["session.transferred", "participant.left", "participant.joined", "baton.passed"]);
    expect(added[0]![1]).toMatchObject({
      kind: "agent",
      fromName: "Agent One",
      toName: "Agent Two",
      byName: "Agent One",
      reassigned: false,
    });

    // The first agent can no longer act in the room; the second can, and the visitor's transcript is whole.
    const seat2 = await requireSeat({ userId: a2.user.id }, sessionId);
    expect(seat2.role).toBe("AGENT");
    expect(seat2.leftAt).toBeNull();
    const view = await callerFor(a2.user).sessions.view({ sessionId });
    expect(view.events.map((e) => e.type)).toContain("session.started");
  });

  it("tells both agents, the staff channel and the room through the relay", async () => {
    const [a1, a2] = s.agents as [Seeded["agents"][0], Seeded["agents"][0]];
    await ready(a1);
    const { sessionId, visitorId } = await servedBy(a1);
    await ready(a2);
    const visitor = await db.visitor.findUniqueOrThrow({ where: { id: visitorId } });
    const [toAgent, fromAgent, staff, room] = await Promise.all([
      subscribed(connect({ userId: a2.user.id }), channels.member(a2.membership.id)),
      subscribed(connect({ userId: a1.user.id }), channels.member(a1.membership.id)),
      subscribed(connect({ userId: s.manager.user.id }), channels.orgStaff(s.org.id)),
      subscribed(connect({ visitorCookieId: visitor.cookieId }), channels.session(sessionId)),
    ]);
    const got = Promise.all([
      next<SessionTransferred>(toAgent, EVENTS.sessionTransferred),
      next<SessionTransferred>(fromAgent, EVENTS.sessionTransferred),
      next<SessionsChanged>(staff, EVENTS.sessionsChanged),
      next<WireEvent>(room, SESSION_EVENT),
    ]);
    await agentCaller(0).agent.transfer({ orgId: s.org.id, sessionId, to: { kind: "agent", membershipId: a2.membership.id } });
    const [toMsg, fromMsg, staffMsg, roomMsg] = await got;
    const expected = { sessionId, kind: "agent", fromMembershipId: a1.membership.id, toMembershipId: a2.membership.id, reassigned: false };
    expect(toMsg).toEqual(expected);
    expect(fromMsg).toEqual(expected);
    expect(staffMsg).toEqual({ sessionId });
    expect(roomMsg).toMatchObject({ type: "session.transferred", payload: { kind: "agent", toName: "Agent Two" } });
  });

  it("refuses a target who is not ready, at capacity, in another org, or the same agent, changing nothing", async () => {
    const [a1, a2] = s.agents as [Seeded["agents"][0], Seeded["agents"][0]];
    await ready(a1);
    const { sessionId } = await servedBy(a1);
    const snapshot = async () =>
      JSON.stringify(await db.participant.findMany({ where: { sessionId }, orderBy: { id: "asc" } })) +
      (await eventTypes(sessionId)).join();
    const start = await snapshot();

    // Agent Two is offline (never set ready).
    const notReady = await trpcError(
      agentCaller(0).agent.transfer({ orgId: s.org.id, sessionId, to: { kind: "agent", membershipId: a2.membership.id } }),
      "CONFLICT",
    );
    expect(notReady.message).toMatch(/Agent Two is not ready/);

    // Ready but full: one session already, capacity 1.
    await ready(a2);
    await servedBy(a2);
    const full = await trpcError(
      agentCaller(0).agent.transfer({ orgId: s.org.id, sessionId, to: { kind: "agent", membershipId: a2.membership.id } }),
      "CONFLICT",
    );
    expect(full.message).toMatch(/at capacity/);

    const other = await seedOrg();
    await setAgentStatus({ orgId: other.org.id, membershipId: other.agents[0]!.membership.id, status: "available" });
    await trpcError(
      agentCaller(0).agent.transfer({ orgId: s.org.id, sessionId, to: { kind: "agent", membershipId: other.agents[0]!.membership.id } }),
      "NOT_FOUND",
    );
    await trpcError(
      agentCaller(0).agent.transfer({ orgId: s.org.id, sessionId, to: { kind: "agent", membershipId: a1.membership.id } }),
      "BAD_REQUEST",
    );
    // Someone without the session cannot hand it over.
    await trpcError(callerFor(s.manager.user).agent.transfer({ orgId: s.org.id, sessionId, to: { kind: "queue" } }), "NOT_FOUND");
    expect(await snapshot()).toBe(start);
    expect(await load(a1.membership.id)).toBe(1);
  });
});

describe("transfer under concurrency", () => {
  it("lets only one of two simultaneous transfers fill a target's last place", async () => {
    const [a1, a2] = s.agents as [Seeded["agents"][0], Seeded["agents"][0]];
    const third = s.manager;
    await ready(a1);
    const one = await servedBy(a1);
    await setAgentStatus({ orgId: s.org.id, membershipId: a1.membership.id, status: "away" });
    await ready(a2);
    const two = await servedBy(a2);
    await ready(third);
    const results = await Promise.allSettled([
      agentCaller(0).agent.transfer({
        orgId: s.org.id,
        sessionId: one.sessionId,
        to: { kind: "agent", membershipId: third.membership.id },
      }),
      agentCaller(1).agent.transfer({
        orgId: s.org.id,
        sessionId: two.sessionId,
        to: { kind: "agent", membershipId: third.membership.id },
      }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await load(third.membership.id)).toBe(1);
    expect((await load(a1.membership.id)) + (await load(a2.membership.id))).toBe(1);
  });
});

describe("transfer back to the queue", () => {
  it("keeps the visitor in the session; the next agent who accepts joins that same session", async () => {
    const [a1, a2] = s.agents as [Seeded["agents"][0], Seeded["agents"][0]];
    await ready(a1);
    const { sessionId, entryId } = await servedBy(a1);

    await agentCaller(0).agent.transfer({ orgId: s.org.id, sessionId, to: { kind: "queue" } });
    let entry = await db.queueEntry.findUniqueOrThrow({ where: { id: entryId } });
    // The transfer starts a dispatch round, and Agent One is still ready: offered again or waiting.
    expect(["WAITING", "OFFERED"]).toContain(entry.status);
    expect(entry.assignedMembershipId).toBeNull();
    expect(await load(a1.membership.id)).toBe(0);
    const present = await db.participant.findMany({ where: { sessionId, leftAt: null } });
    expect(present.map((p) => p.role)).toEqual(["VISITOR"]);
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe("ACTIVE");
    expect(await eventTypes(sessionId)).toContain("session.transferred");

    // Agent One goes away; Agent Two becomes ready and is offered the entry.
    await setAgentStatus({ orgId: s.org.id, membershipId: a1.membership.id, status: "away" });
    await ready(a2);
    await dispatch(s.org.id);
    const offer = await db.queueOffer.findFirstOrThrow({
      where: { queueEntryId: entryId, membershipId: a2.membership.id, status: "PENDING" },
    });
    const accepted = await acceptOffer({ orgId: s.org.id, offerId: offer.id, membershipId: a2.membership.id });
    expect(accepted.sessionId).toBe(sessionId);
    expect(await db.session.count({ where: { queueEntryId: entryId } })).toBe(1);
    const agentSeat = await db.participant.findFirstOrThrow({ where: { sessionId, role: "AGENT", leftAt: null } });
    expect(agentSeat.membershipId).toBe(a2.membership.id);
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).leaderParticipantId).toBe(agentSeat.id);
    entry = await db.queueEntry.findUniqueOrThrow({ where: { id: entryId } });
    expect(entry.status).toBe("ASSIGNED");
    expect(entry.assignedMembershipId).toBe(a2.membership.id);

    // Sent back again: still priority 5 (ahead of first-time arrivals at 0, behind scheduled
    // re-entries at 10), however often it bounces.
    await agentCaller(1).agent.transfer({ orgId: s.org.id, sessionId, to: { kind: "queue" } });
    expect((await db.queueEntry.findUniqueOrThrow({ where: { id: entryId } })).priority).toBe(REQUEUED_PRIORITY);
    expect(REQUEUED_PRIORITY).toBeGreaterThan(0);
    expect(REQUEUED_PRIORITY).toBeLessThan(SCHEDULED_PRIORITY);
  });

  it("needs only the agent's seat under the org's seat cap: the waiting visitor is already seated", async () => {
    const [a1, a2] = s.agents as [Seeded["agents"][0], Seeded["agents"][0]];
    // Room for exactly one one-on-one session: the visitor and one agent.
    await db.organization.update({ where: { id: s.org.id }, data: { maxConcurrentSeats: 2 } });
    await ready(a1);
    const { sessionId, entryId } = await servedBy(a1);
    await setAgentStatus({ orgId: s.org.id, membershipId: a1.membership.id, status: "away" });
    await agentCaller(0).agent.transfer({ orgId: s.org.id, sessionId, to: { kind: "queue" } });
    expect((await db.queueEntry.findUniqueOrThrow({ where: { id: entryId } })).status).toBe("WAITING");

    // One seat in use (the visitor's), one free: the entry can be offered (1 + 1 <= 2), where
    // counting it as a fresh session (1 + 2) would hold it back.
    await ready(a2);
    await dispatch(s.org.id);
    expect((await db.queueEntry.findUniqueOrThrow({ where: { id: entryId } })).status).toBe("OFFERED");
    // A new visitor, though, still needs two seats and waits while this session is live.
    const other = await createVisitor(s.org.id, { name: "Hal" });
    const second = await enqueueVisitor({
      orgId: s.org.id,
      launcherId: s.launcher.id,
      scenarioId: s.launcher.scenarioId,
      visitorId: other.id,
      question: "Me too?",
      referrerUrl: null,
    });
    await setAgentStatus({ orgId: s.org.id, membershipId: a1.membership.id, status: "available", capacity: 1 });
    await dispatch(s.org.id);
    expect((await db.queueEntry.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("WAITING");
  });

  it("publishes each offer exactly as the agent's pending list shows it, from a plain round and from a round with an auto-accept", async () => {
    const [a1, a2] = s.agents as [Seeded["agents"][0], Seeded["agents"][0]];
    await ready(a1);
    const visitor = await db.visitor.update({
      where: { id: (await createVisitor(s.org.id, { name: "Grace" })).id },
      data: { email: "grace@example.test" },
    });
    const first = await servedBy(a1, { visitorId: visitor.id, question: "First question" });
    await leaveSession(await requireSeat({ userId: a1.user.id }, first.sessionId));
    await setAgentStatus({ orgId: s.org.id, membershipId: a1.membership.id, status: "away" });

    // A plain round: the returning visitor (one earlier session, an email, a referrer) rings Agent Two.
    await ready(a2);
    const member = await subscribed(connect({ userId: a2.user.id }), channels.member(a2.membership.id));
    let offered = next<OfferCreated>(member, EVENTS.offerCreated);
    const again = await enqueueVisitor({
      orgId: s.org.id,
      launcherId: s.launcher.id,
      scenarioId: s.launcher.scenarioId,
      visitorId: visitor.id,
      question: "Back again",
      referrerUrl: "https://example.test/help",
    });
    expect((await dispatch(s.org.id)).offers).toHaveLength(1);
    const view = await offered;
    expect(view).toMatchObject({ queueEntryId: again.id, question: "Back again", referrerUrl: "https://example.test/help" });
    expect(view.visitor).toMatchObject({ name: "Grace", email: "grace@example.test", earlierSessions: 1 });
    expect(await agentCaller(1).agent.offers({ orgId: s.org.id })).toEqual([view]);
    await acceptOffer({ orgId: s.org.id, offerId: view.offerId, membershipId: a2.membership.id });

    // A round in which Agent One (auto-accept) takes one visitor and Agent Two is offered the other:
    // the round runs through the general path, and the offer it publishes is the same view.
    await setAgentStatus({ orgId: s.org.id, membershipId: a1.membership.id, status: "available", capacity: 1, autoAccept: true });
    await ready(a2, 2);
    offered = next<OfferCreated>(member, EVENTS.offerCreated);
    for (const name of ["Ada", "Alan"]) {
      const v = await createVisitor(s.org.id, { name });
      await enqueueVisitor({
        orgId: s.org.id,
        launcherId: s.launcher.id,
        scenarioId: s.launcher.scenarioId,
        visitorId: v.id,
        question: `From ${name}`,
        referrerUrl: null,
      });
    }
    const round = await dispatch(s.org.id);
    expect(round.sessions).toHaveLength(1);
    expect(round.offers).toHaveLength(2);
    const second = await offered;
    expect(second.visitor).toMatchObject({ earlierSessions: 0, email: null });
    expect(await agentCaller(1).agent.offers({ orgId: s.org.id })).toEqual([second]);
  });

  it("lists only the agent's own offers still ringing, oldest first", async () => {
    const [a1, a2] = s.agents as [Seeded["agents"][0], Seeded["agents"][0]];
    const entry = async (question: string) =>
      enqueueVisitor({
        orgId: s.org.id,
        launcherId: s.launcher.id,
        scenarioId: s.launcher.scenarioId,
        visitorId: (await createVisitor(s.org.id, { name: question })).id,
        question,
        referrerUrl: null,
      });
    const t = Date.now();
    const offer = async (question: string, membershipId: string, offeredAgo: number, expiresIn: number) =>
      db.queueOffer.create({
        data: {
          orgId: s.org.id,
          queueEntryId: (await entry(question)).id,
          membershipId,
          offeredAt: new Date(t - offeredAgo),
          expiresAt: new Date(t + expiresIn),
        },
      });
    await offer("Newer", a2.membership.id, 1_000, 30_000);
    await offer("Older", a2.membership.id, 5_000, 30_000);
    await offer("Rang out", a2.membership.id, 60_000, -1_000);
    await db.queueOffer.update({
      where: { id: (await offer("Declined", a2.membership.id, 2_000, 30_000)).id },
      data: { status: "DECLINED" },
    });
    await offer("Someone else's", a1.membership.id, 3_000, 30_000);
    // Another org's offer is not listed either, even one naming this agent's membership (no such row
    // should exist, since the round writes its own org's members; the org filter holds regardless).
    const other = await seedOrg();
    const theirs = await createVisitor(other.org.id, { name: "Theirs" });
    await db.queueOffer.create({
      data: {
        orgId: other.org.id,
        queueEntryId: (
          await enqueueVisitor({
            orgId: other.org.id,
            launcherId: other.launcher.id,
            scenarioId: other.launcher.scenarioId,
            visitorId: theirs.id,
            question: "Theirs",
            referrerUrl: null,
          })
        ).id,
        membershipId: a2.membership.id,
        expiresAt: new Date(t + 30_000),
      },
    });

    const listed = await agentCaller(1).agent.offers({ orgId: s.org.id });
    expect(listed.map((o) => o.question)).toEqual(["Older", "Newer"]);
    expect(listed[0]).toMatchObject({
      referrerUrl: null,
      scenarioName: expect.any(String),
      visitor: { name: "Older", earlierSessions: 0 },
    });
    expect((await agentCaller(0).agent.offers({ orgId: s.org.id })).map((o) => o.question)).toEqual(["Someone else's"]);
  });

  it("offers the requeued visitor with only their earlier sessions counted, not the one they wait in", async () => {
    const [a1, a2] = s.agents as [Seeded["agents"][0], Seeded["agents"][0]];
    await ready(a1, 2);
    const first = await servedBy(a1, { question: "First question" });
    await leaveSession(await requireSeat({ userId: a1.user.id }, first.sessionId));
    const { sessionId } = await servedBy(a1, { visitorId: first.visitorId, question: "Second question" });

    // Agent One goes away and sends the visitor back; Agent Two, ready, gets the offer live.
    await setAgentStatus({ orgId: s.org.id, membershipId: a1.membership.id, status: "away" });
    await ready(a2);
    const member = await subscribed(connect({ userId: a2.user.id }), channels.member(a2.membership.id));
    const offered = next<OfferCreated>(member, EVENTS.offerCreated);
    await agentCaller(0).agent.transfer({ orgId: s.org.id, sessionId, to: { kind: "queue" } });
    await dispatch(s.org.id); // the worker's round, run here
    expect((await offered).visitor.earlierSessions).toBe(1);
    const pending = await agentCaller(1).agent.offers({ orgId: s.org.id });
    expect(pending.map((o) => [o.question, o.visitor.earlierSessions])).toEqual([["Second question", 1]]);
    // The round and the pending list read the view through the same SQL (offer-view.ts).
    expect(await offered).toEqual(pending[0]);
    // The context panel agrees: one earlier session, and it is the first one.
    const offer = await db.queueOffer.findFirstOrThrow({ where: { membershipId: a2.membership.id, status: "PENDING" } });
    await acceptOffer({ orgId: s.org.id, offerId: offer.id, membershipId: a2.membership.id });
    const ctx = await agentCaller(1).agent.context({ orgId: s.org.id, sessionId });
    expect(ctx.earlierSessions.map((e) => e.id)).toEqual([first.sessionId]);
  });

  it("lets a manager who barges in serve the waiting visitor: the entry closes, nobody else is seated", async () => {
    const [a1, a2] = s.agents as [Seeded["agents"][0], Seeded["agents"][0]];
    await ready(a1);
    const { sessionId, entryId } = await servedBy(a1);
    await setAgentStatus({ orgId: s.org.id, membershipId: a1.membership.id, status: "away" });
    await agentCaller(0).agent.transfer({ orgId: s.org.id, sessionId, to: { kind: "queue" } });
    // Agent Two is ready and offered the waiting visitor, not yet answering.
    await ready(a2);
    await dispatch(s.org.id);
    const offer = await db.queueOffer.findFirstOrThrow({
      where: { queueEntryId: entryId, membershipId: a2.membership.id, status: "PENDING" },
    });

    const staff = await subscribed(connect({ userId: s.manager.user.id }), channels.orgStaff(s.org.id));
    const changed = next<SessionsChanged>(staff, EVENTS.sessionsChanged);
    const { participantId } = await callerFor(s.manager.user).sessions.joinAsStaff({ sessionId, role: "AGENT" });
    expect(await changed).toEqual({ sessionId });
    const entry = await db.queueEntry.findUniqueOrThrow({ where: { id: entryId } });
    expect(entry).toMatchObject({ status: "ASSIGNED", assignedMembershipId: s.manager.membership.id });
    expect((await db.queueOffer.findUniqueOrThrow({ where: { id: offer.id } })).status).toBe("WITHDRAWN");
    // The manager took the free baton, as an accepting agent would.
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).leaderParticipantId).toBe(participantId);

    // Agent Two's late accept is refused, and no later round offers the entry again.
    await trpcError(agentCaller(1).agent.accept({ orgId: s.org.id, offerId: offer.id }), "CONFLICT");
    await dispatch(s.org.id);
    expect(await db.queueOffer.count({ where: { queueEntryId: entryId, status: "PENDING" } })).toBe(0);
    const agents = await db.participant.findMany({ where: { sessionId, role: "AGENT", leftAt: null } });
    expect(agents.map((p) => p.membershipId)).toEqual([s.manager.membership.id]);
  });

  it("closes the queue entry when the visitor leaves while waiting in the room", async () => {
    const [a1] = s.agents as [Seeded["agents"][0]];
    await ready(a1);
    const { sessionId, entryId, visitorId } = await servedBy(a1);
    await setAgentStatus({ orgId: s.org.id, membershipId: a1.membership.id, status: "away" });
    await agentCaller(0).agent.transfer({ orgId: s.org.id, sessionId, to: { kind: "queue" } });
    expect((await db.queueEntry.findUniqueOrThrow({ where: { id: entryId } })).status).toBe("WAITING");
    const visitor = await db.visitor.findUniqueOrThrow({ where: { id: visitorId } });
    const { ended } = await leaveSession(await requireSeat({ visitorCookieId: visitor.cookieId }, sessionId));
    expect(ended).toBe(true);
    expect((await db.queueEntry.findUniqueOrThrow({ where: { id: entryId } })).status).toBe("ABANDONED");
  });
});

describe("reassign by a manager", () => {
  it("moves a session between agents; agents cannot reassign; strangers get NOT_FOUND", async () => {
    const [a1, a2] = s.agents as [Seeded["agents"][0], Seeded["agents"][0]];
    await ready(a1);
    const { sessionId } = await servedBy(a1);
    await ready(a2);
    await trpcError(
      agentCaller(1).manager.reassign({ orgId: s.org.id, sessionId, fromMembershipId: a1.membership.id, toMembershipId: a2.membership.id }),
      "FORBIDDEN",
    );
    const other = await seedOrg();
    await trpcError(
      callerFor(other.manager.user).manager.reassign({
        orgId: s.org.id,
        sessionId,
        fromMembershipId: a1.membership.id,
        toMembershipId: a2.membership.id,
      }),
      "NOT_FOUND",
    );
    await trpcError(
      callerFor(other.manager.user).manager.reassign({
        orgId: other.org.id,
        sessionId,
        fromMembershipId: a1.membership.id,
        toMembershipId: a2.membership.id,
      }),
      "NOT_FOUND",
    );

    await callerFor(s.manager.user).manager.reassign({
      orgId: s.org.id,
      sessionId,
      fromMembershipId: a1.membership.id,
      toMembershipId: a2.membership.id,
    });
    expect(await load(a1.membership.id)).toBe(0);
    expect(await load(a2.membership.id)).toBe(1);
    const notice = await db.sessionEvent.findFirstOrThrow({ where: { sessionId, type: "session.transferred" } });
    expect(notice.payload).toMatchObject({
      kind: "agent",
      byName: "Manager",
      fromName: "Agent One",
      toName: "Agent Two",
      reassigned: true,
    });
    // Reassigning from someone no longer in it: NOT_FOUND.
    await trpcError(
      callerFor(s.manager.user).manager.reassign({
        orgId: s.org.id,
        sessionId,
        fromMembershipId: a1.membership.id,
        toMembershipId: a2.membership.id,
      }),
      "NOT_FOUND",
    );
  });
});

describe("the old agent's viewer after a hand-off", () => {
  it("learns live and on reload that a manager reassigned the session, and can no longer write", async () => {
    const [a1, a2] = s.agents as [Seeded["agents"][0], Seeded["agents"][0]];
    await ready(a1);
    const { sessionId } = await servedBy(a1);
    await ready(a2);
    const before = await agentCaller(0).sessions.view({ sessionId });
    expect(handoffOf(before.events, before.me.id)).toBeNull();

    // The old agent's open viewer, on the room's presence channel as the browser is.
    const room = await listen({ userId: a1.user.id }, [channels.session(sessionId)]);
    await callerFor(s.manager.user).manager.reassign({
      orgId: s.org.id,
      sessionId,
      fromMembershipId: a1.membership.id,
      toMembershipId: a2.membership.id,
    });
    await barrier(room);
    const live = received(room)
      .filter((m) => m.event === SESSION_EVENT)
      .map((m) => m.data as WireEvent);
    const expected = { kind: "agent", toName: "Agent Two", byName: "Manager", reassigned: true };
    expect(handoffOf(live, before.me.id)).toEqual(expected);
    expect(handoffMessage(handoffOf(live, before.me.id)!)).toBe("Your manager reassigned this session to Agent Two.");

    // A reload shows the same closed state from the archive; writing is refused.
    const after = await agentCaller(0).sessions.view({ sessionId });
    expect(after.me).toMatchObject({ id: before.me.id, left: true });
    expect(handoffOf(after.events, after.me.id)).toEqual(expected);
    await trpcError(
      agentCaller(0).sessions.send({ sessionId, text: "Still there?", clientEventId: "c".repeat(32) }),
      "PRECONDITION_FAILED",
    );
    // The new agent's seat is open.
    const theirs = await agentCaller(1).sessions.view({ sessionId });
    expect(handoffOf(theirs.events, theirs.me.id)).toBeNull();
  });

  it("says so when the agent passed the session back to the queue", async () => {
    const [a1] = s.agents as [Seeded["agents"][0]];
    await ready(a1);
    const { sessionId } = await servedBy(a1);
    await setAgentStatus({ orgId: s.org.id, membershipId: a1.membership.id, status: "away" });
    await agentCaller(0).agent.transfer({ orgId: s.org.id, sessionId, to: { kind: "queue" } });
    const view = await agentCaller(0).sessions.view({ sessionId });
    const h = handoffOf(view.events, view.me.id);
    expect(h).toEqual({ kind: "queue", toName: null, byName: "Agent One", reassigned: false });
    expect(handoffMessage(h!)).toBe("You passed this session back to the queue.");
  });
});

describe("macros", () => {
  it("lets every member keep personal macros and only managers write org-wide ones", async () => {
    const agent = agentCaller(0);
    const orgId = s.org.id;
    const mine = await agent.macros.create({
      orgId,
      scope: "personal",
      macro: { kind: "TEXT", title: "Thanks", shortcut: "/Thanks", body: "Thanks for your patience!" },
    });
    expect(mine).toMatchObject({ scope: "personal", shortcut: "thanks" });
    await trpcError(agent.macros.create({ orgId, scope: "org", macro: { kind: "TEXT", title: "Team", body: "Hi" } }), "FORBIDDEN");

    const manager = callerFor(s.manager.user);
    const team = await manager.macros.create({
      orgId,
      scope: "org",
      macro: { kind: "URL", title: "Pricing", shortcut: "pricing", body: "example.test/pricing" },
    });
    expect(team.body).toBe("https://example.test/pricing");
    // Same shortcut in the same scope: refused; in another scope: fine.
    await trpcError(
      manager.macros.create({ orgId, scope: "org", macro: { kind: "TEXT", title: "Other", shortcut: "pricing", body: "x" } }),
      "CONFLICT",
    );
    await agent.macros.create({
      orgId,
      scope: "personal",
      macro: { kind: "TEXT", title: "My pricing", shortcut: "pricing", body: "See our pricing" },
    });

    const agentList = await agent.macros.list({ orgId });
    expect(agentList.map((m) => m.title).sort()).toEqual(["My pricing", "Pricing", "Thanks"]);
    // The manager sees the org-wide one and none of the agent's personal ones.
    expect((await manager.macros.list({ orgId })).map((m) => m.title)).toEqual(["Pricing"]);
    await trpcError(manager.macros.update({ orgId, id: mine.id, macro: { kind: "TEXT", title: "Mine now", body: "x" } }), "NOT_FOUND");
    await trpcError(manager.macros.delete({ orgId, id: mine.id }), "NOT_FOUND");
    // Agents cannot edit or delete the org-wide macro.
    await trpcError(agent.macros.update({ orgId, id: team.id, macro: { kind: "TEXT", title: "Hijack", body: "x" } }), "FORBIDDEN");
    await trpcError(agent.macros.delete({ orgId, id: team.id }), "FORBIDDEN");

    const edited = await agent.macros.update({
      orgId,
      id: mine.id,
      macro: { kind: "TEXT", title: "Thank you", shortcut: "ty", body: "Thank you!" },
    });
    expect(edited).toMatchObject({ title: "Thank you", shortcut: "ty" });
    await agent.macros.delete({ orgId, id: mine.id });
    expect(await db.macro.count({ where: { id: mine.id } })).toBe(0);
  });

  it("rejects bad input and another org's macros, changing nothing", async () => {
    const orgId = s.org.id;
    const manager = callerFor(s.manager.user);
    const bad = [
      { kind: "TEXT", title: "", body: "x" },
      { kind: "TEXT", title: "x", body: "   " },
      { kind: "URL", title: "Evil", body: "javascript:alert(1)" },
      { kind: "URL", title: "Creds", body: "https://user:pw@example.test/" },
      { kind: "TEXT", title: "Bad shortcut", shortcut: "two words", body: "x" },
      { kind: "TEXT", title: "x".repeat(81), body: "x" },
    ] as const;
    for (const macro of bad) await trpcError(manager.macros.create({ orgId, scope: "org", macro }), "BAD_REQUEST");
    expect(await db.macro.count({ where: { orgId } })).toBe(0);

    const other = await seedOrg();
    const theirs = await callerFor(other.manager.user).macros.create({
      orgId: other.org.id,
      scope: "org",
      macro: { kind: "TEXT", title: "Theirs", body: "x" },
    });
    await trpcError(manager.macros.update({ orgId, id: theirs.id, macro: { kind: "TEXT", title: "Mine", body: "x" } }), "NOT_FOUND");
    await trpcError(manager.macros.delete({ orgId, id: theirs.id }), "NOT_FOUND");
    await trpcError(manager.macros.list({ orgId: other.org.id }), "NOT_FOUND");
    expect((await db.macro.findUniqueOrThrow({ where: { id: theirs.id } })).title).toBe("Theirs");
  });
});

describe("context panel and notes", () => {
  it("shows the question, referrer and earlier sessions, and saves notes on the visitor", async () => {
    const [a1] = s.agents as [Seeded["agents"][0]];
    await ready(a1, 2);
    const first = await servedBy(a1, { question: "First question" });
    await leaveSession(await requireSeat({ userId: a1.user.id }, first.sessionId));
    const second = await servedBy(a1, { visitorId: first.visitorId, question: "Second question" });

    const ctx = await agentCaller(0).agent.context({ orgId: s.org.id, sessionId: second.sessionId });
    expect(ctx.question).toBe("Second question");
    expect(ctx.referrerUrl).toBe("https://example.test/pricing");
    expect(ctx.earlierSessions.map((e) => [e.id, e.question])).toEqual([[first.sessionId, "First question"]]);
    // The agent who served the visitor may replay the earlier session.
    const replay = await agentCaller(0).sessions.replay({ sessionId: first.sessionId });
    expect(replay.session.id).toBe(first.sessionId);
    // Agent Two never served this visitor: no context, no replay.
    await trpcError(agentCaller(1).agent.context({ orgId: s.org.id, sessionId: second.sessionId }), "NOT_FOUND");
    await trpcError(agentCaller(1).sessions.replay({ sessionId: first.sessionId }), "FORBIDDEN");

    const saved = await agentCaller(0).agent.setVisitorNotes({
      orgId: s.org.id,
      visitorId: ctx.visitor!.id,
      notes: "Prefers email follow-ups.",
    });
    expect(saved.notes).toBe("Prefers email follow-ups.");
    expect((await agentCaller(0).agent.context({ orgId: s.org.id, sessionId: second.sessionId })).visitor!.notes).toBe(
      "Prefers email follow-ups.",
    );

    await trpcError(
      agentCaller(0).agent.setVisitorNotes({ orgId: s.org.id, visitorId: ctx.visitor!.id, notes: "x".repeat(5001) }),
      "BAD_REQUEST",
    );
    const other = await seedOrg();
    const stranger = await createVisitor(other.org.id);
    await trpcError(agentCaller(0).agent.setVisitorNotes({ orgId: s.org.id, visitorId: stranger.id, notes: "hi" }), "NOT_FOUND");
    expect((await db.visitor.findUniqueOrThrow({ where: { id: stranger.id } })).notes).toBe("");
    // Agent Two never served this visitor: can't read the notes, so can't overwrite them either.
    await trpcError(
      agentCaller(1).agent.setVisitorNotes({ orgId: s.org.id, visitorId: ctx.visitor!.id, notes: "overwritten" }),
      "NOT_FOUND",
    );
    expect((await db.visitor.findUniqueOrThrow({ where: { id: ctx.visitor!.id } })).notes).toBe("Prefers email follow-ups.");
    // A manager reads every session, so may edit them.
    const byManager = await callerFor(s.manager.user).agent.setVisitorNotes({
      orgId: s.org.id,
      visitorId: ctx.visitor!.id,
      notes: "Prefers email. VIP.",
    });
    expect(byManager.notes).toBe("Prefers email. VIP.");
  });
});

describe("console tabs", () => {
  it("lists the sessions one is seated in to write, never an unseen monitor or prompter seat", async () => {
    const [a1] = s.agents as [Seeded["agents"][0]];
    await ready(a1);
    const { sessionId } = await servedBy(a1);
    const manager = callerFor(s.manager.user);
    expect((await agentCaller(0).agent.sessions({ orgId: s.org.id })).map((x) => x.sessionId)).toEqual([sessionId]);

    // A console tab writes to the room, which a monitor or prompter may not: those seats stay in /s/{id}.
    await manager.sessions.joinAsStaff({ sessionId, role: "MONITOR" });
    expect(await manager.agent.sessions({ orgId: s.org.id })).toEqual([]);
    await manager.sessions.joinAsStaff({ sessionId, role: "PROMPTER" });
    expect(await manager.agent.sessions({ orgId: s.org.id })).toEqual([]);
    // Barging in makes the manager an agent of the session: now it is a tab.
    await manager.sessions.joinAsStaff({ sessionId, role: "AGENT" });
    expect((await manager.agent.sessions({ orgId: s.org.id })).map((x) => [x.sessionId, x.role])).toEqual([[sessionId, "AGENT"]]);
  });
});

describe("the manager's read model", () => {
  it("counts today's sessions, the queue and its longest wait, and flags agents above capacity", async () => {
    const [a1, a2] = s.agents as [Seeded["agents"][0], Seeded["agents"][0]];
    const now = new Date();
    await ready(a1, 2);
    const one = await servedBy(a1);
    await servedBy(a1);
    await leaveSession(await requireSeat({ userId: a1.user.id }, one.sessionId));
    // One visitor gives up waiting; one waits 200 s with nobody ready.
    await setAgentStatus({ orgId: s.org.id, membershipId: a1.membership.id, status: "away" });
    const v1 = await createVisitor(s.org.id);
    const gaveUp = await enqueueVisitor({
      orgId: s.org.id,
      launcherId: s.launcher.id,
      scenarioId: s.launcher.scenarioId,
      visitorId: v1.id,
      question: "",
      referrerUrl: null,
    });
    await db.queueEntry.update({ where: { id: gaveUp.id }, data: { status: "ABANDONED", endedAt: now } });
    const v2 = await createVisitor(s.org.id);
    await enqueueVisitor({
      orgId: s.org.id,
      launcherId: s.launcher.id,
      scenarioId: s.launcher.scenarioId,
      visitorId: v2.id,
      question: "",
      referrerUrl: null,
      now: new Date(now.getTime() - 200_000),
    });
    // An "overzealous" agent: capacity lowered under the sessions already held.
    await setAgentStatus({ orgId: s.org.id, membershipId: a1.membership.id, capacity: 1 });
    const extra = await servedByForce(a1);
    // Known waits for the two entries assigned today: 10 s and 30 s -> median 20 s.
    const assigned = await db.queueEntry.findMany({ where: { orgId: s.org.id, status: "ASSIGNED" }, orderBy: { enqueuedAt: "asc" } });
    expect(assigned).toHaveLength(2);
    for (const [i, e] of assigned.entries()) {
      const at = new Date(startOfUtcDay(now).getTime() + i); // today, whatever the time of day
      await db.queueEntry.update({
        where: { id: e.id },
        data: { assignedAt: at, enqueuedAt: new Date(at.getTime() - (i === 0 ? 10_000 : 30_000)) },
      });
    }

    const o = await managerOverview({ orgId: s.org.id, now });
    expect(o.today).toMatchObject({ started: 3, ended: 1, abandoned: 1 });
    expect(o.today.medianWaitSec).toBe(20);
    expect(o.queue.waiting).toBe(1);
    expect(o.queue.longestWaitSec).toBeGreaterThanOrEqual(200);
    const row = o.agents.find((a) => a.membershipId === a1.membership.id)!;
    expect(row).toMatchObject({ status: "away", statusLabel: "Away", load: 2, capacity: 1, aboveCapacity: true });
    expect(row.sessions.map((x) => x.sessionId)).toContain(extra);
    expect(o.agents.find((a) => a.membershipId === a2.membership.id)).toMatchObject({ load: 0, aboveCapacity: false });
    expect(o.alerts.map((a) => a.kind).sort()).toEqual(["above_capacity", "long_wait"]);

    // The threshold is the org's: raised above the wait, the wait alert goes; bad values are refused.
    const owner = callerFor(s.owner.user);
    await owner.manager.setSettings({ orgId: s.org.id, longestWaitAlertSec: 600 });
    await trpcError(owner.manager.setSettings({ orgId: s.org.id, longestWaitAlertSec: 5 }), "BAD_REQUEST");
    await trpcError(callerFor(s.manager.user).manager.setSettings({ orgId: s.org.id, longestWaitAlertSec: 60 }), "FORBIDDEN");
    const again = await callerFor(s.manager.user).manager.overview({ orgId: s.org.id });
    expect(again.settings.longestWaitAlertSec).toBe(600);
    expect(again.alerts.map((a) => a.kind)).toEqual(["above_capacity"]);
    await trpcError(agentCaller(0).manager.overview({ orgId: s.org.id }), "FORBIDDEN");
  });
});

/** Seats the agent in one more session directly, as a pre-capacity bug or a manual override would. */
async function servedByForce(agent: { membership: { id: string } }): Promise<string> {
  const visitor = await createVisitor(s.org.id);
  const scenario = s.scenarios.find((x) => x.kind === "ONE_ON_ONE")!;
  const session = await db.session.create({
    data: { orgId: s.org.id, scenarioId: scenario.id, kind: "ONE_ON_ONE", launcherId: s.launcher.id },
  });
  await db.participant.createMany({
    data: [
      { orgId: s.org.id, sessionId: session.id, role: "AGENT", membershipId: agent.membership.id, displayName: "Agent One" },
      { orgId: s.org.id, sessionId: session.id, role: "VISITOR", visitorId: visitor.id, displayName: "Visitor" },
    ],
  });
  return session.id;
}

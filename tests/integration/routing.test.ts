// Routing on a real PostgreSQL: concurrency, FIFO, capacity, ring timeouts, agents and visitors
// going away, ring-all, auto-accept, seat caps.
import { beforeEach, describe, expect, it } from "vitest";
import { setAgentStatus } from "../../server/agents/set-status";
import { db } from "../../server/db";
import { AppError } from "../../server/errors";
import { enqueueVisitor } from "../../server/queue/enqueue";
import { leaveQueue } from "../../server/queue/leave";
import { queueStatus } from "../../server/queue/status";
import { dispatch } from "../../server/routing/dispatch";
import { acceptOffer, declineOffer, expireOffer } from "../../server/routing/offers";
import { addMember, createVisitor, seedOrg } from "../helpers/factories";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;

async function arrive(s: Seeded, n = 1, at?: Date) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = await createVisitor(s.org.id, { name: `V${i}` });
    const e = await enqueueVisitor({
      orgId: s.org.id,
      launcherId: s.launcher.id,
      scenarioId: s.launcher.scenarioId,
      visitorId: v.id,
      question: `question ${i}`,
      referrerUrl: "https://example.test/pricing",
      now: at ? new Date(at.getTime() + i) : undefined,
    });
    ids.push(e.id);
  }
  return ids;
}

async function ready(s: Seeded, agents = s.agents, capacity = 1, extra: { autoAccept?: boolean } = {}) {
  for (const a of agents) await setAgentStatus({ orgId: s.org.id, membershipId: a.membership.id, status: "available", capacity, ...extra });
}

const pendingOffers = (orgId: string) => db.queueOffer.findMany({ where: { orgId, status: "PENDING" }, orderBy: { offeredAt: "asc" } });

async function conflict(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe("CONFLICT");
  return e as AppError;
}

let s: Seeded;
beforeEach(async () => {
  s = await seedOrg();
});

describe("assignment under concurrency", () => {
  it("serves 200 simultaneous visitors with 5 agents of capacity 2: never above capacity, never twice, first come first served", async () => {
    const five = [s.owner, s.manager, ...s.agents, await addMember(s.org.id, "AGENT")];
    await ready(s, five, 2);
    // 200 arrivals at once, from 200 concurrent requests.
    const visitors = await Promise.all(Array.from({ length: 200 }, (_, i) => createVisitor(s.org.id, { name: `V${i}` })));
    await Promise.all(
      visitors.map((v, i) =>
        enqueueVisitor({
          orgId: s.org.id,
          launcherId: s.launcher.id,
          scenarioId: s.launcher.scenarioId,
          visitorId: v.id,
          question: `q${i}`,
          referrerUrl: null,
        }),
      ),
    );
    const fifo = (
      await db.queueEntry.findMany({ where: { orgId: s.org.id }, orderBy: [{ enqueuedAt: "asc" }, { id: "asc" }], select: { id: true } })
    ).map((e) => e.id);
    expect(fifo).toHaveLength(200);

    const servedInRounds: string[][] = [];
    for (let round = 0; round < 25 && servedInRounds.flat().length < 200; round++) {
      // Four dispatchers at once, as if four worker processes raced.
      await Promise.all([dispatch(s.org.id), dispatch(s.org.id), dispatch(s.org.id), dispatch(s.org.id)]);
      const offers = await pendingOffers(s.org.id);
      // Every agent accepts everything it was offered, all at once.
      const results = await Promise.allSettled(
        offers.map((o) => acceptOffer({ orgId: s.org.id, offerId: o.id, membershipId: o.membershipId })),
      );
      expect(results.every((r) => r.status === "fulfilled")).toBe(true);

      const load = await db.participant.groupBy({
        by: ["membershipId"],
        where: { orgId: s.org.id, role: "AGENT", leftAt: null, session: { status: "ACTIVE" } },
        _count: { _all: true },
      });
      for (const l of load) expect(l._count._all).toBeLessThanOrEqual(2);
      expect(load.reduce((n, l) => n + l._count._all, 0)).toBeLessThanOrEqual(10);

      const live = await db.session.findMany({ where: { orgId: s.org.id, status: "ACTIVE" }, select: { id: true, queueEntryId: true } });
      servedInRounds.push(live.map((x) => x.queueEntryId!));
      // Everyone finishes; seats free up for the next round.
      await db.participant.updateMany({ where: { sessionId: { in: live.map((x) => x.id) } }, data: { leftAt: new Date() } });
      await db.session.updateMany({ where: { id: { in: live.map((x) => x.id) } }, data: { status: "ENDED", endedAt: new Date() } });
    }
    const served = servedInRounds.flat();
    expect(new Set(served).size).toBe(200); // each entry once
    expect(servedInRounds.every((r) => r.length === 10)).toBe(true); // all 10 seats used each round
    // FIFO: round k serves exactly entries 10k..10k+9 of the arrival order.
    servedInRounds.forEach((round, k) => expect(new Set(round)).toEqual(new Set(fifo.slice(10 * k, 10 * k + 10))));
    expect(await db.queueOffer.count({ where: { orgId: s.org.id, status: "ACCEPTED" } })).toBe(200);
    expect(await db.session.count({ where: { orgId: s.org.id } })).toBe(200);
  });
});

describe("offers", () => {
  it("offers to the longest-idle agent and, on accept, opens a session with both seated and the agent leading", async () => {
    await ready(s, [s.agents[1]!]);
    await new Promise((r) => setTimeout(r, 5));
    await ready(s, [s.agents[0]!]);
    const [entryId] = await arrive(s);
    const { offers } = await dispatch(s.org.id);
    expect(offers).toEqual([{ offerId: expect.any(String), queueEntryId: entryId, membershipId: s.agents[1]!.membership.id }]);
    expect((await queueStatus(entryId!))?.status).toBe("OFFERED");

    const { sessionId } = await acceptOffer({ orgId: s.org.id, offerId: offers[0]!.offerId, membershipId: s.agents[1]!.membership.id });
    const session = await db.session.findUniqueOrThrow({
      where: { id: sessionId },
      include: { participants: true, events: { orderBy: { seq: "asc" } } },
    });
    expect(session.participants.map((p) => p.role).sort()).toEqual(["AGENT", "VISITOR"]);
    const agent = session.participants.find((p) => p.role === "AGENT")!;
    expect(session.leaderParticipantId).toBe(agent.id);
    expect(session.title).toMatch(/^Org .+ · \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(session.events.map((e) => [e.seq, e.type])).toEqual([
      [1, "session.started"],
      [2, "participant.joined"],
      [3, "participant.joined"],
      [4, "baton.passed"],
    ]);
    expect(await queueStatus(entryId!)).toEqual({ status: "ASSIGNED", position: null, estimatedWaitSec: null, sessionId });
  });

  it("moves the offer to the next agent when the ring timeout passes, and refuses the late accept", async () => {
    await ready(s);
    const t0 = new Date();
    await arrive(s);
    const first = (await dispatch(s.org.id, t0)).offers[0]!;
    // Too early: a retried expiry job must not cut the ring short.
    expect(await expireOffer({ orgId: s.org.id, offerId: first.offerId, now: new Date(t0.getTime() + 5_000) })).toBe(false);
    expect(await expireOffer({ orgId: s.org.id, offerId: first.offerId, now: new Date(t0.getTime() + 20_001) })).toBe(true);
    await conflict(acceptOffer({ orgId: s.org.id, offerId: first.offerId, membershipId: first.membershipId }));
    const second = (await dispatch(s.org.id)).offers[0]!;
    expect(second.queueEntryId).toBe(first.queueEntryId);
    expect(second.membershipId).not.toBe(first.membershipId);
  });

  it("moves on when an agent declines", async () => {
    await ready(s);
    await arrive(s);
    const first = (await dispatch(s.org.id)).offers[0]!;
    await declineOffer({ orgId: s.org.id, offerId: first.offerId, membershipId: first.membershipId });
    const second = (await dispatch(s.org.id)).offers[0]!;
    expect(second.membershipId).not.toBe(first.membershipId);
  });

  it("withdraws the offer when the agent goes away mid-offer and gives it to another", async () => {
    await ready(s);
    const [entryId] = await arrive(s);
    const first = (await dispatch(s.org.id)).offers[0]!;
    await setAgentStatus({ orgId: s.org.id, membershipId: first.membershipId, status: "away" });
    expect((await db.queueOffer.findUniqueOrThrow({ where: { id: first.offerId } })).status).toBe("WITHDRAWN");
    expect((await db.queueEntry.findUniqueOrThrow({ where: { id: entryId } })).status).toBe("WAITING");
    await conflict(acceptOffer({ orgId: s.org.id, offerId: first.offerId, membershipId: first.membershipId }));
    const second = (await dispatch(s.org.id)).offers[0]!;
    expect(second.membershipId).not.toBe(first.membershipId);
  });

  it("withdraws the offer when the visitor leaves mid-offer", async () => {
    await ready(s);
    const [entryId] = await arrive(s);
    const offer = (await dispatch(s.org.id)).offers[0]!;
    expect(await leaveQueue({ orgId: s.org.id, queueEntryId: entryId! })).toBe(true);
    const entry = await db.queueEntry.findUniqueOrThrow({ where: { id: entryId } });
    expect(entry.status).toBe("ABANDONED");
    expect(entry.endReason).toBe("visitor left");
    await conflict(acceptOffer({ orgId: s.org.id, offerId: offer.offerId, membershipId: offer.membershipId }));
    expect(await db.session.count({ where: { orgId: s.org.id } })).toBe(0);
  });

  it("rings every free agent in ring-all mode; the first accept wins", async () => {
    await db.organization.update({ where: { id: s.org.id }, data: { routingMode: "RING_ALL" } });
    await ready(s, [s.owner, s.manager, ...s.agents]);
    await arrive(s);
    const { offers } = await dispatch(s.org.id);
    expect(offers).toHaveLength(4);
    const results = await Promise.allSettled(
      offers.map((o) => acceptOffer({ orgId: s.org.id, offerId: o.offerId, membershipId: o.membershipId })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.session.count({ where: { orgId: s.org.id } })).toBe(1);
    expect(await db.queueOffer.count({ where: { orgId: s.org.id, status: "WITHDRAWN" } })).toBe(3);
  });

  it("opens the session at once for an agent on auto-accept", async () => {
    await ready(s, [s.agents[0]!], 1, { autoAccept: true });
    await arrive(s);
    const { sessions } = await dispatch(s.org.id);
    expect(sessions).toHaveLength(1);
  });

  it("offers to agents in the org's own routable state, and stops at once when the org makes it not routable", async () => {
    const statuses = (routable: boolean) => [{ key: "phones", label: "On the phones", routable }];
    await db.organization.update({ where: { id: s.org.id }, data: { agentStatuses: statuses(true) } });
    const agent = s.agents[0]!.membership.id;
    await setAgentStatus({ orgId: s.org.id, membershipId: agent, status: "phones", capacity: 3 });
    // A round asks with the states the org's last round found routable and reads again when the
    // org's setting says otherwise (dispatch.ts, checkedState): both changes count at once.
    await arrive(s);
    expect((await dispatch(s.org.id)).offers.map((o) => o.membershipId)).toEqual([agent]);
    await db.organization.update({ where: { id: s.org.id }, data: { agentStatuses: statuses(false) } });
    await arrive(s);
    expect((await dispatch(s.org.id)).offers).toEqual([]);
    await db.organization.update({ where: { id: s.org.id }, data: { agentStatuses: statuses(true) } });
    expect((await dispatch(s.org.id)).offers.map((o) => o.membershipId)).toEqual([agent]);
  });

  it("offers nothing to agents who are not ready, or who are deactivated", async () => {
    await setAgentStatus({ orgId: s.org.id, membershipId: s.agents[0]!.membership.id, status: "on_break" });
    await ready(s, [s.agents[1]!]);
    await db.membership.update({ where: { id: s.agents[1]!.membership.id }, data: { active: false } });
    await arrive(s);
    expect((await dispatch(s.org.id)).offers).toEqual([]);
  });
});

describe("seat caps and queue position", () => {
  it("makes the next visitor wait when the org's concurrent seats are taken", async () => {
    await db.organization.update({ where: { id: s.org.id }, data: { maxConcurrentSeats: 2 } });
    await ready(s, s.agents, 1, { autoAccept: true });
    const [a, b] = await arrive(s, 2);
    expect((await dispatch(s.org.id)).sessions).toHaveLength(1);
    expect((await db.queueEntry.findUniqueOrThrow({ where: { id: a } })).status).toBe("ASSIGNED");
    expect((await queueStatus(b!))?.position).toBe(1);
    expect((await dispatch(s.org.id)).sessions).toHaveLength(0);
  });

  it("reports positions in arrival order and an estimate from capacity", async () => {
    await ready(s, [s.agents[0]!], 1);
    const ids = await arrive(s, 3, new Date(Date.now() - 60_000));
    const positions = await Promise.all(ids.map((id) => queueStatus(id)));
    expect(positions.map((p) => p?.position)).toEqual([1, 2, 3]);
    expect(positions[0]!.estimatedWaitSec).toBe(15); // a free agent: about the time to answer
    expect(positions[2]!.estimatedWaitSec).toBe(2 * 300); // two handle times (default 5 min) behind
  });

  it("rejects an unknown status and an impossible capacity, changing nothing", async () => {
    const m = s.agents[0]!.membership.id;
    await expect(setAgentStatus({ orgId: s.org.id, membershipId: m, status: "napping" })).rejects.toThrow(/Unknown status/);
    await expect(setAgentStatus({ orgId: s.org.id, membershipId: m, capacity: 0 })).rejects.toThrow(/Capacity/);
    const p = await db.agentPresence.findUniqueOrThrow({ where: { membershipId: m } });
    expect([p.status, p.capacity]).toEqual(["offline", 1]);
  });
});

// The plain one-on-one accept runs in the database (route_accept_plain, one round trip); rooms,
// requeued visitors and orgs with a session.started webhook take the general path (acceptInTx in
// Prisma's transaction). Both must write the same rows: this test starts one session each way for
// twin entries and compares everything but the ids and times.
import { beforeEach, describe, expect, it } from "vitest";
import { setAgentStatus } from "../../server/agents/set-status";
import { db } from "../../server/db";
import { enqueueVisitor } from "../../server/queue/enqueue";
import { dispatch } from "../../server/routing/dispatch";
import { newEffects } from "../../server/routing/effects";
import { acceptInTx, acceptOffer } from "../../server/routing/offers";
import { createVisitor, seedOrg } from "../helpers/factories";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
let s: Seeded;
beforeEach(async () => {
  s = await seedOrg();
});

async function arrive(name: string, avatarUrl: string | null) {
  const v = await createVisitor(s.org.id, { name });
  const e = await enqueueVisitor({
    orgId: s.org.id,
    launcherId: s.launcher.id,
    scenarioId: s.launcher.scenarioId,
    visitorId: v.id,
    question: `help ${name}`,
    referrerUrl: "https://example.test/a?b=1",
  });
  if (avatarUrl) await db.queueEntry.update({ where: { id: e.id }, data: { avatarUrl, clientAddress: "203.0.113.9" } });
  return e.id;
}

/** The session's rows with ids replaced by roles, times dropped: what must not differ between the paths. */
async function shape(sessionId: string) {
  const session = await db.session.findUniqueOrThrow({
    where: { id: sessionId },
    include: {
      participants: { orderBy: { role: "asc" } },
      events: { orderBy: [{ stream: "asc" }, { seq: "asc" }] },
      usageRecords: true,
      queueEntry: true,
    },
  });
  const role = new Map(session.participants.map((p) => [p.id, p.role]));
  const name = (id: string | null) => (id ? (role.get(id) ?? "unknown") : null);
  const offers = await db.queueOffer.findMany({ where: { queueEntryId: session.queueEntryId! }, orderBy: { status: "asc" } });
  return {
    session: {
      kind: session.kind,
      status: session.status,
      title: session.title.replace(/\d{4}-\d\d-\d\d \d\d:\d\d/, "T"),
      currentUrl: session.currentUrl,
      leader: name(session.leaderParticipantId),
      lastSeq: session.lastSeq,
      seatVersion: session.seatVersion,
    },
    participants: session.participants.map((p) => ({
      role: p.role,
      canLead: p.canLead,
      displayName: p.displayName.replace(/ [AB]$/, ""),
      avatarUrl: p.avatarUrl,
      clientAddress: p.clientAddress,
      leftAt: p.leftAt,
      membership: p.membershipId !== null,
      visitor: p.visitorId !== null,
    })),
    events: session.events.map((e) => {
      const payload = JSON.parse(
        JSON.stringify(e.payload)
          .replace(/\d{4}-\d\d-\d\d \d\d:\d\d/, "T")
          .replaceAll(/ [AB]"/g, '"'),
      ) as Record<string, unknown>;
      if (typeof payload.to === "string") payload.to = name(payload.to);
      return { stream: e.stream, seq: e.seq, type: e.type, actor: name(e.actorParticipantId), payload, audience: e.audience };
    }),
    usage: session.usageRecords.map((u) => ({ kind: u.kind, quantity: u.quantity, key: u.idempotencyKey === `hit:${sessionId}` })),
    entry: { status: session.queueEntry!.status, assigned: session.queueEntry!.assignedMembershipId },
    offers: offers.map((o) => o.status),
  };
}

describe("the plain accept in one round trip", () => {
  it("writes exactly what the general path writes", async () => {
    // Everything the session start reads: the agent's own name and picture, the scenario's avatars,
    // the entry's picture and client address, a visitor who may lead.
    await db.scenario.update({
      where: { id: s.launcher.scenarioId },
      data: { avatars: { agent: "/avatars/a.svg", visitor: "/avatars/v.svg" }, batonPolicy: "ANYONE_TAKES" },
    });
    const agent = s.agents[0]!;
    await db.membership.update({ where: { id: agent.membership.id }, data: { displayName: "Ann of Support" } });
    await setAgentStatus({ orgId: s.org.id, membershipId: agent.membership.id, status: "available", capacity: 2 });
    const a = await arrive("Vi A", "/avatars/rule.svg");
    const b = await arrive("Vi B", "/avatars/rule.svg");
    const { offers } = await dispatch(s.org.id);
    expect(offers.map((o) => o.queueEntryId).sort()).toEqual([a, b].sort());
    const offerA = offers.find((o) => o.queueEntryId === a)!;
    const offerB = offers.find((o) => o.queueEntryId === b)!;

    const plain = await acceptOffer({ orgId: s.org.id, offerId: offerA.offerId, membershipId: agent.membership.id });
    const general = await db.$transaction((tx) =>
      acceptInTx(tx, newEffects(), { orgId: s.org.id, offerId: offerB.offerId, membershipId: agent.membership.id, now: new Date() }),
    );

    const [p, g] = [await shape(plain.sessionId), await shape(general.sessionId)];
    expect(p).toEqual(g);
    // And what was compared is what it should be, so equal cannot mean equally empty.
    expect(p.participants).toEqual([
      {
        role: "VISITOR",
        canLead: true,
        displayName: "Vi",
        avatarUrl: "/avatars/rule.svg",
        clientAddress: "203.0.113.9",
        leftAt: null,
        membership: false,
        visitor: true,
      },
      {
        role: "AGENT",
        canLead: true,
        displayName: "Ann of Support",
        avatarUrl: "/avatars/a.svg",
        clientAddress: null,
        leftAt: null,
        membership: true,
        visitor: false,
      },
    ]);
    expect(p.events.map((e) => [e.seq, e.type, e.actor])).toEqual([
      [1, "session.started", null],
      [2, "participant.joined", "AGENT"],
      [3, "participant.joined", "VISITOR"],
      [4, "baton.passed", "AGENT"],
    ]);
    expect(p.events[1]!.payload).toEqual({ role: "AGENT", name: "Ann of Support", avatarUrl: "/avatars/a.svg" });
    expect(p.session).toMatchObject({ leader: "AGENT", lastSeq: 4, currentUrl: "https://example.test/a?b=1" });
    expect(p.usage).toEqual([{ kind: "SESSION_HIT", quantity: 1, key: true }]);
    expect(p.entry).toEqual({ status: "ASSIGNED", assigned: agent.membership.id });
  });

  it("leaves a seat without a picture without one, and a blank visitor name as Visitor", async () => {
    await db.scenario.update({ where: { id: s.launcher.scenarioId }, data: { avatars: { agent: 7 } } });
    const agent = s.agents[0]!;
    await setAgentStatus({ orgId: s.org.id, membershipId: agent.membership.id, status: "available", capacity: 2 });
    const a = await arrive("  ", null);
    const b = await arrive("  ", null);
    const { offers } = await dispatch(s.org.id);
    const plain = await acceptOffer({
      orgId: s.org.id,
      offerId: offers.find((o) => o.queueEntryId === a)!.offerId,
      membershipId: agent.membership.id,
    });
    const general = await db.$transaction((tx) =>
      acceptInTx(tx, newEffects(), {
        orgId: s.org.id,
        offerId: offers.find((o) => o.queueEntryId === b)!.offerId,
        membershipId: agent.membership.id,
        now: new Date(),
      }),
    );
    const [p, g] = [await shape(plain.sessionId), await shape(general.sessionId)];
    expect(p).toEqual(g);
    expect(p.participants.map((x) => [x.role, x.displayName, x.avatarUrl])).toEqual(expect.arrayContaining([["VISITOR", "Visitor", null]]));
    expect(p.events[1]!.payload).not.toHaveProperty("avatarUrl");
  });

  it("an org with a session.started webhook takes the general path and gets its delivery", async () => {
    await db.webhookEndpoint.create({
      data: { orgId: s.org.id, url: "https://hooks.example.test/x", secret: "whsec_test_only", events: ["session.started"] },
    });
    const agent = s.agents[0]!;
    await setAgentStatus({ orgId: s.org.id, membershipId: agent.membership.id, status: "available" });
    await arrive("W", null);
    const { offers } = await dispatch(s.org.id);
    const { sessionId } = await acceptOffer({ orgId: s.org.id, offerId: offers[0]!.offerId, membershipId: agent.membership.id });
    const deliveries = await db.webhookDelivery.findMany({ where: { orgId: s.org.id } });
    expect(deliveries.map((d) => [d.eventType, d.body.includes(`"sessionId":"${sessionId}"`)])).toEqual([["session.started", true]]);
  });
});

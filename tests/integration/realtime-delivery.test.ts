// The whole realtime path with real parts: pusher-js (the browser SDK, in Node) authorised by our
// auth endpoint's function, the relay started for the run, and domain functions publishing after
// commit. Nothing here is mocked.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { channels } from "../../server/realtime/channels";
import { EVENTS, type OfferCreated } from "../../lib/realtime-events";
import { SESSION_EVENT, type WireEvent } from "../../lib/session-events";
import { setAgentStatus } from "../../server/agents/set-status";
import { sendChatLine } from "../../server/chat/send";
import { enqueueVisitor } from "../../server/queue/enqueue";
import { dispatch } from "../../server/routing/dispatch";
import { requireSeat } from "../../server/sessions/participant";
import { createLiveSession, createVisitor, seedOrg } from "../helpers/factories";
import { connect, disconnectAll, next, subscribed } from "../helpers/realtime";

let s: Awaited<ReturnType<typeof seedOrg>>;
beforeEach(async () => {
  s = await seedOrg();
});
afterEach(disconnectAll);

describe("realtime delivery through the relay", () => {
  it("delivers a chat line to the other participant, who joined presence as its own seat", async () => {
    const live = await createLiveSession(s, { visitorCookieId: "delivery-cookie-0001" });
    const visitor = connect({ visitorCookieId: "delivery-cookie-0001" });
    const ch = await subscribed(visitor, channels.session(live.session.id));
    expect((ch as unknown as { members: { me: { id: string } } }).members.me.id).toBe(live.visitorSeat.id);

    const got = next<WireEvent>(ch, SESSION_EVENT);
    const sent = await sendChatLine(await requireSeat({ userId: s.agents[0]!.user.id }, live.session.id), {
      text: "hello there",
      clientEventId: "delivery-cid-000001",
    });
    const received = await got;
    expect(received).toEqual(sent);
    expect(received.payload.text).toBe("hello there");
  });

  it("refuses a stranger's subscription to the session", async () => {
    const live = await createLiveSession(s, { visitorCookieId: "delivery-cookie-0002" });
    const stranger = connect({ visitorCookieId: "someone-else-entirely" });
    await expect(subscribed(stranger, channels.session(live.session.id))).rejects.toThrow(/refused/);
  });

  it("rings the agent: the offer arrives on the agent's own channel", async () => {
    const agent = s.agents[0]!;
    const p = connect({ userId: agent.user.id });
    const ch = await subscribed(p, channels.member(agent.membership.id));
    await setAgentStatus({ orgId: s.org.id, membershipId: agent.membership.id, status: "available" });
    const offer = next<OfferCreated>(ch, EVENTS.offerCreated);
    const v = await createVisitor(s.org.id, { name: "Grace" });
    await enqueueVisitor({
      orgId: s.org.id,
      launcherId: s.launcher.id,
      scenarioId: s.launcher.scenarioId,
      visitorId: v.id,
      question: "Can you help?",
      referrerUrl: "https://example.test/pricing",
    });
    await dispatch(s.org.id);
    expect(await offer).toMatchObject({
      question: "Can you help?",
      referrerUrl: "https://example.test/pricing",
      visitor: { name: "Grace", earlierSessions: 0 },
    });
  });
});

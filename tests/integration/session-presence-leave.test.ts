// Leaving by disconnecting: a real relay (this file's own, so its member_removed webhooks reach this
// process), real pusher-js clients, the webhook handler, and the pg-boss job worked as the worker
// does. The grace is short here; every wait polls for a state, never for a time.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { channels } from "../../server/realtime/channels";
import { meterTick, visitorMinutesFor } from "../../server/billing/metering";
import { db } from "../../server/db";
import { JOBS, sendJob } from "../../server/jobs/boss";
import { receiveRealtimeWebhook } from "../../server/realtime/webhooks";
import { leaveIfGone } from "../../server/sessions/presence-leave";
import { createLiveSession, seedOrg } from "../helpers/factories";
import { connect, subscribed } from "../helpers/realtime";
import { APP, presenceLeaveJobs, until, withWebhookRelay } from "../helpers/webhook-relay";

const { relay, received } = await withWebhookRelay();

const removedHook = (participantId: string) =>
  until(
    async () => received.find((r) => r.event.name === "member_removed" && r.event.user_id === participantId),
    `member_removed of ${participantId}`,
  );

const jobsOf = presenceLeaveJobs;

const jobsDone = (participantId: string, n: number) =>
  until(async () => {
    const jobs = await jobsOf(participantId);
    return jobs.length >= n && jobs.every((j) => j.state === "completed") && jobs;
  }, `${n} presence-leave job(s) of ${participantId} completed`);

const minutesOf = (participantId: string) => db.usageRecord.count({ where: { participantId, kind: "VISITOR_MINUTE" } });
const leftEvents = (sessionId: string, participantId: string) =>
  db.sessionEvent.count({ where: { sessionId, type: "participant.left", actorParticipantId: participantId } });

/** A signed webhook as the relay sends it (a duplicate or a retry of one). */
function hook(events: unknown[], timeMs = Date.now()) {
  const body = JSON.stringify({ time_ms: timeMs, events });
  const headers = new Headers({
    "content-type": "application/json",
    "x-pusher-key": APP.key,
    "x-pusher-signature": createHmac("sha256", APP.secret).update(body).digest("hex"),
  });
  return receiveRealtimeWebhook(headers, body);
}

/** A live one-on-one whose visitor has been present 2.5 min and is on the presence channel now. */
async function visitorOnline() {
  const s = await seedOrg();
  const cookie = `presence-visitor-${Math.random().toString(36).slice(2, 12)}`;
  const live = await createLiveSession(s, { visitorCookieId: cookie });
  const joinedAt = new Date(Date.now() - 150_000);
  await db.participant.update({ where: { id: live.visitorSeat.id }, data: { joinedAt } });
  const client = connect({ visitorCookieId: cookie }, { port: relay.port });
  await subscribed(client, channels.session(live.session.id));
  return { s, cookie, live, joinedAt, client };
}

describe("a visitor who disconnects without leaving", () => {
  it("is marked left at the disconnect time once the grace has passed, and metering stops there", async () => {
    const { live, joinedAt, client } = await visitorOnline();
    const seatId = live.visitorSeat.id;
    const before = new Date();
    client.disconnect(); // the tab closed
    const removed = await removedHook(seatId);
    const leftAt = await until(async () => (await db.participant.findUniqueOrThrow({ where: { id: seatId } })).leftAt, "the seat's leftAt");
    // Dated when the relay saw the disconnect, not when the job ran after the grace.
    expect(leftAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(leftAt.getTime()).toBeLessThanOrEqual(removed.at.getTime());
    const expected = visitorMinutesFor(leftAt.getTime() - joinedAt.getTime());
    expect(expected).toBe(3);
    expect(await minutesOf(seatId)).toBe(expected);
    // An hour later the count has not moved.
    await meterTick(new Date(Date.now() + 3_600_000));
    expect(await minutesOf(seatId)).toBe(expected);
    expect(await leftEvents(live.session.id, seatId)).toBe(1);
    // The agent is still there: a one-on-one goes on without its visitor.
    expect((await db.session.findUniqueOrThrow({ where: { id: live.session.id } })).status).toBe("ACTIVE");
  });

  it("stays present when it reconnects within the grace (a reload)", async () => {
    const { cookie, live, client } = await visitorOnline();
    const seatId = live.visitorSeat.id;
    client.disconnect();
    await removedHook(seatId);
    const again = connect({ visitorCookieId: cookie }, { port: relay.port });
    await subscribed(again, channels.session(live.session.id));
    await jobsDone(seatId, 1);
    expect((await db.participant.findUniqueOrThrow({ where: { id: seatId } })).leftAt).toBeNull();
    expect(await leftEvents(live.session.id, seatId)).toBe(0);
  });

  it("is left once whatever the duplicates: a repeated webhook, a retried job, two jobs at once", async () => {
    const { live, client } = await visitorOnline();
    const seatId = live.visitorSeat.id;
    client.disconnect();
    const removed = await removedHook(seatId);
    const leftAt = await until(async () => (await db.participant.findUniqueOrThrow({ where: { id: seatId } })).leftAt, "the seat's leftAt");
    const minutes = await minutesOf(seatId);
    // The relay retried the webhook (same body), and once more later.
    expect((await hook([removed.event], leftAt.getTime())).status).toBe(200);
    expect((await hook([removed.event])).status).toBe(200);
    await jobsDone(seatId, 3);
    const data = { sessionId: live.session.id, participantId: seatId, disconnectedAt: leftAt.toISOString() };
    expect(await Promise.all([leaveIfGone(data), leaveIfGone(data)])).toEqual(["already-left", "already-left"]);
    expect((await db.participant.findUniqueOrThrow({ where: { id: seatId } })).leftAt).toEqual(leftAt);
    expect(await leftEvents(live.session.id, seatId)).toBe(1);
    expect(await minutesOf(seatId)).toBe(minutes);
  });

  it("two jobs racing on a seat still present in the database leave it once", async () => {
    const s = await seedOrg();
    const live = await createLiveSession(s);
    const data = { sessionId: live.session.id, participantId: live.visitorSeat.id, disconnectedAt: new Date().toISOString() };
    const outcomes = await Promise.all([leaveIfGone(data), leaveIfGone(data)]);
    expect(outcomes.sort()).toEqual(["already-left", "left"]);
    expect(await leftEvents(live.session.id, live.visitorSeat.id)).toBe(1);
  });

  it("defers to a later disconnect of the same seat (it came back in between, then went again)", async () => {
    const s = await seedOrg();
    const live = await createLiveSession(s);
    await db.participant.update({ where: { id: live.visitorSeat.id }, data: { joinedAt: new Date(Date.now() - 60_000) } });
    const first = new Date(Date.now() - 10_000);
    const second = new Date(Date.now() - 2_000);
    const seat = { sessionId: live.session.id, participantId: live.visitorSeat.id };
    // The later disconnect's job, not due yet: it will leave the seat with its own, later time.
    await sendJob(JOBS.presenceLeave, { ...seat, disconnectedAt: second.toISOString() }, { startAfter: new Date(Date.now() + 3_600_000) });
    expect(await leaveIfGone({ ...seat, disconnectedAt: first.toISOString() })).toBe("superseded");
    expect((await db.participant.findUniqueOrThrow({ where: { id: live.visitorSeat.id } })).leftAt).toBeNull();
    expect(await leaveIfGone({ ...seat, disconnectedAt: second.toISOString() })).toBe("left");
    expect((await db.participant.findUniqueOrThrow({ where: { id: live.visitorSeat.id } })).leftAt).toEqual(second);
  });
});

describe("staff", () => {
  it("an agent who disconnects leaves too, and the one-on-one ends with the disconnect time", async () => {
    const s = await seedOrg();
    const live = await createLiveSession(s);
    const agent = connect({ userId: s.agents[0]!.user.id }, { port: relay.port });
    await subscribed(agent, channels.session(live.session.id));
    agent.disconnect();
    await removedHook(live.agent.id);
    const session = await until(async () => {
      const row = await db.session.findUniqueOrThrow({ where: { id: live.session.id } });
      return row.status === "ENDED" && row;
    }, "the session's end");
    const agentSeat = await db.participant.findUniqueOrThrow({ where: { id: live.agent.id } });
    expect(agentSeat.leftAt).toEqual(session.endedAt);
    expect(session.endReason).toBe("agent left");
  });

  it("never leaves unseen staff's seat on a presence webhook (they are never on the presence channel)", async () => {
    const s = await seedOrg();
    const live = await createLiveSession(s, { monitor: true });
    const monitorId = live.monitor!.id;
    expect((await hook([{ name: "member_removed", channel: channels.session(live.session.id), user_id: monitorId }])).status).toBe(200);
    await jobsDone(monitorId, 1);
    expect((await db.participant.findUniqueOrThrow({ where: { id: monitorId } })).leftAt).toBeNull();
    expect(await leaveIfGone({ sessionId: live.session.id, participantId: monitorId, disconnectedAt: new Date().toISOString() })).toBe(
      "unseen",
    );
  });
});

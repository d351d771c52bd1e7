// Auditorium attendees on the wire: a real relay (this file's own, so its channel_vacated webhooks
// reach this process), real pusher-js clients, the webhook handler, and the pg-boss job worked as
// the worker does. Leave detection without presence, the audience count notice, and what one
// attendee's sockets receive. Every wait polls for a state, never for a time.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { channels } from "../../server/realtime/channels";
import { EVENTS, type AudienceCount } from "../../lib/realtime-events";
import { SESSION_EVENT } from "../../lib/session-events";
import { AUDIENCE_COUNT_INTERVAL_MS } from "../../server/auditorium/count";
import { createAuditorium } from "../../server/auditorium/create";
import { joinAuditorium } from "../../server/auditorium/join";
import { db } from "../../server/db";
import { callerFor, seedOrg } from "../helpers/factories";
import { connect, subscribed } from "../helpers/realtime";
import { presenceLeaveJobs, until, withWebhookRelay } from "../helpers/webhook-relay";

const { relay, received } = await withWebhookRelay();

const vacatedHook = (channel: string) =>
  until(
    async () => received.find((r) => r.event.name === "channel_vacated" && r.event.channel === channel),
    `channel_vacated of ${channel}`,
  );

const jobsOf = presenceLeaveJobs;

/** A live event and one attendee whose page holds its two channels, as attendee-state.ts does. */
async function attendeeOnline() {
  const s = await seedOrg();
  const ev = await createAuditorium({ orgId: s.org.id, membershipId: s.manager.membership.id }, { title: "Keynote" });
  const cookie = randomBytes(16).toString("base64url");
  const joined = await joinAuditorium({
    key: ev.joinPath.slice(3),
    name: "Ada",
    visitorCookieId: cookie,
    now: new Date(Date.now() - 150_000),
  });
  if (!joined.ok) throw new Error(joined.reason);
  const client = connect({ visitorCookieId: cookie }, { port: relay.port });
  const audience = await subscribed(client, channels.sessionAudience(ev.sessionId!));
  const own = await subscribed(client, channels.participant(joined.participantId));
  return { s, ev, cookie, seatId: joined.participantId, client, audience, own };
}

describe("an attendee who disconnects without leaving", () => {
  it("is left at the disconnect time after the grace (channel_vacated of its own channel), with no room event", async () => {
    const { ev, seatId, client } = await attendeeOnline();
    const before = new Date();
    client.disconnect();
    const vacated = await vacatedHook(channels.participant(seatId));
    const leftAt = await until(async () => (await db.participant.findUniqueOrThrow({ where: { id: seatId } })).leftAt, "the seat's leftAt");
    expect(leftAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(leftAt.getTime()).toBeLessThanOrEqual(vacated.at.getTime());
    expect((await db.auditorium.findUniqueOrThrow({ where: { id: ev.id } })).present).toBe(0);
    // 2.5 minutes and a few ms: three started minutes, closed at the disconnect.
    expect(await db.usageRecord.count({ where: { participantId: seatId, kind: "ATTENDEE_MINUTE" } })).toBe(3);
    expect(await db.sessionEvent.count({ where: { sessionId: ev.sessionId!, type: "participant.left" } })).toBe(0);
    expect((await db.session.findUniqueOrThrow({ where: { id: ev.sessionId! } })).status).toBe("ACTIVE");
  });

  it("stays when its page comes back within the grace (a reload)", async () => {
    const { cookie, seatId, client } = await attendeeOnline();
    client.disconnect();
    await vacatedHook(channels.participant(seatId));
    const again = connect({ visitorCookieId: cookie }, { port: relay.port });
    await subscribed(again, channels.participant(seatId));
    await until(async () => {
      const jobs = await jobsOf(seatId);
      return jobs.length >= 1 && jobs.every((j) => j.state === "completed");
    }, "the leave job completed");
    expect((await db.participant.findUniqueOrThrow({ where: { id: seatId } })).leftAt).toBeNull();
  });
});

describe("on the attendee's wire", () => {
  it("gets the audience count as a notice, the stage's room events, and nothing that names another attendee", async () => {
    const { s, ev, audience, own } = await attendeeOnline();
    const got: { event: string; data: unknown }[] = [];
    for (const ch of [audience, own])
      ch.bind_global((event: string, data: unknown) => void (event.startsWith("pusher") ? null : got.push({ event, data })));
    // Another attendee joins: the count changes (a notice within ~2 s), no event about them.
    const ben = await joinAuditorium({
      key: ev.joinPath.slice(3),
      name: "Ben Secret",
      visitorCookieId: randomBytes(16).toString("base64url"),
    });
    if (!ben.ok) throw new Error(ben.reason);
    const notice = await until(
      async () => got.find((g) => g.event === EVENTS.audienceCount && (g.data as AudienceCount).count === 2),
      "a count of 2",
      AUDIENCE_COUNT_INTERVAL_MS * 10,
    );
    expect(notice.data).toMatchObject({ sessionId: ev.sessionId, count: 2, peak: 2 });
    // The stage speaks: a room event reaches the attendee on the audience channel.
    await callerFor(s.manager.user).sessions.send({ sessionId: ev.sessionId!, text: "Welcome!", clientEventId: "cid-welcome-1" });
    await until(
      async () => got.find((g) => g.event === SESSION_EVENT && (g.data as { payload: { text?: string } }).payload.text === "Welcome!"),
      "the stage line",
    );
    const wire = JSON.stringify(got);
    expect(wire).not.toContain(ben.participantId);
    expect(wire).not.toContain("Ben Secret");
  });
});

// Attendee seats whose page never subscribed (no channel_vacated ever comes for them): the worker's
// sweep, called directly, against a real relay (this file's own) and real pusher-js clients.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { channels } from "../../server/realtime/channels";
import { createAuditorium } from "../../server/auditorium/create";
import { joinAuditorium } from "../../server/auditorium/join";
import { sweepUnconnectedAttendees } from "../../server/auditorium/sweep";
import { db } from "../../server/db";
import { JOBS, sendJob } from "../../server/jobs/boss";
import { seedOrg } from "../helpers/factories";
import { connect, subscribed } from "../helpers/realtime";
import { withWebhookRelay } from "../helpers/webhook-relay";

const { relay } = await withWebhookRelay();

async function join(key: string, name: string, now: Date) {
  const cookie = randomBytes(16).toString("base64url");
  const joined = await joinAuditorium({ key, name, visitorCookieId: cookie, now });
  if (!joined.ok) throw new Error(joined.reason);
  return { cookie, seatId: joined.participantId };
}

const seat = (id: string) => db.participant.findUniqueOrThrow({ where: { id } });
const presentOf = async (auditoriumId: string) => (await db.auditorium.findUniqueOrThrow({ where: { id: auditoriumId } })).present;

describe("the sweep of never-connected attendee seats", () => {
  it("leaves only the seat whose page never subscribed, once with two sweeps at once, and a later sweep changes nothing", async () => {
    const s = await seedOrg();
    const ev = await createAuditorium({ orgId: s.org.id, membershipId: s.manager.membership.id }, { title: "Keynote" });
    const key = ev.joinPath.slice(3);
    const joinedAt = new Date(Date.now() - 150_000);
    const ada = await join(key, "Ada", joinedAt);
    const bot = await join(key, "Bot", joinedAt);
    // Ada's page holds its channels; the bot posted the form and never opened a socket.
    const client = connect({ visitorCookieId: ada.cookie }, { port: relay.port });
    await subscribed(client, channels.sessionAudience(ev.sessionId!));
    await subscribed(client, channels.participant(ada.seatId));
    expect(await presentOf(ev.id)).toBe(2);

    // Two workers sweeping at once: the seat leaves once, the count drops once.
    const now = new Date();
    const [one, two] = await Promise.all([sweepUnconnectedAttendees(now), sweepUnconnectedAttendees(now)]);
    expect([...one!, ...two!]).toEqual([bot.seatId]);
    expect((await seat(bot.seatId)).leftAt).toEqual(now);
    expect((await seat(ada.seatId)).leftAt).toBeNull();
    expect(await presentOf(ev.id)).toBe(1);
    // Billed up to the sweep: 2.5 minutes and a bit, three started minutes.
    expect(await db.usageRecord.count({ where: { participantId: bot.seatId, kind: "ATTENDEE_MINUTE" } })).toBe(3);

    expect(await sweepUnconnectedAttendees(new Date())).toEqual([]);
    expect((await seat(bot.seatId)).leftAt).toEqual(now);
    expect((await seat(ada.seatId)).leftAt).toBeNull();
    expect(await presentOf(ev.id)).toBe(1);
  });

  it("leaves alone a seat within the grace and one whose presence-leave job is still to decide", async () => {
    const s = await seedOrg();
    const ev = await createAuditorium({ orgId: s.org.id, membershipId: s.manager.membership.id }, { title: "Panel" });
    const key = ev.joinPath.slice(3);
    const fresh = await join(key, "Fresh", new Date());
    const dropped = await join(key, "Dropped", new Date(Date.now() - 150_000));
    // Dropped had connected and vacated its channel (a reload, maybe): its job, due later, decides.
    await sendJob(
      JOBS.presenceLeave,
      { sessionId: ev.sessionId!, participantId: dropped.seatId, disconnectedAt: new Date().toISOString() },
      { startAfter: new Date(Date.now() + 3_600_000) },
    );
    const left = await sweepUnconnectedAttendees(new Date());
    expect(left).not.toContain(fresh.seatId);
    expect(left).not.toContain(dropped.seatId);
    expect((await seat(fresh.seatId)).leftAt).toBeNull();
    expect((await seat(dropped.seatId)).leftAt).toBeNull();
    expect(await presentOf(ev.id)).toBe(2);
  });
});

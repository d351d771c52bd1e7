// Metering on a real PostgreSQL with a controlled clock: hits with the session, visitor minutes from
// joinedAt/leftAt, and the worker's metering loop stopped mid-session (a crash) and started again.
import { afterEach, describe, expect, it } from "vitest";
import { startMeteringLoop, type MeteringLoop } from "../../server/billing/metering-loop";
import { OPEN_MARGIN_MS, meterTick, meterVisitorMinutes, visitorMinutesFor } from "../../server/billing/metering";
import { db } from "../../server/db";
import { leaveSession } from "../../server/sessions/leave";
import { requireSeat } from "../../server/sessions/participant";
import { PRESENCE_LEAVE_GRACE_MS } from "../../server/sessions/presence-leave";
import { startDemoSession } from "../helpers/billing";
import { createLiveSession, seedOrg } from "../helpers/factories";

const T0 = new Date("2026-11-10T10:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const minutesOf = (participantId: string) => db.usageRecord.count({ where: { participantId, kind: "VISITOR_MINUTE" } });
const hitsOf = (sessionId: string) => db.usageRecord.count({ where: { sessionId, kind: "SESSION_HIT" } });

let loop: MeteringLoop | null = null;
afterEach(async () => {
  await loop?.stop();
  loop = null;
});

describe("the issue's check: a 3-minute demo session", () => {
  it("makes 3 visitor-minute records and 1 hit; restarting the worker mid-session changes neither", async () => {
    const demo = await startDemoSession(T0);
    expect(await hitsOf(demo.session.id)).toBe(1); // recorded with the session

    // An open minute is recorded once it began more than the margin (60 s) ago.
    let now = at(80);
    loop = startMeteringLoop({ intervalMs: 20, clock: () => now });
    await loop.nextTick();
    expect(await minutesOf(demo.visitor.id)).toBe(1); // minute 0 began 80 s ago, minute 1 only 20 s ago

    // The worker dies mid-session; time passes without it.
    await loop.stop();
    now = at(170);
    expect(await minutesOf(demo.visitor.id)).toBe(1);

    // A new worker starts and catches up on the minute it missed.
    loop = startMeteringLoop({ intervalMs: 20, clock: () => now });
    await loop.nextTick();
    expect(await minutesOf(demo.visitor.id)).toBe(2);

    // The visitor leaves at exactly 3:00; the agent ends the session.
    await leaveSession(await requireSeat({ visitorCookieId: demo.cookieId }, demo.session.id), at(180));
    await leaveSession(await requireSeat({ userId: demo.s.agents[0]!.user.id }, demo.session.id), at(181));
    now = at(240);
    await loop.nextTick();
    await loop.nextTick();
    await loop.stop();
    loop = null;
    await meterTick(at(600)); // and once more, as another worker would

    expect(await minutesOf(demo.visitor.id)).toBe(3);
    expect(await hitsOf(demo.session.id)).toBe(1);
    expect(await minutesOf(demo.agent.id)).toBe(0); // agents' minutes are not metered
    const keys = (await db.usageRecord.findMany({ where: { participantId: demo.visitor.id }, orderBy: { occurredAt: "asc" } })).map((r) => [
      r.idempotencyKey,
      r.occurredAt.toISOString(),
    ]);
    expect(keys).toEqual([0, 1, 2].map((k) => [`vm:${demo.visitor.id}:${k}`, at(k * 60).toISOString()]));
  });
});

describe("partial minutes", () => {
  it("counts every started minute: ceil(presence / 60 s)", () => {
    expect(visitorMinutesFor(0)).toBe(0);
    expect(visitorMinutesFor(400)).toBe(1);
    expect(visitorMinutesFor(60_000)).toBe(1);
    expect(visitorMinutesFor(60_001)).toBe(2);
    expect(visitorMinutesFor(180_000)).toBe(3);
    expect(visitorMinutesFor(180_001)).toBe(4);
  });

  it.each([
    [0.4, 1],
    [60, 1],
    [180.001, 4],
    [0, 0],
  ])("a visitor present %s s is billed %s minute(s) when leaving", async (seconds, expected) => {
    const demo = await startDemoSession(T0);
    await leaveSession(await requireSeat({ visitorCookieId: demo.cookieId }, demo.session.id), at(seconds));
    expect(await minutesOf(demo.visitor.id)).toBe(expected);
    await meterTick(at(seconds + 3600));
    expect(await minutesOf(demo.visitor.id)).toBe(expected);
    expect(expected).toBe(visitorMinutesFor(seconds * 1000));
  });

  it("does not record an open minute until it began more than the margin ago", async () => {
    const demo = await startDemoSession(T0);
    await meterVisitorMinutes(db, { now: at(OPEN_MARGIN_MS / 1000 - 5) });
    expect(await minutesOf(demo.visitor.id)).toBe(0);
    await meterVisitorMinutes(db, { now: at(OPEN_MARGIN_MS / 1000 + 1) });
    expect(await minutesOf(demo.visitor.id)).toBe(1);
  });
});

describe("a leave dated in the past (presence lost, left after the grace)", () => {
  it("removes minutes the tick recorded after the leave's time, keeps the rest exact", async () => {
    const demo = await startDemoSession(T0);
    // The worker was down past the grace: on restart its tick ran before the leave job.
    await meterTick(at(190));
    expect(await minutesOf(demo.visitor.id)).toBe(3);
    // The connection was lost at 1:40; the leave job runs at 3:10 with that time.
    await leaveSession(await requireSeat({ visitorCookieId: demo.cookieId }, demo.session.id), at(100));
    expect(await minutesOf(demo.visitor.id)).toBe(visitorMinutesFor(100_000));
    await meterTick(at(3600));
    expect(await minutesOf(demo.visitor.id)).toBe(2);
  });

  it("records no minute that began after a disconnect while the leave job may still be on its way", async () => {
    const demo = await startDemoSession(T0);
    // Disconnected at 0:55; the job runs within the grace plus 30 s, and leaves with 0:55.
    const latestJob = 55 + PRESENCE_LEAVE_GRACE_MS / 1000 + 30;
    await meterTick(at(latestJob)); // minute 1 began at 1:00, after the disconnect: Stripe must not hear of it
    expect(await minutesOf(demo.visitor.id)).toBe(1);
    await leaveSession(await requireSeat({ visitorCookieId: demo.cookieId }, demo.session.id), at(55));
    expect(await minutesOf(demo.visitor.id)).toBe(1);
  });

  it("keeps a minute already reported to Stripe (a reported or finalized record never changes)", async () => {
    const demo = await startDemoSession(T0);
    await meterTick(at(190));
    await db.usageRecord.updateMany({ where: { participantId: demo.visitor.id }, data: { stripeReportedAt: at(191) } });
    await leaveSession(await requireSeat({ visitorCookieId: demo.cookieId }, demo.session.id), at(100));
    expect(await minutesOf(demo.visitor.id)).toBe(3);
  });
});

describe("the worker's safety nets", () => {
  it("a tick that dies before committing leaves nothing half-done; the next one writes everything once", async () => {
    const demo = await startDemoSession(T0);
    const crash = db.$transaction(async (tx) => {
      const r = await meterVisitorMinutes(tx, { now: at(190), batchSize: 1 });
      expect(r.inserted).toBeGreaterThanOrEqual(3);
      throw new Error("worker killed mid-tick");
    });
    await expect(crash).rejects.toThrow("worker killed mid-tick");
    expect(await minutesOf(demo.visitor.id)).toBe(0);
    await meterTick(at(190));
    await meterTick(at(190));
    expect(await minutesOf(demo.visitor.id)).toBe(3);
  });

  it("closes minutes of a presence ended by another path (leftAt set without metering)", async () => {
    const s = await seedOrg();
    const live = await createLiveSession(s);
    await db.participant.update({ where: { id: live.visitorSeat.id }, data: { joinedAt: T0, leftAt: at(125) } });
    await db.session.update({ where: { id: live.session.id }, data: { startedAt: T0 } });
    const result = await meterTick(at(200));
    expect(await minutesOf(live.visitorSeat.id)).toBe(3);
    expect(await hitsOf(live.session.id)).toBe(1); // the factory's session had none: the tick adds it
    expect(result.hits).toBeGreaterThanOrEqual(1);
    await meterTick(at(300));
    expect(await minutesOf(live.visitorSeat.id)).toBe(3);
    expect(await hitsOf(live.session.id)).toBe(1);
  });

  it("stops at the session's end even when the participant row was never closed", async () => {
    const s = await seedOrg();
    const live = await createLiveSession(s);
    await db.participant.update({ where: { id: live.visitorSeat.id }, data: { joinedAt: T0 } });
    await db.session.update({ where: { id: live.session.id }, data: { startedAt: T0, status: "ENDED", endedAt: at(90) } });
    await meterTick(at(3600));
    expect(await minutesOf(live.visitorSeat.id)).toBe(2);
  });

  it("meters many participants in small batches, and racing ticks never double-count", async () => {
    const s = await seedOrg();
    const seats: string[] = [];
    for (let i = 0; i < 7; i++) {
      const live = await createLiveSession(s);
      await db.participant.update({ where: { id: live.visitorSeat.id }, data: { joinedAt: at(-i * 60) } });
      seats.push(live.visitorSeat.id);
    }
    const now = at(80);
    const results = await Promise.all([
      meterVisitorMinutes(db, { now, batchSize: 2 }),
      meterVisitorMinutes(db, { now, batchSize: 3 }),
      meterVisitorMinutes(db, { now, batchSize: 1000 }),
    ]);
    expect(results.every((r) => r.batches >= 1)).toBe(true);
    for (const [i, id] of seats.entries()) expect(await minutesOf(id)).toBe(i + 1);
    const again = await meterVisitorMinutes(db, { now, batchSize: 2 });
    expect(again.inserted).toBe(0);
  });

  // CI once caught two racing ticks inserting the same minute: ON CONFLICT named only the
  // idempotency-key index, so the primary key (derived from the same key) raised 23505 instead of
  // being skipped. Many rounds of several concurrent writers make that window likely to be hit.
  it("survives many rounds of concurrent ticks and leaves on the same minutes", async () => {
    const s = await seedOrg();
    const seats: string[] = [];
    for (let i = 0; i < 12; i++) {
      const live = await createLiveSession(s);
      await db.participant.update({ where: { id: live.visitorSeat.id }, data: { joinedAt: T0 } });
      seats.push(live.visitorSeat.id);
    }
    for (let round = 1; round <= 25; round++) {
      const now = at(round * 60 + 80);
      await Promise.all([
        meterVisitorMinutes(db, { now, batchSize: 1 }),
        meterVisitorMinutes(db, { now, batchSize: 5 }),
        meterVisitorMinutes(db, { now }),
        meterTick(now),
        ...seats
          .slice(0, 3)
          .map((id) =>
            db.participant
              .findUniqueOrThrow({ where: { id } })
              .then((p) => meterVisitorMinutes(db, { now, session: { orgId: p.orgId, sessionId: p.sessionId } })),
          ),
      ]);
    }
    for (const id of seats) expect(await minutesOf(id)).toBe(26);
  });
});

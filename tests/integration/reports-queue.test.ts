// Queue reports (issue 15, part 3) on a small fixture with hand-computed answers, in New York on
// the spring-forward day (2026-03-08 has 23 hours: 02:00 EST jumps to 03:00 EDT); the roll-ups
// kept fresh by the refresh job equal a rebuild; who may read them; bad input.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { rebuildReports, refreshReports } from "../../server/reports/refresh";
import { callerFor, createVisitor, seedOrg } from "../helpers/factories";

let s: Awaited<ReturnType<typeof seedOrg>>;
let other: Awaited<ReturnType<typeof seedOrg>>;
let l1: string;
let l2: string;
let visitorId: string;

type Status = "WAITING" | "ASSIGNED" | "ABANDONED" | "EXPIRED" | "SCHEDULED";
async function entry(launcherId: string, enqueuedAt: string, status: Status, waitSec = 0) {
  const enq = new Date(enqueuedAt);
  const later = new Date(enq.getTime() + waitSec * 1000);
  return db.queueEntry.create({
    data: {
      orgId: s.org.id,
      launcherId,
      scenarioId: s.launcher.scenarioId,
      visitorId,
      status,
      enqueuedAt: enq,
      assignedAt: status === "ASSIGNED" ? later : null,
      assignedMembershipId: status === "ASSIGNED" ? s.agents[0]!.membership.id : null,
      endedAt: status === "ASSIGNED" || status === "WAITING" ? null : later,
    },
  });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return (e as TRPCError).code;
}

const manager = () => callerFor(s.manager.user);
const range = { from: "2026-03-07", to: "2026-03-08" };

beforeAll(async () => {
  s = await seedOrg();
  other = await seedOrg();
  await db.organization.update({ where: { id: s.org.id }, data: { timeZone: "America/New_York", serviceLevelSeconds: 20 } });
  l1 = s.launcher.id;
  l2 = (
    await db.launcher.create({ data: { orgId: s.org.id, key: `q2-${s.org.id}`, name: "Spring sale", scenarioId: s.launcher.scenarioId } })
  ).id;
  visitorId = (await createVisitor(s.org.id)).id;
  // 01:45-02:00 EST (06:45Z): waits 10 and 30, one abandoned.
  await entry(l1, "2026-03-08T06:50:00Z", "ASSIGNED", 10);
  await entry(l1, "2026-03-08T06:52:00Z", "ASSIGNED", 30);
  await entry(l1, "2026-03-08T06:55:00Z", "ABANDONED", 45);
  // 03:00-03:15 EDT (07:00Z), the next quarter hour on the clock after the jump: waits 5.5 (-> 6) and 20.
  await entry(l1, "2026-03-08T07:05:00Z", "ASSIGNED", 5.5);
  await entry(l2, "2026-03-08T07:10:00Z", "ASSIGNED", 20);
  await entry(l2, "2026-03-08T07:12:30Z", "EXPIRED", 120);
  await entry(l1, "2026-03-08T07:14:00Z", "SCHEDULED", 40);
  // 23:59:59 EST on the 7th (04:59:59Z on the 8th) and 23:59 EDT on the 8th (03:59Z on the 9th).
  await entry(l1, "2026-03-08T04:59:59Z", "ASSIGNED", 100);
  await entry(l2, "2026-03-09T03:59:00Z", "ASSIGNED", 1);
  // Another org's entry in the same minutes: never in our figures.
  const ov = await createVisitor(other.org.id);
  await db.queueEntry.create({
    data: {
      orgId: other.org.id,
      launcherId: other.launcher.id,
      scenarioId: other.launcher.scenarioId,
      visitorId: ov.id,
      status: "ABANDONED",
      enqueuedAt: new Date("2026-03-08T06:51:00Z"),
      endedAt: new Date("2026-03-08T06:52:00Z"),
    },
  });
  await rebuildReports();
});

describe("queue reports on the spring-forward day in New York", () => {
  it("counts each quarter hour, with waits and service level", async () => {
    const r = await manager().reportsQueue.intervals({ orgId: s.org.id, ...range });
    expect(r.rows.map((x) => [x.day, x.time, x.zone])).toEqual([
      ["2026-03-07", "23:45", "EST"],
      ["2026-03-08", "01:45", "EST"],
      ["2026-03-08", "03:00", "EDT"],
      ["2026-03-08", "23:45", "EDT"],
    ]);
    const [, early, late, last] = r.rows;
    expect(early).toMatchObject({
      arrivals: 3,
      answered: 2,
      abandoned: 1,
      expired: 0,
      scheduled: 0,
      waitMedian: 10,
      waitP90: 30,
      withinTarget: 1,
      serviceLevel: 33.3,
    });
    expect(late).toMatchObject({
      arrivals: 4,
      answered: 2,
      abandoned: 0,
      expired: 1,
      scheduled: 1,
      waitMedian: 6,
      waitP90: 20,
      withinTarget: 2,
      serviceLevel: 50,
    });
    expect(last).toMatchObject({ arrivals: 1, answered: 1, waitMedian: 1, serviceLevel: 100 });
    expect(r.total).toMatchObject({ arrivals: 9, answered: 6, waitMedian: 10, waitP90: 100 });
  });

  it("sums local days (the 23-hour day included) and filters by launcher", async () => {
    const r = await manager().reportsQueue.days({ orgId: s.org.id, ...range });
    expect(r.rows).toEqual([
      expect.objectContaining({ day: "2026-03-07", arrivals: 1, answered: 1, waitMedian: 100, serviceLevel: 0 }),
      // Waits 1, 6, 10, 20, 30: median the 3rd, p90 the 5th; 4 of 8 arrivals within 20 s.
      expect.objectContaining({
        day: "2026-03-08",
        arrivals: 8,
        answered: 5,
        abandoned: 1,
        expired: 1,
        scheduled: 1,
        waitMedian: 10,
        waitP90: 30,
        withinTarget: 4,
        serviceLevel: 50,
      }),
    ]);
    const only2 = await manager().reportsQueue.days({ orgId: s.org.id, ...range, launcherId: l2 });
    expect(only2.rows).toEqual([
      expect.objectContaining({ day: "2026-03-08", arrivals: 3, answered: 2, expired: 1, waitMedian: 1, waitP90: 20, serviceLevel: 66.7 }),
    ]);
  });

  it("per launcher by day and by week (weeks start on Monday)", async () => {
    const days = await manager().reportsQueue.byLauncher({ orgId: s.org.id, ...range, grain: "day" });
    const cell = (launcherId: string, period: string) => days.rows.find((x) => x.launcherId === launcherId && x.period === period);
    expect(cell(l1, "2026-03-08")).toMatchObject({
      launcher: s.launcher.name,
      arrivals: 5,
      answered: 3,
      abandoned: 1,
      scheduled: 1,
      waitMedian: 10,
      waitP90: 30,
    });
    expect(cell(l2, "2026-03-08")).toMatchObject({ launcher: "Spring sale", arrivals: 3, answered: 2, expired: 1 });
    const weeks = await manager().reportsQueue.byLauncher({ orgId: s.org.id, ...range, grain: "week" });
    expect(weeks.rows.map((x) => [x.launcher, x.period, x.arrivals])).toEqual(
      [
        [s.launcher.name, "2026-03-02", 6],
        ["Spring sale", "2026-03-02", 3],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it("the org's target decides the service level", async () => {
    await db.organization.update({ where: { id: s.org.id }, data: { serviceLevelSeconds: 5 } });
    try {
      const r = await manager().reportsQueue.days({ orgId: s.org.id, from: "2026-03-08", to: "2026-03-08" });
      expect(r.total).toMatchObject({ withinTarget: 1, serviceLevel: 12.5 });
      // The interval rows read "within the target" off their running totals, for any target.
      const i5 = await manager().reportsQueue.intervals({ orgId: s.org.id, from: "2026-03-08", to: "2026-03-08" });
      expect(i5.rows.map((x) => x.withinTarget)).toEqual([0, 0, 1]);
      expect(i5.total).toMatchObject({ arrivals: 8, withinTarget: 1, serviceLevel: 12.5, waitMedian: 10, waitP90: 30 });
      await db.organization.update({ where: { id: s.org.id }, data: { serviceLevelSeconds: 30 } });
      const i30 = await manager().reportsQueue.intervals({ orgId: s.org.id, from: "2026-03-08", to: "2026-03-08" });
      expect(i30.rows.map((x) => x.withinTarget)).toEqual([2, 2, 1]);
      expect(i30.total).toMatchObject({ withinTarget: 5, serviceLevel: 62.5 });
    } finally {
      await db.organization.update({ where: { id: s.org.id }, data: { serviceLevelSeconds: 20 } });
    }
  });
});

describe("ranges of whole weeks and cut ones", () => {
  it("reads whole weeks from the week roll-up and the cut days from the day roll-up, with the same answer", async () => {
    // Sunday 1 March (the week of 23 February, cut), the whole weeks of 2 and 9 March, Monday 16 March (cut).
    await entry(l1, "2026-03-01T17:00:00Z", "ASSIGNED", 50);
    await entry(l2, "2026-03-10T15:00:00Z", "ASSIGNED", 3);
    await entry(l1, "2026-03-16T15:00:00Z", "ABANDONED", 10);
    await rebuildReports();
    const wide = { from: "2026-03-01", to: "2026-03-16" };
    const days = await manager().reportsQueue.days({ orgId: s.org.id, ...wide });
    // Waits 1, 3, 6, 10, 20, 30, 50, 100: median the 4th, p90 the 8th; 5 of 12 within 20 s.
    expect(days.total).toMatchObject({
      arrivals: 12,
      answered: 8,
      abandoned: 2,
      waitMedian: 10,
      waitP90: 100,
      withinTarget: 5,
      serviceLevel: 41.7,
    });
    expect(days.rows.map((r) => [r.day, r.arrivals])).toEqual([
      ["2026-03-01", 1],
      ["2026-03-07", 1],
      ["2026-03-08", 8],
      ["2026-03-10", 1],
      ["2026-03-16", 1],
    ]);
    const weeks = await manager().reportsQueue.byLauncher({ orgId: s.org.id, ...wide, grain: "week" });
    const byPeriod = weeks.rows.map((x) => [x.launcherId === l1 ? "l1" : "l2", x.period, x.arrivals, x.waitMedian] as const);
    expect([...byPeriod].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]))).toEqual([
      ["l1", "2026-02-23", 1, 50],
      ["l1", "2026-03-02", 6, 10],
      ["l2", "2026-03-02", 3, 1],
      ["l2", "2026-03-09", 1, 3],
      ["l1", "2026-03-16", 1, null],
    ]);
    // The page's order: by period, then launcher name.
    expect(weeks.rows.map((x) => x.period)).toEqual([...weeks.rows.map((x) => x.period)].sort());
    const total = (id: string) => weeks.launchers.find((l) => l.id === id)?.total;
    // l1 waits 6, 10, 30, 50, 100; l2 waits 1, 3, 20.
    expect(total(l1)).toMatchObject({ arrivals: 8, answered: 5, waitMedian: 30, waitP90: 100 });
    expect(total(l2)).toMatchObject({ arrivals: 4, answered: 3, waitMedian: 3, waitP90: 20 });
    // A range inside one week reads day rows only; the week's own row holds the whole week.
    const mid = await manager().reportsQueue.days({ orgId: s.org.id, from: "2026-03-08", to: "2026-03-10" });
    expect(mid.total).toMatchObject({ arrivals: 9, answered: 6 });
  });
});

describe("who may read them", () => {
  it("an agent gets FORBIDDEN, another org's manager NOT_FOUND and sees none of our rows in their own", async () => {
    expect(await codeOf(callerFor(s.agents[0]!.user).reportsQueue.days({ orgId: s.org.id, ...range }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(other.manager.user).reportsQueue.intervals({ orgId: s.org.id, ...range }))).toBe("NOT_FOUND");
    await rebuildReports({ orgId: other.org.id });
    const theirs = await callerFor(other.manager.user).reportsQueue.days({ orgId: other.org.id, from: "2026-03-08", to: "2026-03-08" });
    expect(theirs.total).toMatchObject({ arrivals: 1, abandoned: 1, answered: 0 });
  });

  it("bad input is a BAD_REQUEST with a message, never a 500", async () => {
    expect(await codeOf(manager().reportsQueue.days({ orgId: s.org.id, from: "2026-03-08", to: "2026-03-01" }))).toBe("BAD_REQUEST");
    expect(await codeOf(manager().reportsQueue.days({ orgId: s.org.id, from: "2016-01-01", to: "2026-01-01" }))).toBe("BAD_REQUEST");
    expect(await codeOf(manager().reportsQueue.intervals({ orgId: s.org.id, from: "2026-01-01", to: "2026-03-01" }))).toBe("BAD_REQUEST");
    expect(await codeOf(manager().reportsQueue.days({ orgId: s.org.id, ...range, launcherId: other.launcher.id }))).toBe("BAD_REQUEST");
    expect(await codeOf(manager().reportsQueue.days({ orgId: s.org.id, ...range, launcherId: "x".repeat(10_000) }))).toBe("BAD_REQUEST");
    expect(await codeOf(manager().reportsQueue.byLauncher({ orgId: s.org.id, from: "2026-02-30", to: "2026-03-01" }))).toBe("BAD_REQUEST");
    expect(await codeOf(manager().reportsQueue.intervals({ orgId: s.org.id, from: "2026-02-30", to: "2026-03-01" }))).toBe("BAD_REQUEST");
    expect(await codeOf(manager().reportsQueue.intervals({ orgId: s.org.id, ...range, launcherId: other.launcher.id }))).toBe(
      "BAD_REQUEST",
    );
  });
});

describe("keeping the roll-ups fresh", () => {
  const snapshot = async () => ({
    intervals:
      await db.$queryRaw`SELECT "intervalStart", "launcherId", arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts", "waitCumulative", "waitMedian", "waitP90" FROM "QueueIntervalRollup" WHERE "orgId" = ${s.org.id} ORDER BY 1, 2`,
    days: await db.$queryRaw`SELECT day, "launcherId", "timeZone", arrivals, answered, abandoned, expired, scheduled, "waitSecs", "waitCounts" FROM "QueueDayRollup" WHERE "orgId" = ${s.org.id} ORDER BY 1, 2`,
  });

  it("the refresh job leaves the same rows as a rebuild, as entries arrive and are answered", async () => {
    const t0 = new Date();
    await refreshReports(new Date(t0.getTime() - 60_000));
    // Arrived 5.5 minutes ago: inside this run's look-back (the watermark t0 - 60 s, less 5 minutes), not the next one's.
    const waiting = await entry(l1, new Date(t0.getTime() - 330_000).toISOString(), "WAITING");
    await entry(l2, new Date(t0.getTime() - 320_000).toISOString(), "ABANDONED", 10);
    await refreshReports(t0);
    const refreshed = await snapshot();
    await rebuildReports({ orgId: s.org.id });
    expect(refreshed).toEqual(await snapshot());
    expect((refreshed.intervals as unknown[]).length).toBeGreaterThan(4);

    // The waiting visitor is answered 8 minutes later, long after it arrived: the next run (from
    // the watermark, less its 5-minute overlap) finds it by its answer time and rolls it up.
    await db.queueEntry.update({
      where: { id: waiting.id },
      data: { status: "ASSIGNED", assignedAt: new Date(t0.getTime() + 8 * 60_000), assignedMembershipId: s.agents[0]!.membership.id },
    });
    await refreshReports(new Date(t0.getTime() + 10 * 60_000));
    const again = await snapshot();
    await rebuildReports({ orgId: s.org.id });
    expect(again).toEqual(await snapshot());
  });

  it("after the admin changes the zone, days follow the new zone at once and the refresh rebuilds them", async () => {
    await db.organization.update({ where: { id: s.org.id }, data: { timeZone: "UTC" } });
    try {
      // In UTC the entry of 04:59:59Z belongs to the 8th with the seven of that morning.
      const before = await manager().reportsQueue.days({ orgId: s.org.id, from: "2026-03-08", to: "2026-03-08" });
      expect(before.total).toMatchObject({ arrivals: 8, answered: 5, waitP90: 100 });
      // The interval table's total takes its percentiles from the interval rows while the day rows are of the old zone.
      const intervalsBefore = await manager().reportsQueue.intervals({ orgId: s.org.id, from: "2026-03-08", to: "2026-03-08" });
      expect(intervalsBefore.total).toEqual(before.total);
      await refreshReports(new Date());
      const rows = await db.queueDayRollup.findMany({ where: { orgId: s.org.id }, select: { timeZone: true } });
      expect(new Set(rows.map((r) => r.timeZone))).toEqual(new Set(["UTC"]));
      const after = await manager().reportsQueue.days({ orgId: s.org.id, from: "2026-03-08", to: "2026-03-08" });
      expect(after.total).toEqual(before.total);
      expect((await manager().reportsQueue.intervals({ orgId: s.org.id, from: "2026-03-08", to: "2026-03-08" })).total).toEqual(
        before.total,
      );
    } finally {
      await db.organization.update({ where: { id: s.org.id }, data: { timeZone: "America/New_York" } });
      await rebuildReports({ orgId: s.org.id });
    }
  });
});

describe("the org admin sets the zone and the service-level target", () => {
  it("saves valid values and refuses bad ones with a message, changing nothing", async () => {
    const owner = callerFor(s.owner.user);
    await owner.org.updatePreferences({ orgId: s.org.id, timeZone: "Europe/Paris", serviceLevelSeconds: 30, serviceLevelPercent: 90 });
    expect(await owner.org.get({ orgId: s.org.id })).toMatchObject({
      timeZone: "Europe/Paris",
      serviceLevelSeconds: 30,
      serviceLevelPercent: 90,
    });
    expect(await codeOf(owner.org.updatePreferences({ orgId: s.org.id, timeZone: "Mars/Olympus_Mons" }))).toBe("BAD_REQUEST");
    expect(await codeOf(owner.org.updatePreferences({ orgId: s.org.id, serviceLevelSeconds: 0 }))).toBe("BAD_REQUEST");
    expect(await codeOf(owner.org.updatePreferences({ orgId: s.org.id, serviceLevelPercent: 101 }))).toBe("BAD_REQUEST");
    expect(await codeOf(owner.org.updatePreferences({ orgId: s.org.id, timeZone: "x".repeat(10_000) }))).toBe("BAD_REQUEST");
    expect(await codeOf(callerFor(s.agents[0]!.user).org.updatePreferences({ orgId: s.org.id, serviceLevelSeconds: 10 }))).toBe(
      "FORBIDDEN",
    );
    expect(await owner.org.get({ orgId: s.org.id })).toMatchObject({
      timeZone: "Europe/Paris",
      serviceLevelSeconds: 30,
      serviceLevelPercent: 90,
    });
    await owner.org.updatePreferences({ orgId: s.org.id, timeZone: "America/New_York", serviceLevelSeconds: 20, serviceLevelPercent: 80 });
  });
});

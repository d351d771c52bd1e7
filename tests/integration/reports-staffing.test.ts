// The staffing advisor on a small fixture with hand-computed answers, in America/New_York over the
// week of the 2026 spring-forward (Sunday 8 March loses 02:00-03:00, so the week has 668
// intervals, not 672). Demand: 50 arrivals in Monday 09:00-09:15 (40 answered, 180 s on average:
// 10 Erlangs, the published example needing 14 agents for 80 % in 20 s) and 2 in 09:15 (no session
// ended there: the week's 180 s applies, 0.4 Erlangs, 2 agents by hand). Ready: agent A 13:50Z to
// 14:07:30Z, agent B 14:00Z to 14:30Z, agent C ready since before the week and never changed.
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { rebuildStaffing } from "../../server/reports/staffing/rollup";
import { staffingReport } from "../../server/reports/staffing/report";
import { callerFor, createVisitor, seedOrg } from "../helpers/factories";

let s: Awaited<ReturnType<typeof seedOrg>>;
let other: Awaited<ReturnType<typeof seedOrg>>;
const week = { from: "2026-03-02", to: "2026-03-08" };
const at = (iso: string) => new Date(iso);

async function codeOf(p: Promise<unknown>): Promise<[string, string]> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return [(e as TRPCError).code, (e as TRPCError).message];
}

beforeAll(async () => {
  s = await seedOrg();
  other = await seedOrg();
  await db.organization.update({
    where: { id: s.org.id },
    data: { timeZone: "America/New_York", serviceLevelSeconds: 20, serviceLevelPercent: 80 },
  });
  const scenario = s.scenarios.find((x) => x.kind === "ONE_ON_ONE")!;
  const visitor = await createVisitor(s.org.id);
  const base = { orgId: s.org.id, launcherId: s.launcher.id, scenarioId: scenario.id, visitorId: visitor.id };
  // Monday 2 March 09:00 EST = 14:00Z: 50 arrivals, the first 40 answered.
  for (let i = 0; i < 50; i++) {
    const enqueuedAt = new Date(Date.UTC(2026, 2, 2, 14, 0, i * 17));
    const answered = i < 40;
    const entry = await db.queueEntry.create({
      data: {
        ...base,
        enqueuedAt,
        status: answered ? "ASSIGNED" : "ABANDONED",
        assignedAt: answered ? enqueuedAt : null,
        endedAt: enqueuedAt,
      },
    });
    if (answered) {
      const startedAt = new Date(enqueuedAt.getTime() + 5_000);
      await db.session.create({
        data: {
          orgId: s.org.id,
          scenarioId: scenario.id,
          kind: "ONE_ON_ONE",
          queueEntryId: entry.id,
          status: "ENDED",
          startedAt,
          endedAt: new Date(startedAt.getTime() + (i % 2 ? 240_000 : 120_000)),
        },
      });
    }
  }
  // 09:15: two arrivals, one answered but still running (no handle time yet).
  await db.queueEntry.create({ data: { ...base, enqueuedAt: at("2026-03-02T14:16:00Z"), status: "EXPIRED" } });
  const running = await db.queueEntry.create({ data: { ...base, enqueuedAt: at("2026-03-02T14:20:00Z"), status: "ASSIGNED" } });
  await db.session.create({
    data: { orgId: s.org.id, scenarioId: scenario.id, kind: "ONE_ON_ONE", queueEntryId: running.id, startedAt: at("2026-03-02T14:20:10Z") },
  });
  // Outside the week: never counted.
  await db.queueEntry.create({ data: { ...base, enqueuedAt: at("2026-03-02T04:59:00Z"), status: "ABANDONED" } });

  const [a, b] = s.agents;
  const c = s.manager;
  const status = (membershipId: string, routable: boolean, when: string) =>
    db.agentStatusChange.create({
      data: { orgId: s.org.id, membershipId, status: routable ? "available" : "away", routable, capacity: 1, at: at(when) },
    });
  await status(c.membership.id, true, "2026-02-20T12:00:00Z");
  await status(a!.membership.id, true, "2026-03-02T13:50:00Z");
  await status(a!.membership.id, false, "2026-03-02T14:07:30Z");
  await status(b!.membership.id, false, "2026-02-27T12:00:00Z");
  await status(b!.membership.id, true, "2026-03-02T14:00:00Z");
  await status(b!.membership.id, false, "2026-03-02T14:30:00Z");
  // Another org's demand and agents never leak in.
  const os = other.scenarios.find((x) => x.kind === "ONE_ON_ONE")!;
  const ov = await createVisitor(other.org.id);
  await db.queueEntry.create({
    data: {
      orgId: other.org.id,
      launcherId: other.launcher.id,
      scenarioId: os.id,
      visitorId: ov.id,
      enqueuedAt: at("2026-03-02T14:01:00Z"),
    },
  });
  await db.agentStatusChange.create({
    data: {
      orgId: other.org.id,
      membershipId: other.agents[0]!.membership.id,
      status: "available",
      routable: true,
      capacity: 1,
      at: at("2026-03-01T00:00:00Z"),
    },
  });

  await rebuildStaffing(s.org.id, at("2026-03-01T00:00:00Z"), at("2026-03-10T00:00:00Z"));
});

describe("the staffing advisor", () => {
  it("gives demand, Erlang C agents needed and ready agents per 15-minute interval", async () => {
    const r = await callerFor(s.manager.user).reportsStaffing.week({ orgId: s.org.id, ...week });
    expect(r.timeZone).toBe("America/New_York");
    expect(r.target).toEqual({ seconds: 20, percent: 80 });
    expect(r.averageHandleSeconds).toBe(180);
    const nine = r.intervals.find((i) => i.day === "2026-03-02" && i.time === "09:00")!;
    expect(nine).toMatchObject({
      start: "2026-03-02T14:00:00.000Z",
      arrivals: 50,
      handleSeconds: 180,
      needed: 14,
      ready: 2.5,
      balance: -11.5,
    });
    const quarterPast = r.intervals.find((i) => i.day === "2026-03-02" && i.time === "09:15")!;
    expect(quarterPast).toMatchObject({ arrivals: 2, handleSeconds: null, needed: 2, ready: 2, balance: 0 });
    const eight45 = r.intervals.find((i) => i.day === "2026-03-02" && i.time === "08:45")!;
    // Agent A from 13:50Z (10 of 15 minutes) and C: 1.7 ready, nobody needed.
    expect(eight45).toMatchObject({ arrivals: 0, needed: 0, ready: 1.7, balance: 1.7, expectedServiceLevel: null });
    const thursday = r.intervals.find((i) => i.day === "2026-03-05" && i.time === "10:00")!;
    expect(thursday).toMatchObject({ arrivals: 0, needed: 0, ready: 1 });
    expect(r.totals).toMatchObject({ arrivals: 52, understaffed: 1, peakNeeded: 14, peakArrivals: 50 });
    // With 2 ready agents against 10 Erlangs nothing is answered in time.
    expect(nine.expectedServiceLevel).toBe(0);
  });

  it("draws intervals in the org's zone across the spring-forward: 668 in the week, none at 02:xx on 8 March", async () => {
    const r = await staffingReport(s.org.id, week);
    expect(r.intervals).toHaveLength(668);
    expect(r.intervals[0]).toMatchObject({ day: "2026-03-02", time: "00:00", start: "2026-03-02T05:00:00.000Z" });
    const sunday = r.intervals.filter((i) => i.day === "2026-03-08");
    expect(sunday).toHaveLength(92);
    expect(sunday.map((i) => i.time)).not.toContain("02:00");
    expect(sunday.find((i) => i.time === "03:00")!.start).toBe("2026-03-08T07:00:00.000Z");
    expect(r.intervals.at(-1)).toMatchObject({ day: "2026-03-08", time: "23:45", start: "2026-03-09T03:45:00.000Z" });
  });

  it("answers the same from the roll-up as from the base tables, and a second rebuild changes nothing", async () => {
    const now = new Date("2026-12-01T00:00:00Z");
    const fromBase = await staffingReport(s.org.id, week, { source: "base", now });
    expect(await staffingReport(s.org.id, week, { now })).toEqual(fromBase);
    const before = await db.staffingInterval.findMany({ where: { orgId: s.org.id }, orderBy: { start: "asc" } });
    await rebuildStaffing(s.org.id, at("2026-03-02T00:00:00Z"), at("2026-03-03T00:00:00Z"));
    expect(await db.staffingInterval.findMany({ where: { orgId: s.org.id }, orderBy: { start: "asc" } })).toEqual(before);
    expect(before.filter((r) => r.arrivals > 0).map((r) => [r.start.toISOString(), r.arrivals, r.handled, r.handleSeconds])).toEqual([
      ["2026-03-02T04:45:00.000Z", 1, 0, 0],
      ["2026-03-02T14:00:00.000Z", 50, 40, 7200],
      ["2026-03-02T14:15:00.000Z", 2, 0, 0],
    ]);
    // Ready time of closed spans only: A's 17.5 minutes and B's 30; C's span is still open (live).
    expect(before.filter((r) => r.readySeconds > 0).map((r) => [r.start.toISOString(), r.readySeconds])).toEqual([
      ["2026-03-02T13:45:00.000Z", 600],
      ["2026-03-02T14:00:00.000Z", 1350],
      ["2026-03-02T14:15:00.000Z", 900],
    ]);
  });

  it("rebuilds the days of a span when a later status row closes it, so the roll-up still equals the base tables", async () => {
    const d = s.owner.membership.id;
    const now = new Date("2026-12-01T00:00:00Z");
    await db.agentStatusChange.create({
      data: { orgId: s.org.id, membershipId: d, status: "available", routable: true, capacity: 1, at: at("2026-03-03T10:00:00Z") },
    });
    await rebuildStaffing(s.org.id, at("2026-03-03T00:00:00Z"), at("2026-03-04T00:00:00Z"));
    expect(await staffingReport(s.org.id, week, { now })).toEqual(await staffingReport(s.org.id, week, { source: "base", now }));
    // Two days later the owner goes away: the refresh sees only that day, the span began on the 3rd.
    await db.agentStatusChange.create({
      data: { orgId: s.org.id, membershipId: d, status: "away", routable: false, capacity: 1, at: at("2026-03-05T12:00:00Z") },
    });
    await rebuildStaffing(s.org.id, at("2026-03-05T00:00:00Z"), at("2026-03-06T00:00:00Z"));
    const fromBase = await staffingReport(s.org.id, week, { source: "base", now });
    expect(await staffingReport(s.org.id, week, { now })).toEqual(fromBase);
    expect(fromBase.intervals.find((i) => i.day === "2026-03-04" && i.time === "12:00")!.ready).toBe(2);
    const rows = await db.staffingInterval.findMany({
      where: { orgId: s.org.id, start: { gte: at("2026-03-03T10:00:00Z"), lt: at("2026-03-05T12:00:00Z") } },
    });
    expect(rows).toHaveLength(4 * 50);
    expect(rows.every((r) => r.readySeconds === 900)).toBe(true);
  });

  it("is for managers of the org only: an agent gets FORBIDDEN, another org's manager NOT_FOUND", async () => {
    expect((await codeOf(callerFor(s.agents[0]!.user).reportsStaffing.week({ orgId: s.org.id, ...week })))[0]).toBe("FORBIDDEN");
    expect((await codeOf(callerFor(other.manager.user).reportsStaffing.week({ orgId: s.org.id, ...week })))[0]).toBe("NOT_FOUND");
    // Their own report shows their one arrival, not ours.
    const theirs = await callerFor(other.manager.user).reportsStaffing.week({ orgId: other.org.id, ...week });
    expect(theirs.totals.arrivals).toBe(0); // their roll-up was never built: nothing from ours either
    expect((await staffingReport(other.org.id, week, { source: "base" })).totals.arrivals).toBe(1);
  });

  it("refuses an inverted, ten-year or longer-than-a-week range with a message", async () => {
    const m = callerFor(s.manager.user).reportsStaffing;
    expect(await codeOf(m.week({ orgId: s.org.id, from: "2026-03-08", to: "2026-03-02" }))).toEqual([
      "BAD_REQUEST",
      expect.stringMatching(/start date is after the end date/),
    ]);
    expect(await codeOf(m.week({ orgId: s.org.id, from: "2016-03-01", to: "2026-03-01" }))).toEqual([
      "BAD_REQUEST",
      expect.stringMatching(/at most 7 days/),
    ]);
    expect(await codeOf(m.week({ orgId: s.org.id, from: "2026-03-01", to: "2026-03-08" }))).toEqual([
      "BAD_REQUEST",
      expect.stringMatching(/at most 7 days/),
    ]);
    expect((await codeOf(m.week({ orgId: s.org.id, from: "2026-02-30", to: "2026-03-02" })))[0]).toBe("BAD_REQUEST");
  });
});

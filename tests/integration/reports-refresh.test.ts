// Roll-up upkeep (docs/reports.md, "Roll-ups"): one failing org does not hold back the others or
// the watermark; a ranged rebuild leaves the watermark; two rebuilds of one org at once both
// finish; an admin's zone change queues a rebuild that puts the usage roll-up in the new zone.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../server/db";
import { JOBS, jobSender } from "../../server/jobs/boss";
import { rebuildReports, refreshReports } from "../../server/reports/refresh";
import { usageRollup } from "../../server/reports/usage/rollup";
import { callerFor, createLiveSession, seedOrg } from "../helpers/factories";

let a: Awaited<ReturnType<typeof seedOrg>>;
let b: Awaited<ReturnType<typeof seedOrg>>;

/** An ended one-on-one of `org` from `start` for `minutes`. */
async function endedSession(org: Awaited<ReturnType<typeof seedOrg>>, start: Date, minutes = 10) {
  const { session, entry } = await createLiveSession(org);
  await db.queueEntry.update({
    where: { id: entry.id },
    data: { enqueuedAt: start, assignedAt: start, assignedMembershipId: org.agents[0]!.membership.id },
  });
  return db.session.update({
    where: { id: session.id },
    data: { status: "ENDED", startedAt: start, endedAt: new Date(start.getTime() + minutes * 60_000) },
  });
}

const watermark = async () => (await db.reportRefreshState.findUnique({ where: { key: "reports" } }))?.watermark;
const usageDays = async (orgId: string) =>
  (await db.rollupUsageHour.findMany({ where: { orgId }, select: { day: true }, orderBy: { day: "asc" } })).map((r) =>
    r.day.toISOString().slice(0, 10),
  );

beforeAll(async () => {
  a = await seedOrg();
  b = await seedOrg();
  await rebuildReports();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the minute refresh", () => {
  it("rolls up the other orgs and moves the watermark when one org fails, and names that org", async () => {
    const t0 = new Date();
    await refreshReports(new Date(t0.getTime() - 60_000));
    await endedSession(a, new Date(t0.getTime() - 120_000), 1);
    const started = await endedSession(b, new Date(t0.getTime() - 120_000), 1);
    const real = usageRollup.rebuild;
    vi.spyOn(usageRollup, "rebuild").mockImplementation((orgId, from, to) =>
      orgId === a.org.id ? Promise.reject(new Error("boom")) : real(orgId, from, to),
    );
    const lines: string[] = [];
    const result = await refreshReports(t0, (l) => lines.push(l));
    expect(result.failed).toEqual([a.org.id]);
    expect(lines.join("\n")).toContain(`${a.org.id} failed: boom`);
    expect(await watermark()).toEqual(t0);
    expect(await usageDays(b.org.id)).toEqual([started.startedAt.toISOString().slice(0, 10)]);
    expect(await usageDays(a.org.id)).toEqual([]);
  });

  it("rebuilds the start and end day of a long session, not the days between", async () => {
    const t0 = new Date();
    await refreshReports(new Date(t0.getTime() - 60_000));
    // A room of 20 days that just ended.
    await endedSession(b, new Date(t0.getTime() - 20 * 86_400_000), 20 * 24 * 60 - 2);
    const spy = vi.spyOn(usageRollup, "rebuild");
    await refreshReports(t0);
    const windows = spy.mock.calls.filter((c) => c[0] === b.org.id).map((c) => (c[2].getTime() - c[1].getTime()) / 86_400_000);
    expect(windows.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...windows)).toBeLessThanOrEqual(2);
  });
});

describe("the rebuild command", () => {
  it("moves the watermark on a full rebuild only, never on a range or one org", async () => {
    const before = new Date("2026-01-01T00:00:00Z");
    await db.reportRefreshState.update({ where: { key: "reports" }, data: { watermark: before } });
    await rebuildReports({ from: new Date("2026-02-01T00:00:00Z"), to: new Date("2026-02-02T00:00:00Z") });
    expect(await watermark()).toEqual(before);
    await rebuildReports({ orgId: a.org.id });
    expect(await watermark()).toEqual(before);
    const began = new Date();
    await rebuildReports();
    expect((await watermark())!.getTime()).toBeGreaterThanOrEqual(began.getTime());
  });

  it("two rebuilds of one org at once both finish, with the rows of one", async () => {
    const start = new Date("2026-04-01T10:00:00Z");
    for (let d = 0; d < 30; d++) await endedSession(a, new Date(start.getTime() + d * 86_400_000), 5);
    await rebuildReports({ orgId: a.org.id });
    const once = await usageDays(a.org.id);
    const results = await Promise.allSettled([
      rebuildReports({ orgId: a.org.id }),
      rebuildReports({ orgId: a.org.id }),
      rebuildReports({ orgId: a.org.id }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    expect(await usageDays(a.org.id)).toEqual(once);
  });
});

describe("an admin changes the org's time zone", () => {
  it("queues a rebuild of that org that puts its usage roll-up in the new zone", async () => {
    await db.organization.update({ where: { id: b.org.id }, data: { timeZone: "UTC" } });
    // 03:00Z on 10 May: the 10th in UTC, still the 9th in New York.
    await endedSession(b, new Date("2026-05-10T03:00:00Z"), 5);
    await rebuildReports({ orgId: b.org.id });
    expect(await usageDays(b.org.id)).toContain("2026-05-10");
    const boss = await jobSender();
    await callerFor(b.owner.user).org.updatePreferences({ orgId: b.org.id, timeZone: "America/New_York" });
    const jobs = await boss.fetch<{ orgId: string }>(JOBS.reportsRebuildOrg);
    expect(jobs.map((j) => j.data)).toEqual([{ orgId: b.org.id }]);
    // What the worker does with it (worker/main.ts).
    await rebuildReports({ orgId: jobs[0]!.data.orgId });
    const days = await usageDays(b.org.id);
    expect(days).toContain("2026-05-09");
    expect(days).not.toContain("2026-05-10");
    // Saving the same zone again queues nothing.
    await callerFor(b.owner.user).org.updatePreferences({ orgId: b.org.id, timeZone: "America/New_York" });
    expect(await boss.fetch(JOBS.reportsRebuildOrg)).toEqual([]);
  });
});

// Keeping the roll-ups fresh (docs/reports.md, "Roll-ups"): the worker's `reports.refresh` job runs
// every minute, finds the orgs whose queue entries arrived, were answered or ended, whose sessions
// ended, or whose agents changed status since the last watermark, and rebuilds REFRESH_ROLLUPS
// over the UTC days those changes belong to. `npm run reports:rebuild` rebuilds everything; a
// change of an org's time zone queues `reports.rebuildOrg` (every roll-up of that org, whole history).
import "server-only";
import { db, dbPool } from "../db";
import { Prisma } from "../generated/prisma/client";
import { REFRESH_ROLLUPS, ROLLUPS, type Rollup } from "./rollups";

const STATE_KEY = "reports";
const DAY_MS = 86_400_000;
/**
 * Rows are stamped by the transaction that writes them and become visible at its commit, a little
 * later: each run looks this far behind the watermark again so a slow commit is not missed.
 */
const OVERLAP_MS = 5 * 60_000;
/**
 * An entry changes for hours at most after it arrived (waits, ring timeouts): the scan for
 * answered or ended entries looks only at entries that arrived this long before the watermark.
 */
const ENTRY_LIFETIME_MS = 12 * 3_600_000;

export const startOfUtcDay = (t: Date) => new Date(Math.floor(t.getTime() / DAY_MS) * DAY_MS);

/**
 * Holds the org's report lock for the length of `fn`: the CLI, the refresh and the zone-change
 * rebuild each delete then insert an org's rows, and two at once would collide on the inserts.
 * Session-level, on a connection of its own, so the roll-ups keep their own transactions.
 */
export async function withOrgReportsLock<T>(orgId: string, fn: () => Promise<T>): Promise<T> {
  const key = `reports:${orgId}`;
  const client = await dbPool().connect();
  let broken = false;
  try {
    await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [key]);
  } catch (e) {
    client.release(true);
    throw e;
  }
  try {
    return await fn();
  } finally {
    // A connection that cannot say unlock is closed: the lock goes with it.
    await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]).catch(() => (broken = true));
    client.release(broken);
  }
}

/** Rebuild `rollups` for one org over the UTC days that [from, to) touches. The caller holds the org's lock. */
async function rebuildOrgWindow(orgId: string, from: Date, to: Date, rollups: readonly Rollup[]): Promise<void> {
  const start = startOfUtcDay(from);
  const end = new Date(startOfUtcDay(new Date(Math.max(to.getTime(), from.getTime() + 1) - 1)).getTime() + DAY_MS);
  for (const r of rollups) await r.rebuild(orgId, start, end);
}

/** Rebuild `rollups` for one org over the UTC days that [from, to) touches. */
export async function rebuildOrg(orgId: string, from: Date, to: Date, rollups: readonly Rollup[] = ROLLUPS): Promise<void> {
  await withOrgReportsLock(orgId, () => rebuildOrgWindow(orgId, from, to, rollups));
}

/** An org with changes, and the UTC days ([from, to) runs of whole days) those changes belong to. */
export type Affected = { orgId: string; days: { from: Date; to: Date }[] };

/**
 * The orgs with changes at or after `since`, and the distinct UTC days those changes belong to: a
 * session's start and end day, not the days between (a week-long room that ends rebuilds two days).
 */
export async function affectedSince(since: Date): Promise<Affected[]> {
  const arrivedAfter = new Date(since.getTime() - ENTRY_LIFETIME_MS);
  const rows = await db.$queryRaw<{ orgId: string; day: number }[]>`
    SELECT DISTINCT "orgId", floor(extract(epoch FROM t) / 86400)::int AS day FROM (
      SELECT "orgId", "enqueuedAt" AS t FROM "QueueEntry"
       WHERE "enqueuedAt" >= ${arrivedAfter}
         AND ("enqueuedAt" >= ${since} OR "assignedAt" >= ${since} OR "endedAt" >= ${since})
      UNION ALL
      SELECT "orgId", "startedAt" FROM "Session" WHERE "endedAt" >= ${since}
      UNION ALL
      SELECT "orgId", "endedAt" FROM "Session" WHERE "endedAt" >= ${since}
      UNION ALL
      SELECT "orgId", at FROM "AgentStatusChange" WHERE at >= ${since}
    ) changes
    ORDER BY 1, 2`;
  const out: Affected[] = [];
  for (const r of rows) {
    let a = out.at(-1);
    if (a?.orgId !== r.orgId) out.push((a = { orgId: r.orgId, days: [] }));
    const run = a.days.at(-1);
    const from = new Date(r.day * DAY_MS);
    // Neighbouring days make one window: one transaction per roll-up instead of one per day.
    if (run && run.to.getTime() === from.getTime()) run.to = new Date(from.getTime() + DAY_MS);
    else a.days.push({ from, to: new Date(from.getTime() + DAY_MS) });
  }
  return out;
}

/** Orgs whose queue day rows were built in another zone than the org's (its zone changed). */
async function orgsWithMovedZone(orgId?: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ orgId: string }[]>`
    SELECT DISTINCT r."orgId" FROM "QueueDayRollup" r JOIN "Organization" o ON o.id = r."orgId"
     WHERE r."timeZone" <> o."timeZone" ${orgId ? Prisma.sql`AND r."orgId" = ${orgId}` : Prisma.empty}`;
  return rows.map((r) => r.orgId);
}

/**
 * One refresh: roll up what changed since the watermark, then move it to when this run began.
 * The first run starts from now (a fresh database rolls up with `reports:rebuild`). An org that
 * fails is logged and returned in `failed` (the worker queues a full rebuild of it) so it cannot
 * hold back the others' watermark. An org whose zone changed is rebuilt whole, in case the
 * zone-change job was lost.
 */
export async function refreshReports(
  now = new Date(),
  log: (line: string) => void = (l) => console.error(`[reports] ${l}`),
): Promise<{ orgs: number; movedZones: number; failed: string[] }> {
  const state = await db.reportRefreshState.findUnique({ where: { key: STATE_KEY } });
  if (!state) {
    await db.reportRefreshState.create({ data: { key: STATE_KEY, watermark: now } });
    return { orgs: 0, movedZones: 0, failed: [] };
  }
  const since = new Date(state.watermark.getTime() - OVERLAP_MS);
  const affected = await affectedSince(since);
  const failed: string[] = [];
  for (const a of affected) {
    try {
      await withOrgReportsLock(a.orgId, async () => {
        for (const d of a.days) await rebuildOrgWindow(a.orgId, d.from, d.to, REFRESH_ROLLUPS);
      });
    } catch (e) {
      log(`refresh of org ${a.orgId} failed: ${(e as Error).message}`);
      failed.push(a.orgId);
    }
  }
  const moved = await orgsWithMovedZone();
  for (const orgId of moved) {
    if (failed.includes(orgId)) continue;
    try {
      await withOrgReportsLock(orgId, async () => {
        // The zone-change job may have rebuilt it while this run waited for the lock.
        if ((await orgsWithMovedZone(orgId)).length) await rebuildOrgHistory(orgId);
      });
    } catch (e) {
      log(`rebuild of org ${orgId} in its new zone failed: ${(e as Error).message}`);
      failed.push(orgId);
    }
  }
  await db.reportRefreshState.update({ where: { key: STATE_KEY }, data: { watermark: now } });
  return { orgs: affected.length, movedZones: moved.length, failed };
}

/** The org's queue day and week rows, whatever zone they were built in. */
async function deleteQueueDaysAndWeeks(orgId: string): Promise<void> {
  await db.$transaction([
    db.$executeRaw`DELETE FROM "QueueDayRollup" WHERE "orgId" = ${orgId}`,
    db.$executeRaw`DELETE FROM "QueueWeekRollup" WHERE "orgId" = ${orgId}`,
  ]);
}

/** Every roll-up of one org over [from, to), or its whole history. The caller holds the org's lock. */
async function rebuildOrgHistory(orgId: string, range: { from?: Date; to?: Date } = {}): Promise<{ from: Date; to: Date } | undefined> {
  let { from, to } = range;
  if (!from || !to) {
    const [q, s, a] = await Promise.all([
      db.queueEntry.aggregate({ where: { orgId }, _min: { enqueuedAt: true }, _max: { enqueuedAt: true } }),
      db.session.aggregate({ where: { orgId }, _min: { startedAt: true }, _max: { startedAt: true } }),
      db.agentStatusChange.aggregate({ where: { orgId }, _min: { at: true }, _max: { at: true } }),
    ]);
    const mins = [q._min.enqueuedAt, s._min.startedAt, a._min.at].filter((d): d is Date => !!d);
    const maxs = [q._max.enqueuedAt, s._max.startedAt, a._max.at].filter((d): d is Date => !!d);
    if (!mins.length) {
      // Nothing left to roll up: rows built before (e.g. in the old zone) go too.
      await deleteQueueDaysAndWeeks(orgId);
      return undefined;
    }
    from ??= new Date(Math.min(...mins.map((d) => d.getTime())));
    // A day past the last change: in a zone far east of the new one its old local day is the next.
    to ??= new Date(Math.max(...maxs.map((d) => d.getTime())) + DAY_MS);
  }
  // Day rows of the old zone lie on other local days than the new ones: a whole-history rebuild clears them first.
  if (!range.from && !range.to) await deleteQueueDaysAndWeeks(orgId);
  // Month by month: each roll-up's transaction stays short on a large history.
  for (let m = startOfUtcDay(from); m < to; m = new Date(m.getTime() + 31 * DAY_MS)) {
    const mEnd = new Date(Math.min(m.getTime() + 31 * DAY_MS, to.getTime()));
    await rebuildOrgWindow(orgId, m < from ? from : m, mEnd, ROLLUPS);
  }
  return { from, to };
}

/**
 * Rebuild every roll-up: of one org or all, over [from, to) or each org's whole history. A full
 * rebuild of every org moves the refresh watermark to when it began, so the job carries on from
 * here; one org or a range leaves it (changes elsewhere or outside the range are still the job's).
 */
export async function rebuildReports(opts: { orgId?: string; from?: Date; to?: Date; log?: (line: string) => void } = {}): Promise<number> {
  const began = new Date();
  const orgs = opts.orgId ? [{ id: opts.orgId }] : await db.organization.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } });
  for (const { id } of orgs) {
    const t0 = Date.now();
    const span = await withOrgReportsLock(id, () => rebuildOrgHistory(id, { from: opts.from, to: opts.to }));
    if (span)
      opts.log?.(
        `${id}: ${span.from.toISOString().slice(0, 10)} to ${span.to.toISOString().slice(0, 10)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
  }
  if (!opts.orgId && !opts.from && !opts.to) {
    await db.reportRefreshState.upsert({
      where: { key: STATE_KEY },
      create: { key: STATE_KEY, watermark: began },
      update: { watermark: began },
    });
  }
  return orgs.length;
}

// Keeping the roll-ups fresh (docs/reports.md, "Roll-ups"): the worker's `reports.refresh` job runs
// every minute, finds the orgs whose queue entries arrived, were answered or ended, whose sessions
// ended, or whose agents changed status since the last watermark, and rebuilds every ROLLUPS entry
// over the UTC days those changes belong to. `npm run reports:rebuild` rebuilds everything.
import { db } from "../db";
import { REFRESH_ROLLUPS, ROLLUPS, type Rollup } from "./rollups";
import { rebuildQueueDaysOfMovedOrgs } from "./queue/rollup";

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

/** Rebuild `rollups` for one org over the UTC days that [from, to) touches. */
export async function rebuildOrg(orgId: string, from: Date, to: Date, rollups: readonly Rollup[] = ROLLUPS): Promise<void> {
  const start = startOfUtcDay(from);
  const end = new Date(startOfUtcDay(new Date(Math.max(to.getTime(), from.getTime() + 1) - 1)).getTime() + DAY_MS);
  for (const r of rollups) await r.rebuild(orgId, start, end);
}

export type Affected = { orgId: string; from: Date; to: Date };

/** The orgs with changes at or after `since`, and the span of time those changes belong to. */
export async function affectedSince(since: Date): Promise<Affected[]> {
  const arrivedAfter = new Date(since.getTime() - ENTRY_LIFETIME_MS);
  const rows = await db.$queryRaw<{ orgId: string; from: Date; to: Date }[]>`
    SELECT "orgId", min(t) AS "from", max(t) AS "to" FROM (
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
    GROUP BY "orgId"`;
  return rows.map((r) => ({ orgId: r.orgId, from: r.from, to: new Date(r.to.getTime() + 1) }));
}

/**
 * One refresh: roll up what changed since the watermark, then move it to when this run began.
 * The first run starts from now (a fresh database rolls up with `reports:rebuild`).
 */
export async function refreshReports(now = new Date()): Promise<{ orgs: number; movedZones: number }> {
  const state = await db.reportRefreshState.findUnique({ where: { key: STATE_KEY } });
  if (!state) {
    await db.reportRefreshState.create({ data: { key: STATE_KEY, watermark: now } });
    return { orgs: 0, movedZones: 0 };
  }
  const since = new Date(state.watermark.getTime() - OVERLAP_MS);
  const affected = await affectedSince(since);
  for (const a of affected) await rebuildOrg(a.orgId, a.from, a.to, REFRESH_ROLLUPS);
  const moved = await rebuildQueueDaysOfMovedOrgs();
  await db.reportRefreshState.update({ where: { key: STATE_KEY }, data: { watermark: now } });
  return { orgs: affected.length, movedZones: moved.length };
}

/**
 * Rebuild every roll-up: of one org or all, over [from, to) or each org's whole history. Moves the
 * refresh watermark to when it began, so the job carries on from here.
 */
export async function rebuildReports(opts: { orgId?: string; from?: Date; to?: Date; log?: (line: string) => void } = {}): Promise<number> {
  const began = new Date();
  const orgs = opts.orgId ? [{ id: opts.orgId }] : await db.organization.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } });
  for (const { id } of orgs) {
    let from = opts.from;
    let to = opts.to;
    if (!from || !to) {
      const [q, s, a] = await Promise.all([
        db.queueEntry.aggregate({ where: { orgId: id }, _min: { enqueuedAt: true }, _max: { enqueuedAt: true } }),
        db.session.aggregate({ where: { orgId: id }, _min: { startedAt: true }, _max: { startedAt: true } }),
        db.agentStatusChange.aggregate({ where: { orgId: id }, _min: { at: true }, _max: { at: true } }),
      ]);
      const mins = [q._min.enqueuedAt, s._min.startedAt, a._min.at].filter((d): d is Date => !!d);
      const maxs = [q._max.enqueuedAt, s._max.startedAt, a._max.at].filter((d): d is Date => !!d);
      if (!mins.length) continue;
      from ??= new Date(Math.min(...mins.map((d) => d.getTime())));
      to ??= new Date(Math.max(...maxs.map((d) => d.getTime())) + 1);
    }
    const t0 = Date.now();
    // Month by month: each roll-up's transaction stays short on a large history.
    for (let m = startOfUtcDay(from); m < to; m = new Date(m.getTime() + 31 * DAY_MS)) {
      const mEnd = new Date(Math.min(m.getTime() + 31 * DAY_MS, to.getTime()));
      await rebuildOrg(id, m < from ? from : m, mEnd);
    }
    opts.log?.(`${id}: ${from.toISOString().slice(0, 10)} to ${to.toISOString().slice(0, 10)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (!opts.orgId) {
    await db.reportRefreshState.upsert({ where: { key: STATE_KEY }, create: { key: STATE_KEY, watermark: began }, update: { watermark: began } });
  }
  return orgs.length;
}

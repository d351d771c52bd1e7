// Where a waiting visitor stands: position in the org's line and an estimate from recent handle times.
import type { QueueStatus } from "../../lib/realtime-events";
import { routableKeys } from "../agents/statuses";
import { db } from "../db";

/** Used when the org has no finished sessions to learn from yet. */
const DEFAULT_HANDLE_SEC = 5 * 60;
const HANDLE_TIME_WINDOW_DAYS = 7;
/** Roughly how long an agent takes to answer an offer. */
const RING_ESTIMATE_SEC = 15;

/** Median length of the org's support sessions that ended in the last week, in seconds. */
export async function recentHandleTimeSec(orgId: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - HANDLE_TIME_WINDOW_DAYS * 86_400_000);
  const [row] = await db.$queryRaw<{ median: number | null }[]>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("endedAt" - "startedAt"))) AS median
    FROM "Session"
    WHERE "orgId" = ${orgId} AND status = 'ENDED' AND "endedAt" >= ${since} AND "queueEntryId" IS NOT NULL`;
  return row?.median ? Math.round(row.median) : DEFAULT_HANDLE_SEC;
}

export async function queueStatus(queueEntryId: string, now = new Date()): Promise<QueueStatus | null> {
  const entry = await db.queueEntry.findUnique({
    where: { id: queueEntryId },
    select: { id: true, orgId: true, status: true, priority: true, enqueuedAt: true, session: { select: { id: true } } },
  });
  if (!entry) return null;
  if (entry.status !== "WAITING" && entry.status !== "OFFERED") {
    return { status: entry.status, position: null, estimatedWaitSec: null, sessionId: entry.session?.id ?? null };
  }
  // Ahead: higher priority, or same priority and earlier.
  const ahead = await db.queueEntry.count({
    where: {
      orgId: entry.orgId,
      status: { in: ["WAITING", "OFFERED"] },
      OR: [
        { priority: { gt: entry.priority } },
        { priority: entry.priority, enqueuedAt: { lt: entry.enqueuedAt } },
        { priority: entry.priority, enqueuedAt: entry.enqueuedAt, id: { lt: entry.id } },
      ],
    },
  });
  const org = await db.organization.findUniqueOrThrow({ where: { id: entry.orgId }, select: { agentStatuses: true } });
  const routable = { orgId: entry.orgId, status: { in: routableKeys(org.agentStatuses) }, membership: { active: true } };
  const [seats, busy, handle] = await Promise.all([
    db.agentPresence.aggregate({ where: routable, _sum: { capacity: true } }),
    db.participant.count({
      where: { orgId: entry.orgId, role: "AGENT", leftAt: null, session: { status: "ACTIVE" }, membership: { active: true, presence: { status: routable.status } } },
    }),
    recentHandleTimeSec(entry.orgId, now),
  ]);
  const capacity = seats._sum.capacity ?? 0;
  const position = ahead + 1;
  const freeNow = Math.max(0, capacity - busy);
  // Nobody available: no honest estimate. A free seat for this visitor: about the time to answer.
  // Otherwise each wave of `capacity` sessions takes about one handle time.
  const estimatedWaitSec =
    capacity === 0 ? null : position <= freeNow ? RING_ESTIMATE_SEC : Math.ceil((position - freeNow) / capacity) * handle;
  return { status: entry.status, position, estimatedWaitSec, sessionId: null };
}

// Where a waiting visitor stands: position in the org's line and an estimate from recent handle times.
import "server-only";
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

type QueueContext = { capacity: number; freeNow: number; handleSec: number };

/** What every estimate in one org shares: routable capacity, free seats now, recent handle time. */
async function queueContext(orgId: string, now: Date): Promise<QueueContext> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { agentStatuses: true } });
  const status = { in: routableKeys(org.agentStatuses) };
  const [seats, busy, handleSec] = await Promise.all([
    db.agentPresence.aggregate({ where: { orgId, status, membership: { active: true } }, _sum: { capacity: true } }),
    db.participant.count({
      where: { orgId, role: "AGENT", leftAt: null, session: { status: "ACTIVE" }, membership: { active: true, presence: { status } } },
    }),
    recentHandleTimeSec(orgId, now),
  ]);
  const capacity = seats._sum.capacity ?? 0;
  return { capacity, freeNow: Math.max(0, capacity - busy), handleSec };
}

/**
 * Nobody available: no honest estimate. A free seat for this visitor: about the time to answer.
 * Otherwise each wave of `capacity` sessions takes about one handle time.
 */
function estimate(position: number, ctx: QueueContext): number | null {
  if (ctx.capacity === 0) return null;
  if (position <= ctx.freeNow) return RING_ESTIMATE_SEC;
  return Math.ceil((position - ctx.freeNow) / ctx.capacity) * ctx.handleSec;
}

/**
 * An entry seated in a collaboration room that another entry started (routing/offers.ts,
 * gatherWaitingIntoRoomInTx) has no session of its own: its room is where its visitor was seated
 * when it was assigned.
 */
async function roomOfGatheredEntry(entry: {
  orgId: string;
  status: string;
  visitorId: string;
  assignedAt: Date | null;
}): Promise<string | null> {
  if (entry.status !== "ASSIGNED" || !entry.assignedAt) return null;
  const seat = await db.participant.findFirst({
    where: {
      orgId: entry.orgId,
      visitorId: entry.visitorId,
      role: "VISITOR",
      joinedAt: entry.assignedAt,
      session: { kind: "COLLABORATION" },
    },
    select: { sessionId: true },
  });
  return seat?.sessionId ?? null;
}

export async function queueStatus(queueEntryId: string, now = new Date()): Promise<QueueStatus | null> {
  const entry = await db.queueEntry.findUnique({
    where: { id: queueEntryId },
    select: {
      id: true,
      orgId: true,
      status: true,
      priority: true,
      enqueuedAt: true,
      visitorId: true,
      assignedAt: true,
      session: { select: { id: true } },
    },
  });
  if (!entry) return null;
  if (entry.status !== "WAITING" && entry.status !== "OFFERED") {
    return {
      status: entry.status,
      position: null,
      estimatedWaitSec: null,
      sessionId: entry.session?.id ?? (await roomOfGatheredEntry(entry)),
    };
  }
  // Ahead: higher priority, or same priority and earlier (the order dispatch serves in).
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
  const position = ahead + 1;
  return { status: entry.status, position, estimatedWaitSec: estimate(position, await queueContext(entry.orgId, now)), sessionId: null };
}

/** Every waiting visitor's status in one org, for publishing after the line moved. */
export async function orgQueueStatuses(orgId: string, now = new Date()): Promise<Map<string, QueueStatus>> {
  const rows = await db.$queryRaw<{ id: string; status: "WAITING" | "OFFERED"; position: bigint }[]>`
    SELECT id, status, row_number() OVER (ORDER BY priority DESC, "enqueuedAt" ASC, id ASC) AS position
    FROM "QueueEntry" WHERE "orgId" = ${orgId} AND status IN ('WAITING', 'OFFERED')`;
  if (rows.length === 0) return new Map();
  const ctx = await queueContext(orgId, now);
  return new Map(
    rows.map((r) => {
      const position = Number(r.position);
      return [r.id, { status: r.status, position, estimatedWaitSec: estimate(position, ctx), sessionId: null }];
    }),
  );
}

// What a routing transaction asks for once it has committed: realtime notices, offer expiry jobs,
// and another dispatch round. Collected during the transaction, carried out after it.
import "server-only";
import { EVENTS, type QueueChanged } from "../../lib/realtime-events";
import { orgQueueStatuses } from "../queue/status";
import { db } from "../db";
import { env } from "../env";
import { JOBS, sendJob, sendJobs } from "../jobs/boss";
import { publishNotices, type Notice } from "../realtime/notices";
import { coalesce } from "./coalesce";
import { dispatch } from "./dispatch";

export type RoutingEffects = {
  notices: Notice[];
  expiries: { orgId: string; offerId: string; at: Date }[];
  /** Orgs whose queue changed: staff get a fresh summary, and routing runs again. */
  queueChanged: Set<string>;
  dispatch: Set<string>;
};

export function newEffects(): RoutingEffects {
  return { notices: [], expiries: [], queueChanged: new Set(), dispatch: new Set() };
}

export async function queueSummary(orgId: string, now = new Date()): Promise<QueueChanged> {
  const [waiting, oldest] = await Promise.all([
    db.queueEntry.count({ where: { orgId, status: { in: ["WAITING", "OFFERED"] } } }),
    db.queueEntry.findFirst({
      where: { orgId, status: { in: ["WAITING", "OFFERED"] } },
      orderBy: { enqueuedAt: "asc" },
      select: { enqueuedAt: true },
    }),
  ]);
  return { waiting, longestWaitSec: oldest ? Math.max(0, Math.round((now.getTime() - oldest.enqueuedAt.getTime()) / 1000)) : 0 };
}

/**
 * Another dispatch round for the org. Inline (ROUTING_DISPATCH, the default): in this process at
 * once, coalesced per org (one round running, one pending), so an arrival is offered within a round's
 * time instead of a worker's polling interval; a round that fails is handed to the worker as a job.
 * Worker: only the job. Either way the worker's sweep dispatches every org with someone waiting, so
 * a crash between commit and round loses nothing.
 */
export function requestDispatch(orgId: string): Promise<void> {
  if (env.ROUTING_DISPATCH === "worker") return dispatchJob(orgId);
  return coalesce(`dispatch:${orgId}`, () =>
    dispatch(orgId).then(
      () => undefined,
      (e: unknown) => {
        console.warn(`[routing] dispatch round for ${orgId} failed, handing it to the worker: ${(e as Error).message}`);
        return dispatchJob(orgId).catch((j: unknown) =>
          console.error(`[routing] could not send the dispatch job: ${(j as Error).message}`),
        );
      },
    ),
  );
}

const dispatchJob = (orgId: string) => sendJob(JOBS.routeDispatch, { orgId }, { singletonKey: orgId });

/** The coalesced broadcast job (stately: pg-boss would drop the extra sends anyway, one by one). */
function requestBroadcast(orgId: string): void {
  void coalesce(`broadcast:${orgId}`, () =>
    sendJob(JOBS.queueBroadcast, { orgId }, { singletonKey: orgId }).catch((e: unknown) =>
      console.warn(`[routing] queue broadcast job for ${orgId} not sent: ${(e as Error).message}`),
    ),
  );
}

/**
 * Publishes the org's queue summary to staff and each waiting visitor's position. Runs in the
 * worker as a coalesced job: a burst of changes (200 accepts) becomes a few broadcasts, not 200.
 */
export async function broadcastQueue(orgId: string): Promise<void> {
  const notices: Notice[] = [{ audience: { to: "orgStaff", orgId }, event: EVENTS.queueChanged, data: await queueSummary(orgId) }];
  for (const [queueEntryId, status] of await orgQueueStatuses(orgId)) {
    notices.push({ audience: { to: "queueVisitor", queueEntryId }, event: EVENTS.queueStatus, data: status });
  }
  await publishNotices(notices);
}

/** After commit. */
export async function applyEffects(effects: RoutingEffects): Promise<void> {
  // The notices and the offers' expiry jobs do not wait for each other: a dispatch round ends when
  // both are out and the org's next round starts only then, so one after the other made every round
  // a job insert longer. Neither is skipped when the other fails.
  const [published, scheduled] = await Promise.allSettled([
    publishNotices(effects.notices),
    sendJobs(
      JOBS.offerExpire,
      effects.expiries.map((e) => ({ data: { orgId: e.orgId, offerId: e.offerId }, startAfter: e.at })),
    ),
  ]);
  for (const orgId of effects.queueChanged) requestBroadcast(orgId);
  if (published.status === "rejected") throw published.reason;
  if (scheduled.status === "rejected") throw scheduled.reason;
  for (const orgId of effects.dispatch) {
    // Inline, the round is started and not awaited: the caller's request does not wait for it.
    const round = requestDispatch(orgId);
    if (env.ROUTING_DISPATCH === "worker") await round;
  }
}

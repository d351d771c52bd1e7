// What a routing transaction asks for once it has committed: realtime messages, offer expiry jobs,
// and another dispatch round. Collected during the transaction, carried out after it.
import { channels } from "../../lib/channels";
import { EVENTS, type QueueChanged } from "../../lib/realtime-events";
import { orgQueueStatuses } from "../queue/status";
import { db } from "../db";
import { JOBS, sendJob, sendJobs } from "../jobs/boss";
import { publishAfterCommit, type Outgoing } from "../realtime/outbox";

export type RoutingEffects = {
  messages: Outgoing[];
  expiries: { orgId: string; offerId: string; at: Date }[];
  /** Orgs whose queue changed: staff get a fresh summary, and routing runs again. */
  queueChanged: Set<string>;
  dispatch: Set<string>;
};

export function newEffects(): RoutingEffects {
  return { messages: [], expiries: [], queueChanged: new Set(), dispatch: new Set() };
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

/** A dispatch round for the org, run by the worker (coalesced per org). */
export async function requestDispatch(orgId: string): Promise<void> {
  await sendJob(JOBS.routeDispatch, { orgId }, { singletonKey: orgId });
}

/**
 * Publishes the org's queue summary to staff and each waiting visitor's position. Runs in the
 * worker as a coalesced job: a burst of changes (200 accepts) becomes a few broadcasts, not 200.
 */
export async function broadcastQueue(orgId: string): Promise<void> {
  const messages: Outgoing[] = [{ channel: channels.orgStaff(orgId), event: EVENTS.queueChanged, data: await queueSummary(orgId) }];
  for (const [entryId, status] of await orgQueueStatuses(orgId)) {
    messages.push({ channel: channels.queue(entryId), event: EVENTS.queueStatus, data: status });
  }
  await publishAfterCommit(messages);
}

export async function applyEffects(effects: RoutingEffects): Promise<void> {
  await publishAfterCommit(effects.messages);
  for (const orgId of effects.queueChanged) await sendJob(JOBS.queueBroadcast, { orgId }, { singletonKey: orgId });
  await sendJobs(
    JOBS.offerExpire,
    effects.expiries.map((e) => ({ data: { orgId: e.orgId, offerId: e.offerId }, startAfter: e.at })),
  );
  for (const orgId of effects.dispatch) await requestDispatch(orgId);
}

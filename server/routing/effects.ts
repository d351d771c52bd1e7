// What a routing transaction asks for once it has committed: realtime messages, offer expiry jobs,
// and another dispatch round. Collected during the transaction, carried out after it.
import { channels } from "../../lib/channels";
import { EVENTS, type QueueChanged } from "../../lib/realtime-events";
import { db } from "../db";
import { JOBS, sendJob } from "../jobs/boss";
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

export async function applyEffects(effects: RoutingEffects): Promise<void> {
  const messages = [...effects.messages];
  for (const orgId of effects.queueChanged) {
    messages.push({ channel: channels.orgStaff(orgId), event: EVENTS.queueChanged, data: await queueSummary(orgId) });
  }
  await publishAfterCommit(messages);
  for (const e of effects.expiries) {
    await sendJob(JOBS.offerExpire, { orgId: e.orgId, offerId: e.offerId }, { startAfter: e.at });
  }
  for (const orgId of effects.dispatch) await requestDispatch(orgId);
}

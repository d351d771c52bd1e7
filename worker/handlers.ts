// Job handlers: each calls one plain domain function. Also the sweeps that make routing whole again
// after any crash: offers past their time expire, and orgs with waiting visitors get a dispatch round.
import { db } from "../server/db";
import { JOBS, type JobData } from "../server/jobs/boss";
import { dispatch } from "../server/routing/dispatch";
import { sendPendingEmails } from "../server/notifications/send-outbox";
import { broadcastQueue } from "../server/routing/effects";
import { expireDueOffers, expireOffer } from "../server/routing/offers";
import { leaveIfGone } from "../server/sessions/presence-leave";

export const handlers = {
  [JOBS.routeDispatch]: async (data: JobData[typeof JOBS.routeDispatch]) => {
    await dispatch(data.orgId);
  },
  [JOBS.offerExpire]: async (data: JobData[typeof JOBS.offerExpire]) => {
    await expireOffer({ orgId: data.orgId, offerId: data.offerId });
  },
  [JOBS.queueBroadcast]: async (data: JobData[typeof JOBS.queueBroadcast]) => {
    await broadcastQueue(data.orgId);
  },
  [JOBS.emailSend]: async () => {
    await sendPendingEmails();
  },
  [JOBS.presenceLeave]: async (data: JobData[typeof JOBS.presenceLeave]) => {
    await leaveIfGone(data);
  },
};

/** Expire overdue offers and re-run routing for every org with someone waiting. Idempotent. */
export async function sweep(now = new Date()): Promise<{ expired: number; dispatched: number }> {
  const expired = await expireDueOffers(now);
  const orgs = await db.queueEntry.findMany({ where: { status: "WAITING" }, distinct: ["orgId"], select: { orgId: true } });
  for (const { orgId } of orgs) await dispatch(orgId, now);
  return { expired, dispatched: orgs.length };
}

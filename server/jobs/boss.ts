// pg-boss: durable jobs in PostgreSQL. The worker process (worker/main.ts) works the queues; the web
// app and domain functions only send. Job names and their data live here, in one place.
import "server-only";
import PgBoss from "pg-boss";
import { env } from "../env";

export const JOBS = {
  /** Offer waiting entries of one org to free agents. Coalesced: one queued + one running per org. */
  routeDispatch: "route.dispatch",
  /** Expire one offer at its ring timeout. */
  offerExpire: "offer.expire",
  /** Tell staff the queue summary and every waiting visitor its position. Coalesced per org. */
  queueBroadcast: "queue.broadcast",
  /** Send what is due in the email outbox. Coalesced: one queued + one running. */
  emailSend: "email.send",
  /** Hourly: finalize settled months, refresh open statements and resellers', enforce the payment grace. */
  billingClose: "billing.close",
  /** Every minute with Stripe configured: customers and subscriptions, then usage as meter events. */
  billingStripeSync: "billing.stripe-sync",
  /** After an org's plan changed: move its Stripe subscription to the new plan's price. */
  billingPlanChanged: "billing.plan-changed",
  /** A seat's presence dropped: after the grace, leave it unless it came back (server/sessions/presence-leave.ts). */
  presenceLeave: "session.presence-leave",
  /** Every minute: roll up what changed since the last run (server/reports/refresh.ts). */
  reportsRefresh: "reports.refresh",
  /** An org's time zone changed (or its refresh failed): rebuild its every roll-up. One queued + one running per org. */
  reportsRebuildOrg: "reports.rebuildOrg",
  /** One attempt of one webhook delivery (server/webhooks/deliver.ts); a failed attempt queues the next. */
  webhookDeliver: "webhook.deliver",
  /** Hourly: email operators the refused linking sites that are new since the last digest. */
  refusedDigest: "admin.refused-digest",
  /** Nightly: per org, erase the personal data older than its retention (server/privacy/retention.ts). */
  privacyRetention: "privacy.retention",
} as const;

export type JobData = {
  [JOBS.routeDispatch]: { orgId: string };
  [JOBS.offerExpire]: { orgId: string; offerId: string };
  [JOBS.queueBroadcast]: { orgId: string };
  [JOBS.emailSend]: Record<string, never>;
  [JOBS.billingClose]: Record<string, never>;
  [JOBS.billingStripeSync]: Record<string, never>;
  [JOBS.billingPlanChanged]: { orgId: string };
  /** disconnectedAt: ISO time of the relay's member_removed (the seat's leftAt if it does not come back). */
  [JOBS.presenceLeave]: { sessionId: string; participantId: string; disconnectedAt: string };
  [JOBS.reportsRefresh]: Record<string, never>;
  [JOBS.reportsRebuildOrg]: { orgId: string };
  /** `attempt`: the attempt this job makes (1 = first); a job whose attempt was already made is dropped. */
  [JOBS.webhookDeliver]: { deliveryId: string; attempt: number };
  [JOBS.refusedDigest]: Record<string, never>;
  [JOBS.privacyRetention]: Record<string, never>;
};

const QUEUE_OPTIONS: Record<string, Omit<PgBoss.Queue, "name">> = {
  [JOBS.routeDispatch]: { policy: "stately", retryLimit: 5, retryDelay: 1, retryBackoff: true },
  [JOBS.offerExpire]: { policy: "standard", retryLimit: 5, retryDelay: 1, retryBackoff: true },
  [JOBS.queueBroadcast]: { policy: "stately", retryLimit: 2, retryDelay: 1 },
  // Each email keeps its own attempts and backoff (server/notifications/send-outbox.ts).
  [JOBS.emailSend]: { policy: "stately", retryLimit: 1, retryDelay: 5 },
  [JOBS.billingClose]: { policy: "stately", retryLimit: 3, retryDelay: 60, retryBackoff: true },
  // Stripe errors back off: 30 s, 60 s, 120 s... (a retried report reuses each record's identifier).
  // "stately": one queued and one running at most, so the minute cron never piles runs up behind a retry.
  [JOBS.billingStripeSync]: { policy: "stately", retryLimit: 6, retryDelay: 30, retryBackoff: true },
  [JOBS.billingPlanChanged]: { policy: "standard", retryLimit: 6, retryDelay: 30, retryBackoff: true },
  // Retries cover a relay that could not be asked; a retried or duplicate job leaves at most once.
  [JOBS.presenceLeave]: { policy: "standard", retryLimit: 5, retryDelay: 2, retryBackoff: true },
  // One queued and one running at most; a failed run is redone by the next minute's anyway.
  [JOBS.reportsRefresh]: { policy: "stately", retryLimit: 1, retryDelay: 30 },
  [JOBS.reportsRebuildOrg]: { policy: "stately", retryLimit: 3, retryDelay: 60, retryBackoff: true },
  // HTTP failures are scheduled by the delivery itself (server/webhooks/schedule.ts); pg-boss's own
  // retries only cover a worker that died or a database error mid-attempt.
  [JOBS.webhookDeliver]: { policy: "standard", retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
  [JOBS.refusedDigest]: { policy: "stately", retryLimit: 2, retryDelay: 120 },
  // Resumable (watermarks per org), so a retry picks up where the failed run stopped.
  [JOBS.privacyRetention]: { policy: "stately", retryLimit: 3, retryDelay: 600, retryBackoff: true },
};

/** Cron schedules the worker registers (pg-boss keeps one per name across workers). */
export const SCHEDULES: { name: keyof JobData; cron: string }[] = [
  { name: JOBS.billingClose, cron: "7 * * * *" },
  { name: JOBS.billingStripeSync, cron: "* * * * *" },
  { name: JOBS.reportsRefresh, cron: "* * * * *" },
  { name: JOBS.refusedDigest, cron: "17 * * * *" },
  { name: JOBS.privacyRetention, cron: "17 3 * * *" },
];

const globalForBoss = globalThis as unknown as { __isessionBoss?: Promise<PgBoss> };

async function startBoss(opts: { worker: boolean }): Promise<PgBoss> {
  const url = env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: jobs need the database.");
  const boss = new PgBoss({
    connectionString: url,
    schema: "pgboss",
    max: opts.worker ? 6 : 2,
    // Only the worker maintains (archives, expires) and runs cron; senders just send.
    supervise: opts.worker,
    schedule: opts.worker,
  });
  boss.on("error", (e) => console.error(`[jobs] ${e.message}`));
  await boss.start();
  for (const [name, options] of Object.entries(QUEUE_OPTIONS)) {
    await boss.createQueue(name, { name, ...options });
  }
  return boss;
}

/** The process-wide pg-boss used to send jobs (created on first use). */
export function jobSender(): Promise<PgBoss> {
  globalForBoss.__isessionBoss ??= startBoss({ worker: false }).catch((e: unknown) => {
    globalForBoss.__isessionBoss = undefined;
    throw e;
  });
  return globalForBoss.__isessionBoss;
}

export function startWorkerBoss(): Promise<PgBoss> {
  return startBoss({ worker: true });
}

export async function stopJobSender(): Promise<void> {
  const boss = globalForBoss.__isessionBoss;
  globalForBoss.__isessionBoss = undefined;
  if (boss) await (await boss).stop({ graceful: false, wait: true });
}

export async function sendJob<N extends keyof JobData>(
  name: N,
  data: JobData[N],
  opts: { startAfter?: Date; singletonKey?: string } = {},
): Promise<void> {
  const boss = await jobSender();
  await boss.send(name, data, {
    ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
    ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
  });
}

/** Many jobs of one kind in one round trip (e.g. the expiry of every offer one dispatch made). */
export async function sendJobs<N extends keyof JobData>(name: N, jobs: { data: JobData[N]; startAfter?: Date }[]): Promise<void> {
  if (jobs.length === 0) return;
  const boss = await jobSender();
  await boss.insert(jobs.map((j) => ({ name, data: j.data, ...(j.startAfter ? { startAfter: j.startAfter } : {}) })));
}

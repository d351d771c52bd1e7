// One attempt of one delivery, as the worker runs it (job `webhook.deliver`). The attempt is claimed
// by bumping `attempts` from the value the job expects, so a duplicate or late job does nothing.
// 2xx is success; anything else, a refused address or a time-out is a failure, and the next attempt
// is queued with back-off (./schedule.ts) in the same transaction that records this one. Test events
// and redeliveries are tried once. An endpoint failing without a single success for 24 hours is
// disabled and its owners and admins are told (in-app and by email).
import "server-only";
import { db } from "../db";
import { env } from "../env";
import { escapeHtml } from "../notifications/email";
import { requestEmailDelivery } from "../notifications/deliver";
import { notifyOrgAdminsInTx } from "../notifications/notify-admins";
import type { Tx } from "../tx";
import { type Resolve, webhookAllowHosts } from "./address";
import { TEST_EVENT } from "../../lib/webhook-events";
import { queueDeliveryJobs } from "./jobs";
import { postWebhook } from "./post";
import { nextAttemptAt, RETRY_WINDOW_MS } from "./schedule";

export const DISABLE_AFTER_MS = RETRY_WINDOW_MS;
export const DISABLED_KIND = "webhook_disabled";

export type AttemptOptions = {
  /** The clock the schedule and the failure window are read on (tests move it). */
  now?: Date;
  timeoutMs?: number;
  allowHosts?: readonly string[];
  random?: () => number;
  /** How host names are resolved for the connection (tests give a fixed answer); real DNS by default. */
  resolve?: Resolve;
};

export type AttemptOutcome = "skipped" | "succeeded" | "retrying" | "failed";

export async function attemptDelivery(job: { deliveryId: string; attempt: number }, opts: AttemptOptions = {}): Promise<AttemptOutcome> {
  const d = await db.webhookDelivery.findUnique({
    where: { id: job.deliveryId },
    include: { endpoint: { select: { id: true, orgId: true, url: true, secret: true, enabled: true } } },
  });
  if (!d || d.status !== "PENDING" || d.attempts !== job.attempt - 1) return "skipped";
  if (!d.endpoint.enabled) {
    await db.webhookDelivery.updateMany({
      where: { id: d.id, status: "PENDING" },
      data: { status: "FAILED", nextAttemptAt: null, lastError: "Endpoint disabled: not sent" },
    });
    return "failed";
  }
  const startedAt = opts.now ?? new Date();
  const claimed = await db.webhookDelivery.updateMany({
    where: { id: d.id, status: "PENDING", attempts: d.attempts },
    data: { attempts: job.attempt, lastAttemptAt: startedAt },
  });
  if (claimed.count === 0) return "skipped";

  const result = await postWebhook({
    url: d.endpoint.url,
    body: d.body,
    secret: d.endpoint.secret,
    eventType: d.eventType,
    deliveryId: d.id,
    timeoutMs: opts.timeoutMs,
    allowHosts: opts.allowHosts ?? webhookAllowHosts(),
    resolve: opts.resolve,
  });
  const now = opts.now ? new Date(opts.now.getTime() + result.durationMs) : new Date();
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const recorded = {
    lastStatusCode: result.statusCode,
    lastError: ok ? null : (result.error ?? `HTTP ${result.statusCode}`),
    lastDurationMs: result.durationMs,
  };

  if (ok) {
    await recording(() =>
      db.$transaction(async (tx) => {
        await tx.webhookDelivery.update({
          where: { id: d.id },
          data: { ...recorded, status: "SUCCEEDED", deliveredAt: now, nextAttemptAt: null },
        });
        await tx.webhookEndpoint.updateMany({ where: { id: d.endpoint.id, failingSince: { not: null } }, data: { failingSince: null } });
      }, RECORD_TX),
    );
    return "succeeded";
  }

  const manual = d.eventType === TEST_EVENT || d.redeliveryOf !== null;
  const next = manual ? null : nextAttemptAt(d.createdAt, job.attempt, now, opts.random);
  const disabled = await recording(() =>
    db.$transaction(async (tx) => {
      await tx.webhookDelivery.update({
        where: { id: d.id },
        data: { ...recorded, status: next ? "PENDING" : "FAILED", nextAttemptAt: next },
      });
      if (next) await queueDeliveryJobs(tx, [{ deliveryId: d.id, attempt: job.attempt + 1, startAfter: next }]);
      // A manual try says nothing about the endpoint's health over time.
      return manual
        ? false
        : recordEndpointFailure(tx, {
            endpointId: d.endpoint.id,
            orgId: d.endpoint.orgId,
            url: d.endpoint.url,
            now,
            gaveUpOn: next ? null : d.createdAt,
          });
    }, RECORD_TX),
  );
  if (disabled) await requestEmailDelivery();
  return next ? "retrying" : "failed";
}

/** A busy worker's pool may keep a transaction waiting: wait longer than Prisma's default 2 s. */
const RECORD_TX = { maxWait: 15_000, timeout: 30_000 };

/**
 * Once the attempt is claimed, its outcome must be written (a retried job would skip a claimed
 * attempt and leave the delivery pending with no next job): a few tries before giving up.
 */
async function recording<T>(write: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await write();
    } catch (e) {
      if (i >= 4) throw e;
      await new Promise((r) => setTimeout(r, 500 * 2 ** i));
    }
  }
}

/**
 * Notes a failed attempt on the endpoint and disables it when it has failed without a success for
 * DISABLE_AFTER_MS, or when a delivery gave up after its own 24 hours with nothing succeeding since
 * (about) its first attempt. Returns whether it was disabled now.
 */
async function recordEndpointFailure(
  tx: Tx,
  input: { endpointId: string; orgId: string; url: string; now: Date; gaveUpOn: Date | null },
): Promise<boolean> {
  // The row lock orders concurrent failures: one of them disables, the others see it done.
  const [ep] = await tx.$queryRaw<{ enabled: boolean; failingSince: Date | null }[]>`
    SELECT enabled, "failingSince" FROM "WebhookEndpoint" WHERE id = ${input.endpointId} FOR UPDATE`;
  if (!ep || !ep.enabled) return false;
  const since = ep.failingSince ?? input.now;
  if (!ep.failingSince) await tx.webhookEndpoint.update({ where: { id: input.endpointId }, data: { failingSince: since } });
  const failingLongEnough = input.now.getTime() - since.getTime() >= DISABLE_AFTER_MS;
  const deliveryGaveUp = input.gaveUpOn !== null && since.getTime() <= input.gaveUpOn.getTime() + 5 * 60_000;
  if (!failingLongEnough && !deliveryGaveUp) return false;
  const reason = `Every delivery failed for 24 hours (since ${since.toISOString()}).`;
  await tx.webhookEndpoint.update({
    where: { id: input.endpointId },
    data: { enabled: false, disabledAt: input.now, disabledReason: reason },
  });
  await tx.webhookDelivery.updateMany({
    where: { endpointId: input.endpointId, status: "PENDING" },
    data: { status: "FAILED", nextAttemptAt: null, lastError: "Endpoint disabled: not sent" },
  });
  const page = new URL("/dashboard/webhooks", env.NEXTAUTH_URL).toString();
  const title = "A webhook endpoint was turned off";
  const body = `Deliveries to ${input.url} have failed for 24 hours, so we stopped sending to it. Fix the receiver, then turn the endpoint back on and redeliver what it missed from its delivery log.`;
  await notifyOrgAdminsInTx(tx, {
    orgId: input.orgId,
    kind: DISABLED_KIND,
    title,
    body,
    data: { endpointId: input.endpointId },
    permission: "webhooks.manage",
    email: {
      subject: `iSession: ${title}`,
      text: `${body}\n\nWebhooks: ${page}\n`,
      html: `<p>${escapeHtml(body)}</p><p><a href="${escapeHtml(page)}">Open your webhooks</a></p>`,
    },
    now: input.now,
  });
  return true;
}

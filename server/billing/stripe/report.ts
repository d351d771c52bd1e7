// Reports unreported usage of each org's billed kind (and its auditorium attendees' kind, priced
// the same: lib/plans.ts) to Stripe as Billing Meter events. The event's
// `identifier` is the UsageRecord id, so however often a record is sent (SDK retries, job retries,
// two workers), Stripe counts it once. Records are marked stripeReportedAt on success; failures
// are written to stripeError. A temporary failure (network, 429, 5xx) stops the run and throws, so
// pg-boss retries the job with backoff; a permanent one (4xx) is kept as "permanent: ..." and not
// retried (the operator sees it on /admin/billing).
import "server-only";
import Stripe from "stripe";
import { PLAN_LIST, type Plan } from "../../../lib/plans";
import { db } from "../../db";
import type { UsageKind } from "../../generated/prisma/enums";

/** Stripe accepts meter events up to 35 days old. */
const STRIPE_MAX_AGE_MS = 35 * 24 * 60 * 60 * 1000;
export const REPORT_BATCH_SIZE = 500;
const CONCURRENCY = 16;

type Unreported = { id: string; kind: UsageKind; quantity: number; occurredAt: Date; customerId: string };

export class StripeReportRetryable extends Error {
  override name = "StripeReportRetryable";
}

async function unreported(plan: Plan, limit: number): Promise<Unreported[]> {
  return db.$queryRaw<Unreported[]>`
    SELECT u.id, u.kind, u.quantity, u."occurredAt", o."stripeCustomerId" AS "customerId"
    FROM "UsageRecord" u JOIN "Organization" o ON o.id = u."orgId"
    WHERE u."stripeReportedAt" IS NULL AND o."stripeCustomerId" IS NOT NULL
      AND o.plan = ${plan.id}::"BillingPlan" AND u.kind IN (${plan.billedKind}::"UsageKind", ${plan.attendeeKind}::"UsageKind")
      AND (u."stripeError" IS NULL OR u."stripeError" NOT LIKE 'permanent:%')
      -- A month closed in ledger mode told the client "not charged": turning Stripe on later must
      -- not bill it after all.
      AND NOT EXISTS (SELECT 1 FROM "Statement" s WHERE s.id = u."statementId" AND s.status = 'NOT_CHARGED')
      -- After a plan change only the new plan's months go to its meter (plan-change.ts).
      AND (o."planSince" IS NULL OR u."occurredAt" >= o."planSince")
    ORDER BY u."occurredAt"
    LIMIT ${limit}`;
}

function isDuplicateIdentifier(e: Stripe.errors.StripeError): boolean {
  return e.statusCode === 400 && /identifier/i.test(e.message) && /already|duplicate|exists/i.test(e.message);
}

function isRetryable(e: unknown): boolean {
  if (!(e instanceof Stripe.errors.StripeError)) return true;
  const status = e.statusCode ?? 0;
  return status === 0 || status === 409 || status === 429 || status >= 500;
}

/**
 * One batch per plan. Returns the counts and whether a batch was full (more may be waiting);
 * throws StripeReportRetryable after a temporary failure.
 */
export async function reportUsageToStripe(stripe: Stripe, opts: { now?: Date; batchSize?: number } = {}) {
  const now = opts.now ?? new Date();
  let reported = 0;
  let failed = 0;
  let retryable: string | null = null;
  let more = false;
  const batchSize = opts.batchSize ?? REPORT_BATCH_SIZE;
  for (const plan of PLAN_LIST) {
    const rows = await unreported(plan, batchSize);
    if (rows.length === batchSize) more = true;
    let next = 0;
    const sendOne = async (r: Unreported) => {
      if (now.getTime() - r.occurredAt.getTime() > STRIPE_MAX_AGE_MS) {
        await db.usageRecord.update({ where: { id: r.id }, data: { stripeError: "permanent: older than Stripe's 35-day window" } });
        failed++;
        return;
      }
      try {
        await stripe.billing.meterEvents.create({
          event_name: plan.stripeMeterEventName,
          identifier: r.id,
          timestamp: Math.floor(r.occurredAt.getTime() / 1000),
          payload: { stripe_customer_id: r.customerId, value: String(r.quantity) },
        });
      } catch (e) {
        if (e instanceof Stripe.errors.StripeError && isDuplicateIdentifier(e)) {
          // Stripe has it already (an earlier attempt whose answer we lost).
        } else {
          const message = (e as Error).message.slice(0, 500);
          const temporary = isRetryable(e);
          await db.usageRecord.update({
            where: { id: r.id },
            data: { stripeError: `${temporary ? "retrying" : "permanent"}: ${message}` },
          });
          failed++;
          if (temporary) retryable ??= message;
          return;
        }
      }
      await db.usageRecord.update({ where: { id: r.id }, data: { stripeReportedAt: new Date(), stripeError: null } });
      reported++;
    };
    // A few at a time; after a temporary failure the rest wait for the job's retry.
    const lane = async () => {
      while (next < rows.length && !retryable) await sendOne(rows[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, lane));
    if (retryable) break;
  }
  if (retryable) throw new StripeReportRetryable(`Stripe usage report will retry: ${retryable}`);
  return { reported, failed, more };
}

/** Batches until nothing is waiting or `budgetMs` has passed (the job runs again next minute). */
export async function reportAllUsageToStripe(stripe: Stripe, opts: { now?: Date; budgetMs?: number; batchSize?: number } = {}) {
  const started = Date.now();
  const total = { reported: 0, failed: 0, batches: 0 };
  for (;;) {
    const r = await reportUsageToStripe(stripe, opts);
    total.reported += r.reported;
    total.failed += r.failed;
    total.batches++;
    if (!r.more || Date.now() - started > (opts.budgetMs ?? 45_000)) return total;
  }
}

// The billing jobs the worker runs (worker/main.ts): each is a plain function, callable from tests.
import "server-only";
import { closeBillingPeriods } from "./ledger";
import { getStripe, stripeEnabled } from "./stripe/client";
import { reportAllUsageToStripe } from "./stripe/report";
import { ensureStripeCustomers, syncSubscriptionPlan } from "./stripe/setup";
import { enforcePaymentGrace } from "./suspension";

/** The hourly close. Throws after doing everything it could if some org failed, so the job retries. */
export async function runBillingClose(now = new Date()) {
  const { failures, ...ledger } = await closeBillingPeriods({ now, charged: stripeEnabled() });
  const suspended = await enforcePaymentGrace(now);
  if (failures.length > 0) {
    const first = failures[0]!.error instanceof Error ? (failures[0]!.error as Error).message : String(failures[0]!.error);
    throw new Error(
      `billing.close: ${failures.length} org(s) failed to close (first ${failures[0]!.orgId}: ${first.slice(0, 200)}); the others closed`,
    );
  }
  return { ...ledger, suspended: suspended.length };
}

/** Ledger mode (no STRIPE_SECRET_KEY): does nothing and reaches nothing. */
export async function runStripeSync(now = new Date()) {
  const stripe = getStripe();
  if (!stripe) return { skipped: true as const };
  const setup = await ensureStripeCustomers(stripe, { now });
  const usage = await reportAllUsageToStripe(stripe, { now });
  return { skipped: false as const, ...setup, ...usage };
}

/** After a plan change (job billing.plan-changed). Ledger mode: nothing to do. */
export async function runPlanChanged(orgId: string) {
  const stripe = getStripe();
  return stripe ? { changed: await syncSubscriptionPlan(stripe, orgId) } : { changed: false };
}

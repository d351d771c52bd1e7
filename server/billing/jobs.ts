// The billing jobs the worker runs (worker/main.ts): each is a plain function, callable from tests.
import { closeBillingPeriods } from "./ledger";
import { getStripe, stripeEnabled } from "./stripe/client";
import { reportAllUsageToStripe } from "./stripe/report";
import { ensureStripeCustomers, syncSubscriptionPlan } from "./stripe/setup";
import { enforcePaymentGrace } from "./suspension";

export async function runBillingClose(now = new Date()) {
  const ledger = await closeBillingPeriods({ now, charged: stripeEnabled() });
  const suspended = await enforcePaymentGrace(now);
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

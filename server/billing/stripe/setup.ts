// Stripe set-up, repeated by a job until it holds: one Billing Meter and one metered Price per plan
// (found by lookup key, created if missing), and every org a customer with a subscription to its
// plan's price. Every create carries an idempotency key, so a retried run never makes two.
import "server-only";
import type Stripe from "stripe";
import { PLAN_LIST, PLANS, type Plan } from "../../../lib/plans";
import { db } from "../../db";
import type { BillingPlan } from "../../generated/prisma/enums";
import { periodOf } from "../periods";

export async function ensurePlanPrice(stripe: Stripe, plan: Plan): Promise<string> {
  const found = await stripe.prices.list({ lookup_keys: [plan.stripeLookupKey], active: true, limit: 1 });
  const current = found.data[0];
  // Only a price that charges what lib/plans.ts says: after a price change there, statements would
  // otherwise show the new price while Stripe keeps charging the old. The new price takes the
  // lookup key over (transfer_lookup_key), so the old one is never found again.
  if (current && current.unit_amount === plan.unitPriceCents && current.currency === plan.currency) return current.id;
  const meters = await stripe.billing.meters.list({ status: "active", limit: 100 });
  const meter =
    meters.data.find((m) => m.event_name === plan.stripeMeterEventName) ??
    (await stripe.billing.meters.create(
      {
        display_name: `iSession ${plan.unitLabel}s`,
        event_name: plan.stripeMeterEventName,
        default_aggregation: { formula: "sum" },
        customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
        value_settings: { event_payload_key: "value" },
      },
      { idempotencyKey: `isession-meter-${plan.stripeMeterEventName}` },
    ));
  const price = await stripe.prices.create(
    {
      currency: plan.currency,
      unit_amount: plan.unitPriceCents,
      recurring: { interval: "month", usage_type: "metered", meter: meter.id },
      product_data: { name: `iSession ${plan.name}` },
      lookup_key: plan.stripeLookupKey,
      ...(current ? { transfer_lookup_key: true } : {}),
    },
    { idempotencyKey: `isession-price-${plan.stripeLookupKey}-${plan.unitPriceCents}` },
  );
  return price.id;
}

const ENDED: ReadonlySet<string> = new Set(["canceled", "incomplete_expired"]);

/**
 * Creates a subscription that is alive now. For 24 h Stripe answers a repeated idempotency key with
 * what it made the first time, so re-subscribing soon after a cancellation (same org, price and
 * month anchor) would hand back the cancelled one: look at it as it is now, and if it has ended,
 * ask again with a key derived from it (still deterministic, so a retried run makes no duplicate).
 */
async function createLiveSubscription(
  stripe: Stripe,
  params: Stripe.SubscriptionCreateParams,
  baseKey: string,
): Promise<Stripe.Subscription> {
  let key = baseKey;
  for (let attempt = 0; attempt < 5; attempt++) {
    const created = await stripe.subscriptions.create(params, { idempotencyKey: key });
    const sub = ENDED.has(created.status) ? created : await stripe.subscriptions.retrieve(created.id);
    if (!ENDED.has(sub.status)) return sub;
    key = `${baseKey}-after-${sub.id}`;
  }
  throw new Error(`Stripe keeps returning ended subscriptions for ${baseKey}; retrying on the next run.`);
}

/** Customers and subscriptions for orgs that lack them, `limit` per run. */
export async function ensureStripeCustomers(stripe: Stripe, opts: { now?: Date; limit?: number } = {}) {
  const now = opts.now ?? new Date();
  const orgs = await db.organization.findMany({
    where: { OR: [{ stripeCustomerId: null }, { stripeSubscriptionId: null }] },
    orderBy: { createdAt: "asc" },
    take: opts.limit ?? 50,
    select: { id: true, name: true, plan: true, stripeCustomerId: true, stripeSubscriptionId: true },
  });
  if (orgs.length === 0) return { customers: 0, subscriptions: 0 };
  const prices = new Map<BillingPlan, string>();
  for (const plan of PLAN_LIST) prices.set(plan.id, await ensurePlanPrice(stripe, plan));
  // Subscriptions renew on the 1st of the month (UTC), so Stripe's invoices match our statements.
  const anchor = Math.floor(periodOf(now).end.getTime() / 1000);
  let customers = 0;
  let subscriptions = 0;
  for (const org of orgs) {
    let customerId = org.stripeCustomerId;
    if (!customerId) {
      const customer = await stripe.customers.create(
        { name: org.name, metadata: { orgId: org.id } },
        { idempotencyKey: `isession-customer-${org.id}` },
      );
      customerId = customer.id;
      await db.organization.update({ where: { id: org.id }, data: { stripeCustomerId: customerId } });
      customers++;
    }
    if (!org.stripeSubscriptionId) {
      const price = prices.get(org.plan)!;
      const sub = await createLiveSubscription(
        stripe,
        { customer: customerId, items: [{ price }], billing_cycle_anchor: anchor, proration_behavior: "none", metadata: { orgId: org.id } },
        `isession-subscription-${org.id}-${price}-${anchor}`,
      );
      await db.organization.update({ where: { id: org.id }, data: { stripeSubscriptionId: sub.id } });
      subscriptions++;
    }
  }
  return { customers, subscriptions };
}

/**
 * After a plan change: the org's subscription item moves to the new plan's metered price (no
 * proration; usage already reported stays on the old price). Returns whether anything changed.
 * The hourly close sends JOBS.billingPlanChanged when it applies a chosen plan (plan-change.ts).
 */
export async function syncSubscriptionPlan(stripe: Stripe, orgId: string): Promise<boolean> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { plan: true, stripeSubscriptionId: true } });
  if (!org.stripeSubscriptionId) return false; // set-up creates it on the right price
  const price = await ensurePlanPrice(stripe, PLANS[org.plan]);
  const sub = await stripe.subscriptions.retrieve(org.stripeSubscriptionId);
  const items = sub.items.data;
  if (items.length === 1 && items[0]!.price.id === price) return false;
  await stripe.subscriptions.update(
    sub.id,
    {
      items: [
        ...items.filter((i) => i.price.id !== price).map((i) => ({ id: i.id, deleted: true })),
        ...(items.some((i) => i.price.id === price) ? [] : [{ price }]),
      ],
      proration_behavior: "none",
      metadata: { orgId, plan: org.plan },
    },
    { idempotencyKey: `isession-plan-${sub.id}-${price}-${items.map((i) => i.id).join(".")}` },
  );
  return true;
}

/** A Stripe customer-portal link for card updates and invoices. */
export async function createPortalLink(stripe: Stripe, input: { customerId: string; returnUrl: string }): Promise<string> {
  const session = await stripe.billingPortal.sessions.create({ customer: input.customerId, return_url: input.returnUrl });
  return session.url;
}

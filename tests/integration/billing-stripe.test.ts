// Stripe mode with the REAL `stripe` SDK. Stripe's servers cannot be reached from here, so the SDK
// talks to a local HTTP server that records every request (tests/helpers/fake-stripe.ts): meter
// events carry the UsageRecord id as identifier and keep it across retries; webhooks are verified
// on the raw body, applied once, and drive suspension after the grace period and the restore.
import { TRPCError } from "@trpc/server";
import Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "../../app/api/stripe/webhook/route";
import { runPlanChanged, runStripeSync } from "../../server/billing/jobs";
import { meterTick } from "../../server/billing/metering";
import { startMeteringLoop } from "../../server/billing/metering-loop";
import { createStripe } from "../../server/billing/stripe/client";
import { reportUsageToStripe, StripeReportRetryable } from "../../server/billing/stripe/report";
import { ensurePlanPrice, ensureStripeCustomers } from "../../server/billing/stripe/setup";
import { PLANS } from "../../lib/plans";
import { BILLING_SUSPENSION_REASON, enforcePaymentGrace } from "../../server/billing/suspension";
import { db } from "../../server/db";
import { resolveEntry } from "../../server/launchers/entry";
import { leaveSession } from "../../server/sessions/leave";
import { requireSeat } from "../../server/sessions/participant";
import { startDemoSession } from "../helpers/billing";
import { callerFor, createUser, seedOrg } from "../helpers/factories";
import { startFakeStripe } from "../helpers/fake-stripe";
import { statusNotices } from "../helpers/status-notices";

// Configured before anything reads the environment (server/env.ts parses it once per test file).
const fake = await startFakeStripe();
const SECRET_KEY = "sk_test_local_only";
const WEBHOOK_SECRET = "whsec_local_test_secret";
process.env.STRIPE_SECRET_KEY = SECRET_KEY;
process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
process.env.STRIPE_API_BASE = fake.url;
process.env.BILLING_GRACE_DAYS = "7";
afterAll(() => fake.close());

const T0 = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - 2, 10));
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const DAY = 24 * 60 * 60 * 1000;

async function sessionWithThreeMinutes() {
  const demo = await startDemoSession(T0);
  await leaveSession(await requireSeat({ visitorCookieId: demo.cookieId }, demo.session.id), at(170));
  await meterTick(at(600));
  const minutes = await db.usageRecord.findMany({
    where: { orgId: demo.s.org.id, kind: "VISITOR_MINUTE" },
    orderBy: { occurredAt: "asc" },
  });
  expect(minutes).toHaveLength(3);
  return { demo, minutes };
}

const meterEventRequests = (ids: Set<string>) =>
  fake.requests.filter((r) => r.path === "/v1/billing/meter_events" && ids.has(r.form.get("identifier") ?? ""));

describe("usage reported as Billing Meter events", () => {
  it("sends each billed record once with its id as identifier; the SDK's retry after a 500 reuses it", async () => {
    const { demo, minutes } = await sessionWithThreeMinutes();
    const ids = new Set(minutes.map((m) => m.id));
    fake.failMeterEvents(1); // the first meter event answers 500; the SDK retries it

    const result = await runStripeSync(at(3600));
    expect(result.skipped).toBe(false);

    const org = await db.organization.findUniqueOrThrow({ where: { id: demo.s.org.id } });
    expect(org.stripeCustomerId).toMatch(/^cus_/);
    expect(org.stripeSubscriptionId).toMatch(/^sub_/);
    const sent = meterEventRequests(ids);
    expect(sent).toHaveLength(4); // 3 records + 1 retry
    expect(new Set(sent.map((r) => r.form.get("identifier")))).toEqual(ids);
    const [first, retry] = [sent[0]!, sent.find((r, i) => i > 0 && r.form.get("identifier") === sent[0]!.form.get("identifier"))];
    expect(retry).toBeDefined();
    expect(retry!.idempotencyKey).toBe(first.idempotencyKey); // the SDK's own retry, same request
    for (const r of sent) {
      expect(r.form.get("event_name")).toBe("isession_visitor_minutes");
      expect(r.form.get("payload[stripe_customer_id]")).toBe(org.stripeCustomerId);
      expect(r.form.get("payload[value]")).toBe("1");
    }
    const after = await db.usageRecord.findMany({ where: { orgId: demo.s.org.id } });
    expect(after.filter((r) => r.kind === "VISITOR_MINUTE").every((r) => r.stripeReportedAt && !r.stripeError)).toBe(true);
    // The hit is recorded but not billed on a per-minute plan: never sent.
    expect(after.filter((r) => r.kind === "SESSION_HIT").every((r) => r.stripeReportedAt === null)).toBe(true);

    // Running again sends nothing new.
    await runStripeSync(at(3700));
    expect(meterEventRequests(ids)).toHaveLength(4);
    // The plan's meter and price were created once, found by lookup key afterwards.
    expect(fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/prices")).toHaveLength(2);
    expect(fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/billing/meters")).toHaveLength(2);
  });

  it("after a failed run (SDK retries exhausted) the job's retry resends the same identifiers", async () => {
    const stripe = createStripe({ secretKey: SECRET_KEY, apiBase: fake.url, maxNetworkRetries: 0 });
    const { demo, minutes } = await sessionWithThreeMinutes();
    await ensureStripeCustomers(stripe, { now: at(3600) });
    const ids = new Set(minutes.map((m) => m.id));

    fake.failMeterEvents(1_000);
    await expect(reportUsageToStripe(stripe, { now: at(3600) })).rejects.toBeInstanceOf(StripeReportRetryable);
    const failedIds = meterEventRequests(ids).map((r) => r.form.get("identifier"));
    expect(failedIds.length).toBeGreaterThan(0);
    const failedRows = await db.usageRecord.findMany({ where: { id: { in: failedIds as string[] } } });
    expect(failedRows.every((r) => r.stripeReportedAt === null && r.stripeError?.startsWith("retrying:"))).toBe(true);
    // The operator sees the backlog: this org's 3 minutes (its hit is not billed on its plan).
    const operator = await createUser();
    await db.platformAdmin.create({ data: { userId: operator.id } });
    const backlog = async () => (await callerFor(operator).billing.admin()).stripe;
    expect((await backlog()).unreported).toBeGreaterThanOrEqual(3);
    const unreportedBefore = (await backlog()).unreported;

    fake.failMeterEvents(0);
    await reportUsageToStripe(stripe, { now: at(3700) });
    const all = meterEventRequests(ids);
    const okIds = all.slice(failedIds.length).map((r) => r.form.get("identifier"));
    expect(new Set(okIds)).toEqual(ids); // every record reported once after the outage...
    expect(okIds).toHaveLength(3);
    for (const id of failedIds) expect(okIds).toContain(id); // ...with the identifiers it had before
    const rows = await db.usageRecord.findMany({ where: { orgId: demo.s.org.id, kind: "VISITOR_MINUTE" } });
    expect(rows.every((r) => r.stripeReportedAt && r.stripeError === null)).toBe(true);
    expect((await backlog()).unreported).toBe(unreportedBefore - 3);
  });
});

describe("a month closed in ledger mode", () => {
  it("is never billed when Stripe is switched on later: its records stay unreported", async () => {
    const { demo, minutes } = await sessionWithThreeMinutes();
    const statement = await db.statement.create({
      data: {
        orgId: demo.s.org.id,
        periodStart: new Date(T0.getTime() - 40 * DAY),
        periodEnd: new Date(T0.getTime() - 10 * DAY),
        status: "NOT_CHARGED",
        finalizedAt: new Date(),
      },
    });
    await db.usageRecord.updateMany({ where: { id: { in: minutes.map((m) => m.id) } }, data: { statementId: statement.id } });
    await runStripeSync(at(3600));
    expect(meterEventRequests(new Set(minutes.map((m) => m.id)))).toHaveLength(0);
    const rows = await db.usageRecord.findMany({ where: { id: { in: minutes.map((m) => m.id) } } });
    expect(rows.every((r) => r.stripeReportedAt === null && r.stripeError === null)).toBe(true);
  });
});

describe("after a plan change", () => {
  it("reports only usage from the month the new plan began", async () => {
    const { demo, minutes } = await sessionWithThreeMinutes();
    // Per minute since the minute after the second record: the first two belong to the old plan's month.
    await db.organization.update({ where: { id: demo.s.org.id }, data: { planSince: new Date(minutes[2]!.occurredAt.getTime()) } });
    await runStripeSync(at(3600));
    const sent = meterEventRequests(new Set(minutes.map((m) => m.id))).map((r) => r.form.get("identifier"));
    expect(sent).toEqual([minutes[2]!.id]);
  });
});

describe("a plan change", () => {
  it("moves the subscription to the new plan's price once; ledger prices follow the plan", async () => {
    const stripe = createStripe({ secretKey: SECRET_KEY, apiBase: fake.url, maxNetworkRetries: 0 });
    const s = await seedOrg();
    await ensureStripeCustomers(stripe);
    const org = await db.organization.findUniqueOrThrow({ where: { id: s.org.id } });
    expect(await runPlanChanged(s.org.id)).toEqual({ changed: false }); // already on its plan's price
    await db.organization.update({ where: { id: s.org.id }, data: { plan: "PER_HIT" } });
    expect(await runPlanChanged(s.org.id)).toEqual({ changed: true });
    expect(await runPlanChanged(s.org.id)).toEqual({ changed: false });
    const sub = fake.subscriptions.get(org.stripeSubscriptionId!) as { items: { data: { price: { id: string } }[] } };
    const hitPrice = (await stripe.prices.list({ lookup_keys: ["isession_per_hit"] })).data[0]!.id;
    expect(sub.items.data.map((i) => i.price.id)).toEqual([hitPrice]);
    // Prices and meters were found by lookup key every time after the first run created them.
    expect(fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/prices")).toHaveLength(2);
    expect(fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/billing/meters")).toHaveLength(2);
  });
});

describe("re-subscribing after a cancellation", () => {
  it("within Stripe's 24 h idempotency window, never stores the cancelled subscription it gets back", async () => {
    const stripe = createStripe({ secretKey: SECRET_KEY, apiBase: fake.url, maxNetworkRetries: 0 });
    const s = await seedOrg();
    const now = new Date();
    await ensureStripeCustomers(stripe, { now });
    const first = (await db.organization.findUniqueOrThrow({ where: { id: s.org.id } })).stripeSubscriptionId!;
    // Cancelled in Stripe; the webhook forgets it.
    fake.subscriptions.set(first, { ...fake.subscriptions.get(first), status: "canceled" });
    await db.organization.update({ where: { id: s.org.id }, data: { stripeSubscriptionId: null } });

    await ensureStripeCustomers(stripe, { now });
    const second = (await db.organization.findUniqueOrThrow({ where: { id: s.org.id } })).stripeSubscriptionId!;
    expect(second).not.toBe(first);
    expect(fake.subscriptions.get(second)).toMatchObject({ status: "active" });
    // A retried run asks with the same keys and gets the same live subscription, not a third.
    const made = fake.subscriptions.size;
    await db.organization.update({ where: { id: s.org.id }, data: { stripeSubscriptionId: null } });
    await ensureStripeCustomers(stripe, { now });
    expect((await db.organization.findUniqueOrThrow({ where: { id: s.org.id } })).stripeSubscriptionId).toBe(second);
    expect(fake.subscriptions.size).toBe(made);
  });
});

// ─── Webhooks ───────────────────────────────────────────────────────────────────────────────────
const signer = new Stripe("sk_test_signer_only");
let evtN = 0;

function invoiceEvent(type: string, invoiceId: string, id = `evt_${++evtN}_${Math.random().toString(36).slice(2, 8)}`) {
  return JSON.stringify({ id, object: "event", type, data: { object: { id: invoiceId, object: "invoice", status: "draft" } } });
}

function post(payload: string, secret = WEBHOOK_SECRET) {
  const header = signer.webhooks.generateTestHeaderString({ payload, secret });
  return POST(
    new Request("http://localhost/api/stripe/webhook", {
      method: "POST",
      body: payload,
      headers: { "stripe-signature": header, "content-type": "application/json" },
    }),
  );
}

async function orgWithInvoice(status: "open" | "paid") {
  const s = await seedOrg();
  const customerId = `cus_wh_${s.org.id}`;
  await db.organization.update({ where: { id: s.org.id }, data: { stripeCustomerId: customerId } });
  const invoiceId = `in_${s.org.id}`;
  fake.invoices.set(invoiceId, {
    id: invoiceId,
    object: "invoice",
    customer: customerId,
    status,
    period_start: Date.UTC(2026, 9, 1) / 1000,
    period_end: Date.UTC(2026, 10, 1) / 1000,
  });
  return { s, invoiceId };
}

const snapshot = async (orgId: string) => ({
  org: await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { status: true, suspendedReason: true } }),
  statements: await db.statement.findMany({ where: { orgId }, select: { status: true, stripeInvoiceId: true, paymentFailedAt: true } }),
  events: await db.stripeEvent.count(),
});

describe("the issue's check", () => {
  it("3-minute demo: 3 visitor minutes and 1 hit, unchanged by a worker restart; a badly signed webhook answers 400 and changes nothing", async () => {
    const demo = await startDemoSession(T0);
    let now = at(40);
    let loop = startMeteringLoop({ intervalMs: 20, clock: () => now });
    await loop.nextTick();
    now = at(100);
    await loop.nextTick();
    await loop.stop(); // the worker dies mid-session
    now = at(170);
    loop = startMeteringLoop({ intervalMs: 20, clock: () => now }); // and comes back
    await loop.nextTick();
    await leaveSession(await requireSeat({ visitorCookieId: demo.cookieId }, demo.session.id), at(180));
    now = at(300);
    await loop.nextTick();
    await loop.stop();
    const count = () =>
      db.usageRecord.groupBy({ by: ["kind"], where: { sessionId: demo.session.id }, _count: true, orderBy: { kind: "asc" } });
    expect((await count()).map((r) => [r.kind, r._count])).toEqual([
      ["VISITOR_MINUTE", 3],
      ["SESSION_HIT", 1],
    ]);

    const customerId = `cus_check_${demo.s.org.id}`;
    await db.organization.update({ where: { id: demo.s.org.id }, data: { stripeCustomerId: customerId } });
    fake.invoices.set(`in_check_${demo.s.org.id}`, {
      id: `in_check_${demo.s.org.id}`,
      object: "invoice",
      customer: customerId,
      status: "open",
      period_start: Date.UTC(2026, 9, 1) / 1000,
      period_end: Date.UTC(2026, 10, 1) / 1000,
    });
    const before = { ...(await snapshot(demo.s.org.id)), usage: await count() };
    const res = await post(invoiceEvent("invoice.payment_failed", `in_check_${demo.s.org.id}`), "whsec_not_ours");
    expect(res.status).toBe(400);
    expect({ ...(await snapshot(demo.s.org.id)), usage: await count() }).toEqual(before);
  });
});

describe("POST /api/stripe/webhook", () => {
  it("answers 400 to a bad signature and changes nothing", async () => {
    const { s, invoiceId } = await orgWithInvoice("open");
    const before = await snapshot(s.org.id);
    const forged = await post(invoiceEvent("invoice.payment_failed", invoiceId), "whsec_someone_else");
    expect(forged.status).toBe(400);
    const unsigned = await POST(
      new Request("http://localhost/api/stripe/webhook", { method: "POST", body: invoiceEvent("invoice.paid", invoiceId) }),
    );
    expect(unsigned.status).toBe(400);
    expect(await snapshot(s.org.id)).toEqual(before);
  });

  it("applies a valid event once, even when Stripe delivers it again", async () => {
    const { s, invoiceId } = await orgWithInvoice("open");
    const payload = invoiceEvent("invoice.payment_failed", invoiceId);
    const first = await post(payload);
    expect(first.status).toBe(200);
    const afterFirst = await snapshot(s.org.id);
    expect(afterFirst.statements).toEqual([
      { status: "PAYMENT_FAILED", stripeInvoiceId: invoiceId, paymentFailedAt: expect.any(Date) as Date },
    ]);
    const replay = await post(payload);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ duplicate: true });
    expect(await snapshot(s.org.id)).toEqual(afterFirst);
  });

  it("forgets a cancelled subscription (re-read from Stripe) so set-up makes a new one", async () => {
    const { s } = await orgWithInvoice("open");
    const subId = `sub_wh_${s.org.id}`;
    await db.organization.update({ where: { id: s.org.id }, data: { stripeSubscriptionId: subId } });
    fake.subscriptions.set(subId, { id: subId, object: "subscription", customer: `cus_wh_${s.org.id}`, status: "canceled" });
    const payload = JSON.stringify({
      id: `evt_sub_${++evtN}`,
      object: "event",
      type: "customer.subscription.deleted",
      data: { object: { id: subId, object: "subscription", status: "active" } },
    });
    expect((await post(payload)).status).toBe(200);
    expect((await db.organization.findUniqueOrThrow({ where: { id: s.org.id } })).stripeSubscriptionId).toBeNull();
  });

  it("ignores event types outside the allow-list", async () => {
    const res = await post(
      JSON.stringify({ id: `evt_other_${++evtN}`, object: "event", type: "charge.refunded", data: { object: { id: "ch_1" } } }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ignored: true });
  });

  it("re-reads the invoice: a 'payment failed' event for an invoice Stripe says is paid marks it paid", async () => {
    const { s, invoiceId } = await orgWithInvoice("paid");
    expect((await post(invoiceEvent("invoice.payment_failed", invoiceId))).status).toBe(200);
    expect((await snapshot(s.org.id)).statements).toEqual([{ status: "PAID", stripeInvoiceId: invoiceId, paymentFailedAt: null }]);
  });
});

describe("suspension after the grace period, restore on payment", () => {
  it("suspends an org unpaid for 7 days and restores it when the invoice is paid", async () => {
    const { s, invoiceId } = await orgWithInvoice("open");
    expect((await post(invoiceEvent("invoice.payment_failed", invoiceId))).status).toBe(200);
    const st = await db.statement.findFirstOrThrow({ where: { orgId: s.org.id } });
    const failedAt = st.paymentFailedAt!.getTime();

    // A second failure a day later does not restart the grace period.
    expect((await post(invoiceEvent("invoice.payment_failed", invoiceId))).status).toBe(200);
    expect((await db.statement.findFirstOrThrow({ where: { orgId: s.org.id } })).paymentFailedAt!.getTime()).toBe(failedAt);

    expect(await enforcePaymentGrace(new Date(failedAt + 7 * DAY - 1))).not.toContain(s.org.id);
    expect((await snapshot(s.org.id)).org.status).toBe("ACTIVE");
    expect(await enforcePaymentGrace(new Date(failedAt + 7 * DAY))).toContain(s.org.id);
    expect((await snapshot(s.org.id)).org).toEqual({ status: "SUSPENDED", suspendedReason: BILLING_SUSPENSION_REASON });
    const entry = (key: string) =>
      resolveEntry({
        key,
        referer: "https://example.test/pricing",
        page: null,
        token: null,
        selfOrigins: [],
        ip: null,
        visitorCookieId: null,
        userId: null,
      });
    expect(await entry(s.launcher.key)).toMatchObject({ kind: "unavailable" }); // the launcher's polite page
    // The owner (seedOrg's only owner/admin) is told once, and pointed at the billing page.
    const told = await statusNotices(s.org.id, "suspended");
    expect([told.members, told.to]).toEqual([[s.owner.membership.id], [s.owner.user.email]]);
    expect(told.notifications[0]!.data).toMatchObject({ reason: BILLING_SUSPENSION_REASON, by: "system:billing" });
    expect(told.emails[0]!.text).toContain("update your payment card");
    expect(told.emails[0]!.text).toMatch(/\/dashboard\/billing\n/);
    expect(await enforcePaymentGrace(new Date(failedAt + 8 * DAY))).not.toContain(s.org.id);
    expect((await statusNotices(s.org.id, "suspended")).to).toHaveLength(1);

    fake.invoices.set(invoiceId, { ...fake.invoices.get(invoiceId), status: "paid" });
    expect((await post(invoiceEvent("invoice.paid", invoiceId))).status).toBe(200);
    expect(await snapshot(s.org.id)).toMatchObject({
      org: { status: "ACTIVE", suspendedReason: null },
      statements: [{ status: "PAID", paymentFailedAt: null }],
    });
    expect(await entry(s.launcher.key)).toMatchObject({ kind: "form" });
    expect((await statusNotices(s.org.id, "reactivated")).to).toEqual([s.owner.user.email]);
  });

  it("never lifts a suspension the operator imposed", async () => {
    const { s, invoiceId } = await orgWithInvoice("paid");
    await db.organization.update({ where: { id: s.org.id }, data: { status: "SUSPENDED", suspendedReason: "Terms of service" } });
    expect((await post(invoiceEvent("invoice.paid", invoiceId))).status).toBe(200);
    expect((await snapshot(s.org.id)).org).toEqual({ status: "SUSPENDED", suspendedReason: "Terms of service" });
  });
});

// ─── Review findings: stale reads, several invoices a month, the grace check, the operator's word ──
async function addInvoice(s: { org: { id: string } }, invoiceId: string, status: string, month = 9) {
  fake.invoices.set(invoiceId, {
    id: invoiceId,
    object: "invoice",
    customer: `cus_wh_${s.org.id}`,
    status,
    period_start: Date.UTC(2026, month, 1) / 1000,
    period_end: Date.UTC(2026, month + 1, 1) / 1000,
  });
}
const setInvoice = (invoiceId: string, status: string) => fake.invoices.set(invoiceId, { ...fake.invoices.get(invoiceId), status });
const orgState = async (orgId: string) => (await snapshot(orgId)).org.status;

describe("payment status never goes back", () => {
  it("paid, then a 'payment failed' whose re-read is stale (still open): the statement stays PAID", async () => {
    const { s, invoiceId } = await orgWithInvoice("paid");
    expect((await post(invoiceEvent("invoice.paid", invoiceId))).status).toBe(200);
    // The failure's handler read the invoice from Stripe before the payment went through.
    setInvoice(invoiceId, "open");
    expect((await post(invoiceEvent("invoice.payment_failed", invoiceId))).status).toBe(200);
    expect((await snapshot(s.org.id)).statements).toEqual([{ status: "PAID", stripeInvoiceId: invoiceId, paymentFailedAt: null }]);
    // No grace clock runs: nothing suspends it, ever.
    expect(await enforcePaymentGrace(new Date(Date.now() + 30 * DAY))).not.toContain(s.org.id);
    expect(await orgState(s.org.id)).toBe("ACTIVE");
  });

  it("failed, then paid: the statement ends PAID", async () => {
    const { s, invoiceId } = await orgWithInvoice("open");
    expect((await post(invoiceEvent("invoice.payment_failed", invoiceId))).status).toBe(200);
    expect((await snapshot(s.org.id)).statements[0]!.status).toBe("PAYMENT_FAILED");
    setInvoice(invoiceId, "paid");
    expect((await post(invoiceEvent("invoice.paid", invoiceId))).status).toBe(200);
    expect((await snapshot(s.org.id)).statements).toEqual([{ status: "PAID", stripeInvoiceId: invoiceId, paymentFailedAt: null }]);
  });
});

describe("a month billed by two invoices (subscription replaced)", () => {
  it("is PAID only when both are; paying the new one does not lift the suspension while the old one is unpaid", async () => {
    const { s, invoiceId: a } = await orgWithInvoice("open");
    const b = `in_b_${s.org.id}`;
    await addInvoice(s, b, "open");
    expect((await post(invoiceEvent("invoice.payment_failed", a))).status).toBe(200);
    const failedAt = (await db.statement.findFirstOrThrow({ where: { orgId: s.org.id } })).paymentFailedAt!.getTime();
    expect(await enforcePaymentGrace(new Date(failedAt + 7 * DAY))).toContain(s.org.id);

    setInvoice(b, "paid");
    expect((await post(invoiceEvent("invoice.paid", b))).status).toBe(200);
    expect((await snapshot(s.org.id)).statements).toEqual([
      { status: "PAYMENT_FAILED", stripeInvoiceId: a, paymentFailedAt: new Date(failedAt) },
    ]);
    expect(await orgState(s.org.id)).toBe("SUSPENDED");
    expect(
      await db.stripeInvoice.findMany({ where: { orgId: s.org.id }, orderBy: { id: "asc" }, select: { id: true, status: true } }),
    ).toEqual([
      { id: b, status: "PAID" },
      { id: a, status: "PAYMENT_FAILED" },
    ]);

    setInvoice(a, "paid");
    expect((await post(invoiceEvent("invoice.paid", a))).status).toBe(200);
    expect((await snapshot(s.org.id)).statements[0]!.status).toBe("PAID");
    expect(await orgState(s.org.id)).toBe("ACTIVE");
  });

  it("one paid and one still open (not failed): not PAID", async () => {
    const { s, invoiceId: a } = await orgWithInvoice("open");
    const b = `in_b_${s.org.id}`;
    await addInvoice(s, b, "paid");
    expect((await post(invoiceEvent("invoice.finalized", a))).status).toBe(200);
    expect((await post(invoiceEvent("invoice.paid", b))).status).toBe(200);
    expect((await snapshot(s.org.id)).statements[0]!.status).toBe("OPEN");
  });
});

describe("the grace check", () => {
  it("re-checks under the org's lock: a payment committed after the listing prevents the suspension", async () => {
    const { s, invoiceId } = await orgWithInvoice("open");
    expect((await post(invoiceEvent("invoice.payment_failed", invoiceId))).status).toBe(200);
    const failedAt = (await db.statement.findFirstOrThrow({ where: { orgId: s.org.id } })).paymentFailedAt!.getTime();
    let enforcing: Promise<string[]> | undefined;
    await db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${s.org.id} FOR UPDATE`;
        enforcing = enforcePaymentGrace(new Date(failedAt + 7 * DAY));
        // Wait until the check has listed the org and queues behind our lock.
        for (;;) {
          const [w] = await db.$queryRaw<{ n: number }[]>`
            SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
          if (w!.n > 0) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        // The payment lands (what the webhook writes) while the check waits.
        await tx.stripeInvoice.update({ where: { id: invoiceId }, data: { status: "PAID", paymentFailedAt: null } });
        await tx.statement.updateMany({ where: { orgId: s.org.id }, data: { status: "PAID", paymentFailedAt: null } });
      },
      { timeout: 30_000 },
    );
    expect(await enforcing!).not.toContain(s.org.id);
    expect(await orgState(s.org.id)).toBe("ACTIVE");
  });

  it("an operator's lift of a billing suspension sticks until a new payment failure", async () => {
    const { s, invoiceId } = await orgWithInvoice("open");
    const operator = await createUser();
    await db.platformAdmin.create({ data: { userId: operator.id } });
    expect((await post(invoiceEvent("invoice.payment_failed", invoiceId))).status).toBe(200);
    const failedAt = (await db.statement.findFirstOrThrow({ where: { orgId: s.org.id } })).paymentFailedAt!.getTime();
    expect(await enforcePaymentGrace(new Date(failedAt + 7 * DAY))).toContain(s.org.id);

    await callerFor(operator).admin.reactivateOrg({ orgId: s.org.id, note: "Customer is paying by wire" });
    expect(await enforcePaymentGrace(new Date(failedAt + 8 * DAY))).not.toContain(s.org.id);
    expect(await enforcePaymentGrace(new Date(failedAt + 40 * DAY))).not.toContain(s.org.id);
    expect(await orgState(s.org.id)).toBe("ACTIVE");

    // Next month's invoice fails: a new grace period, then billing suspends again.
    const next = `in_next_${s.org.id}`;
    await addInvoice(s, next, "open", 10);
    expect((await post(invoiceEvent("invoice.payment_failed", next))).status).toBe(200);
    const nextFailedAt = (await db.stripeInvoice.findUniqueOrThrow({ where: { id: next } })).paymentFailedAt!.getTime();
    expect(await enforcePaymentGrace(new Date(nextFailedAt + 7 * DAY - 1))).not.toContain(s.org.id);
    expect(await enforcePaymentGrace(new Date(nextFailedAt + 7 * DAY))).toContain(s.org.id);
    expect((await snapshot(s.org.id)).org).toEqual({ status: "SUSPENDED", suspendedReason: BILLING_SUSPENSION_REASON });
  });

  it("a payment never lifts a suspension the operator raised over billing's", async () => {
    const { s, invoiceId } = await orgWithInvoice("open");
    const operator = await createUser();
    await db.platformAdmin.create({ data: { userId: operator.id } });
    expect((await post(invoiceEvent("invoice.payment_failed", invoiceId))).status).toBe(200);
    const failedAt = (await db.statement.findFirstOrThrow({ where: { orgId: s.org.id } })).paymentFailedAt!.getTime();
    expect(await enforcePaymentGrace(new Date(failedAt + 7 * DAY))).toContain(s.org.id);
    expect((await callerFor(operator).admin.suspendOrg({ orgId: s.org.id, reason: "Fraud review" })).changed).toBe(true);
    setInvoice(invoiceId, "paid");
    expect((await post(invoiceEvent("invoice.paid", invoiceId))).status).toBe(200);
    expect((await snapshot(s.org.id)).org).toEqual({ status: "SUSPENDED", suspendedReason: "Fraud review" });
  });
});

describe("the customer portal", () => {
  it("gives the owner a portal link; an agent is refused; an org without a customer gets a clear error", async () => {
    const { s } = await orgWithInvoice("open");
    const { url } = await callerFor(s.owner.user).billing.portal({ orgId: s.org.id });
    expect(url).toBe(`https://billing.stripe.test/p/cus_wh_${s.org.id}`);
    const portalRequest = fake.requests.findLast((r) => r.path === "/v1/billing_portal/sessions")!;
    expect(portalRequest.form.get("return_url")).toContain(`/dashboard/billing?org=${s.org.id}`);
    await expect(callerFor(s.agents[0]!.user).billing.portal({ orgId: s.org.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const other = await seedOrg();
    const e = await callerFor(other.owner.user)
      .billing.portal({ orgId: other.org.id })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TRPCError);
    expect((e as TRPCError).code).toBe("PRECONDITION_FAILED");
  });
});

// Last in the file: it adds prices, and earlier tests count the ones set-up made.
describe("the plan's Stripe price", () => {
  it("is replaced when the price found by its lookup key charges another amount; the new one takes the key", async () => {
    const stripe = createStripe({ secretKey: SECRET_KEY, apiBase: fake.url, maxNetworkRetries: 0 });
    const right = await ensurePlanPrice(stripe, PLANS.PER_MINUTE);
    // Someone (or an older release) left a 5-cent price holding the key.
    const stale = await stripe.prices.create({
      currency: "usd",
      unit_amount: 5,
      recurring: { interval: "month", usage_type: "metered" },
      product_data: { name: "old" },
      lookup_key: PLANS.PER_MINUTE.stripeLookupKey,
      transfer_lookup_key: true,
    });
    const chosen = await ensurePlanPrice(stripe, PLANS.PER_MINUTE);
    expect(chosen).not.toBe(stale.id);
    expect(chosen).not.toBe(right);
    const found = await stripe.prices.list({ lookup_keys: [PLANS.PER_MINUTE.stripeLookupKey] });
    expect(found.data.map((p) => [p.id, p.unit_amount])).toEqual([[chosen, PLANS.PER_MINUTE.unitPriceCents]]);
    // And a price that is right is simply reused.
    expect(await ensurePlanPrice(stripe, PLANS.PER_MINUTE)).toBe(chosen);
  });
});

// Stripe webhooks: verify the signature on the raw body, allow-list the event types, re-read the
// object from Stripe (the payload may be stale or forged-but-signed-long-ago), and apply each event
// id once (StripeEvent rows, inserted in the same transaction as the change).
import "server-only";
import type Stripe from "stripe";
import { db } from "../../db";
import type { Prisma } from "../../generated/prisma/client";
import type { StatementStatus, StripeInvoiceStatus } from "../../generated/prisma/enums";
import { lockStatement } from "../ledger";
import { periodOf } from "../periods";
import { restoreOrgAfterPayment } from "../suspension";

type Tx = Prisma.TransactionClient;

export const HANDLED_EVENTS = [
  "invoice.created",
  "invoice.finalized",
  "invoice.paid",
  "invoice.payment_failed",
  "customer.subscription.updated",
  "customer.subscription.deleted",
] as const;
type HandledType = (typeof HANDLED_EVENTS)[number];
const isHandled = (t: string): t is HandledType => (HANDLED_EVENTS as readonly string[]).includes(t);

export type WebhookResult = { status: number; body: { received: boolean; error?: string; ignored?: boolean; duplicate?: boolean } };

const idOf = (x: string | { id: string } | null | undefined) => (typeof x === "string" ? x : (x?.id ?? null));

// Stripe's invoice states only move forward (open -> failed -> paid or void; paid and void are
// final), so a re-read that is already stale when applied can't move an invoice back.
const INVOICE_RANK: Record<StripeInvoiceStatus, number> = { OPEN: 0, PAYMENT_FAILED: 1, PAID: 2, VOID: 2 };

function observedStatus(type: HandledType, invoice: Stripe.Invoice): StripeInvoiceStatus {
  if (invoice.status === "paid") return "PAID";
  if (invoice.status === "void") return "VOID";
  return type === "invoice.payment_failed" ? "PAYMENT_FAILED" : "OPEN";
}

async function applyInvoice(tx: Tx, type: HandledType, invoice: Stripe.Invoice, now: Date) {
  const customerId = idOf(invoice.customer);
  const org = customerId ? await tx.organization.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } }) : null;
  // A zero-length period is the subscription's opening invoice: it belongs to no statement.
  if (!org || !invoice.id || invoice.period_end <= invoice.period_start) return;
  // The statement lock serializes every event for its invoices: what is read below is current.
  const st = await lockStatement(tx, org.id, periodOf(new Date(invoice.period_start * 1000)));
  const known = await tx.stripeInvoice.findUnique({ where: { id: invoice.id } });
  const seen = observedStatus(type, invoice);
  const status = known && INVOICE_RANK[known.status] >= INVOICE_RANK[seen] ? known.status : seen;
  // The grace period runs from the invoice's first failure; later failures do not extend it.
  const paymentFailedAt = status === "PAYMENT_FAILED" ? (known?.paymentFailedAt ?? now) : null;
  await tx.stripeInvoice.upsert({
    where: { id: invoice.id },
    create: { id: invoice.id, orgId: org.id, statementId: st.id, status, paymentFailedAt },
    update: { status, paymentFailedAt },
  });

  // The statement shows the worst of its invoices: failed if any is, paid only when all are.
  const all = await tx.stripeInvoice.findMany({ where: { statementId: st.id }, select: { status: true, paymentFailedAt: true } });
  const failed = all.filter((i) => i.status === "PAYMENT_FAILED");
  const settled = all.every((i) => i.status === "PAID" || i.status === "VOID") && all.some((i) => i.status === "PAID");
  const current = await tx.statement.findUniqueOrThrow({ where: { id: st.id }, select: { status: true, stripeInvoiceId: true } });
  const unsettled: StatementStatus = st.finalizedAt ? "FINALIZED" : "OPEN";
  const next =
    failed.length > 0
      ? { status: "PAYMENT_FAILED" as const, paymentFailedAt: new Date(Math.min(...failed.map((i) => i.paymentFailedAt!.getTime()))) }
      : settled
        ? { status: "PAID" as const, paymentFailedAt: null }
        : current.status === "PAID" || current.status === "PAYMENT_FAILED"
          ? { status: unsettled, paymentFailedAt: null }
          : {};
  await tx.statement.update({
    where: { id: st.id },
    // The first invoice stays the statement's reference; StripeInvoice holds them all.
    data: { ...next, ...(current.stripeInvoiceId ? {} : { stripeInvoiceId: invoice.id }) },
  });
  if (next.status !== "PAYMENT_FAILED" && (status === "PAID" || status === "VOID")) await restoreOrgAfterPayment(org.id, tx);
}

async function applySubscription(tx: Tx, sub: Stripe.Subscription) {
  const customerId = idOf(sub.customer);
  if (!customerId) return;
  const ended = sub.status === "canceled" || sub.status === "incomplete_expired";
  if (ended) {
    // The set-up job gives the org a new subscription on its next run.
    await tx.organization.updateMany({
      where: { stripeCustomerId: customerId, stripeSubscriptionId: sub.id },
      data: { stripeSubscriptionId: null },
    });
  } else {
    await tx.organization.updateMany({ where: { stripeCustomerId: customerId }, data: { stripeSubscriptionId: sub.id } });
  }
}

export async function handleStripeWebhook(
  input: { rawBody: string; signature: string | null },
  deps: { stripe: Stripe | null; webhookSecret: string | undefined; now?: Date },
): Promise<WebhookResult> {
  if (!deps.stripe || !deps.webhookSecret) return { status: 400, body: { received: false, error: "Stripe is not configured." } };
  if (!input.signature) return { status: 400, body: { received: false, error: "Missing Stripe-Signature header." } };
  let event: Stripe.Event;
  try {
    event = deps.stripe.webhooks.constructEvent(input.rawBody, input.signature, deps.webhookSecret);
  } catch {
    return { status: 400, body: { received: false, error: "Invalid signature." } };
  }
  if (!isHandled(event.type)) return { status: 200, body: { received: true, ignored: true } };
  if (await db.stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } }))
    return { status: 200, body: { received: true, duplicate: true } };

  // The truth comes from Stripe, not from the payload.
  const objectId = (event.data.object as { id?: string }).id;
  if (!objectId) return { status: 400, body: { received: false, error: "Event without an object id." } };
  const type = event.type;
  const fresh = type.startsWith("invoice.")
    ? ({ kind: "invoice", invoice: await deps.stripe.invoices.retrieve(objectId) } as const)
    : ({ kind: "subscription", subscription: await deps.stripe.subscriptions.retrieve(objectId) } as const);
  const now = deps.now ?? new Date();

  const applied = await db.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`
      INSERT INTO "StripeEvent" (id, type, "processedAt") VALUES (${event.id}, ${type}, ${now}) ON CONFLICT (id) DO NOTHING`;
    if (inserted === 0) return false; // a concurrent delivery of the same event won
    if (fresh.kind === "invoice") await applyInvoice(tx, type, fresh.invoice, now);
    else await applySubscription(tx, fresh.subscription);
    return true;
  });
  return { status: 200, body: applied ? { received: true } : { received: true, duplicate: true } };
}

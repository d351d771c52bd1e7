// Suspension for non-payment, and the restore when a payment arrives. A suspended org's launchers
// show the polite "unavailable" page (server/launchers/entry.ts); sessions already running finish.
// Billing only lifts a suspension it imposed (suspendedReason = BILLING_SUSPENSION_REASON), never one
// the operator set. (H7c's server/orgs/status.ts has the operator's suspend/reactivate: the integrator
// may route these two through it.)
import { db } from "../db";
import { env } from "../env";
import type { Prisma } from "../generated/prisma/client";

export const BILLING_SUSPENSION_REASON = "Payment failed: the grace period has ended.";
const DAY_MS = 24 * 60 * 60 * 1000;

export function paymentGraceMs(): number {
  return env.BILLING_GRACE_DAYS * DAY_MS;
}

/** Suspends the org for non-payment unless it is already suspended. Returns whether it changed. */
export async function suspendOrgForNonPayment(orgId: string, now = new Date()): Promise<boolean> {
  const r = await db.organization.updateMany({
    where: { id: orgId, status: "ACTIVE" },
    data: { status: "SUSPENDED", suspendedAt: now, suspendedReason: BILLING_SUSPENSION_REASON },
  });
  return r.count > 0;
}

/** Lifts a billing suspension once no statement is left unpaid. Returns whether it changed. */
export async function restoreOrgAfterPayment(orgId: string, sql: Prisma.TransactionClient = db): Promise<boolean> {
  const unpaid = await sql.statement.count({ where: { orgId, status: "PAYMENT_FAILED" } });
  if (unpaid > 0) return false;
  const r = await sql.organization.updateMany({
    where: { id: orgId, status: "SUSPENDED", suspendedReason: BILLING_SUSPENSION_REASON },
    data: { status: "ACTIVE", suspendedAt: null, suspendedReason: null },
  });
  return r.count > 0;
}

/** The daily check: orgs with a payment failed longer ago than the grace period are suspended. */
export async function enforcePaymentGrace(now = new Date(), graceMs = paymentGraceMs()): Promise<string[]> {
  const due = await db.statement.findMany({
    where: { status: "PAYMENT_FAILED", paymentFailedAt: { lte: new Date(now.getTime() - graceMs) }, org: { status: "ACTIVE" } },
    distinct: ["orgId"],
    select: { orgId: true },
  });
  const suspended: string[] = [];
  for (const { orgId } of due) if (await suspendOrgForNonPayment(orgId, now)) suspended.push(orgId);
  return suspended;
}

// Suspension for non-payment, and the restore when a payment arrives. A suspended org's launchers
// show the polite "unavailable" page (server/launchers/entry.ts); sessions already running finish.
// Both go through server/orgs/status.ts (row lock, audit entry, who-may-lift rule) as the actor
// "system:billing". Billing only lifts a suspension it imposed itself (its reason), never one a
// reseller or the operator set.
import { db } from "../db";
import { env } from "../env";
import type { Prisma } from "../generated/prisma/client";
import { reactivateOrganization, suspendOrganization, type StatusActor } from "../orgs/status";

const BILLING: StatusActor = { type: "system", source: "billing" };

export const BILLING_SUSPENSION_REASON = "Payment failed: the grace period has ended.";
const DAY_MS = 24 * 60 * 60 * 1000;

export function paymentGraceMs(): number {
  return env.BILLING_GRACE_DAYS * DAY_MS;
}

/** Suspends the org for non-payment unless it is already suspended. Returns whether it changed. */
export async function suspendOrgForNonPayment(orgId: string, now = new Date()): Promise<boolean> {
  const r = await suspendOrganization(db, { orgId, reason: BILLING_SUSPENSION_REASON, actor: BILLING, now });
  return r.changed;
}

/** Lifts a billing suspension once no statement is left unpaid. Returns whether it changed. */
export async function restoreOrgAfterPayment(orgId: string, sql: Prisma.TransactionClient = db): Promise<boolean> {
  const unpaid = await sql.statement.count({ where: { orgId, status: "PAYMENT_FAILED" } });
  if (unpaid > 0) return false;
  const org = await sql.organization.findUnique({ where: { id: orgId }, select: { status: true, suspendedReason: true } });
  if (org?.status !== "SUSPENDED" || org.suspendedReason !== BILLING_SUSPENSION_REASON) return false;
  const r = await reactivateOrganization(sql, { orgId, actor: BILLING, note: "Payment received." });
  return r.changed;
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

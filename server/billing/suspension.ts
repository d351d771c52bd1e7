// Suspension for non-payment, and the restore when a payment arrives. A suspended org's launchers
// show the polite "unavailable" page (server/launchers/entry.ts); sessions already running finish.
// Both go through server/orgs/status.ts (row lock, audit entry, who-may-lift rule) as the actor
// "system:billing". Billing only lifts a suspension it imposed itself (its reason and rank), never
// one a reseller or the operator set or raised. An operator who lifts a suspension waives the
// payment failures known then (Organization.billingHoldLiftedAt); a later failure starts a new grace.
import "server-only";
import { systemActor } from "../access/actor";
import { db, type Db } from "../db";
import { env } from "../env";
import type { Prisma } from "../generated/prisma/client";
import { reactivateOrganization, suspendOrganization, type StatusActor } from "../orgs/status";

const BILLING: StatusActor = systemActor("billing");

export const BILLING_SUSPENSION_REASON = "Payment failed: the grace period has ended.";
const DAY_MS = 24 * 60 * 60 * 1000;

export function paymentGraceMs(): number {
  return env.BILLING_GRACE_DAYS * DAY_MS;
}

/** Suspends the org for non-payment unless it is already suspended. Returns whether it changed. */
export async function suspendOrgForNonPayment(orgId: string, now = new Date(), sql: Db | Prisma.TransactionClient = db): Promise<boolean> {
  const r = await suspendOrganization(sql, { orgId, reason: BILLING_SUSPENSION_REASON, actor: BILLING, now });
  return r.changed;
}

async function lockOrgRow(sql: Prisma.TransactionClient, orgId: string) {
  await sql.$queryRaw`SELECT id FROM "Organization" WHERE id = ${orgId} FOR UPDATE`;
}

/** Lifts a billing suspension once no statement is left unpaid. Returns whether it changed. */
export async function restoreOrgAfterPayment(orgId: string, sql: Prisma.TransactionClient): Promise<boolean> {
  // The org lock first: enforcePaymentGrace re-checks under it, so a payment committing now is
  // either seen there or sees the suspension here.
  await lockOrgRow(sql, orgId);
  const unpaid = await sql.statement.count({ where: { orgId, status: "PAYMENT_FAILED" } });
  if (unpaid > 0) return false;
  const org = await sql.organization.findUnique({
    where: { id: orgId },
    select: { status: true, suspendedReason: true, suspendedBy: true },
  });
  if (org?.status !== "SUSPENDED" || org.suspendedReason !== BILLING_SUSPENSION_REASON || org.suspendedBy !== "system") return false;
  const r = await reactivateOrganization(sql, { orgId, actor: BILLING, note: "Payment received." });
  return r.changed;
}

/**
 * Active orgs with a payment failure older than `cutoff` that the operator has not waived (a failure
 * before Organization.billingHoldLiftedAt is waived). Failures are per Stripe invoice; a statement
 * with no invoice row (marked by hand) counts by its own status.
 */
async function dueOrgIds(sql: Db | Prisma.TransactionClient, cutoff: Date, onlyOrgId: string | null = null): Promise<string[]> {
  const rows = await sql.$queryRaw<{ id: string }[]>`
    SELECT o.id FROM "Organization" o
    WHERE o.status = 'ACTIVE' AND (${onlyOrgId}::text IS NULL OR o.id = ${onlyOrgId}::text)
      AND (
        EXISTS (SELECT 1 FROM "StripeInvoice" i
                WHERE i."orgId" = o.id AND i.status = 'PAYMENT_FAILED' AND i."paymentFailedAt" <= ${cutoff}::timestamptz
                  AND (o."billingHoldLiftedAt" IS NULL OR i."paymentFailedAt" > o."billingHoldLiftedAt"))
        OR EXISTS (SELECT 1 FROM "Statement" st
                   WHERE st."orgId" = o.id AND st.status = 'PAYMENT_FAILED' AND st."paymentFailedAt" <= ${cutoff}::timestamptz
                     AND (o."billingHoldLiftedAt" IS NULL OR st."paymentFailedAt" > o."billingHoldLiftedAt")
                     AND NOT EXISTS (SELECT 1 FROM "StripeInvoice" i WHERE i."statementId" = st.id)))
    ORDER BY o.id`;
  return rows.map((r) => r.id);
}

/** The daily check: orgs with a payment failed longer ago than the grace period are suspended. */
export async function enforcePaymentGrace(now = new Date(), graceMs = paymentGraceMs()): Promise<string[]> {
  const cutoff = new Date(now.getTime() - graceMs);
  const suspended: string[] = [];
  for (const orgId of await dueOrgIds(db, cutoff)) {
    // Listed a moment ago; a payment or an operator may have stepped in since: check again under the lock.
    const changed = await db.$transaction(async (tx) => {
      await lockOrgRow(tx, orgId);
      if ((await dueOrgIds(tx, cutoff, orgId)).length === 0) return false;
      return suspendOrgForNonPayment(orgId, now, tx);
    });
    if (changed) suspended.push(orgId);
  }
  return suspended;
}

// Changing plan (per visitor minute <-> per session). A change takes effect on the 1st of the next
// month, never in the middle of one: pricing a month on whichever plan is cheaper at its end would
// let anyone switch on the 31st, and splitting a month would need two prices on one invoice.
// The owner chooses (billing.write); the hourly close applies it once the month it was chosen in
// has been closed on the old plan; Stripe's subscription then moves to the new price
// (job billing.plan-changed, syncSubscriptionPlan), and only usage from the new month is reported.
import "server-only";
import { PLANS } from "../../lib/plans";
import { systemActor, type MemberActor } from "../access/actor";
import { recordAudit, recordAudits } from "../access/audit";
import { db } from "../db";
import { AppError } from "../errors";
import type { BillingPlan } from "../generated/prisma/enums";
import { JOBS, sendJobs } from "../jobs/boss";
import { periodOf, type Period } from "./periods";
import { stripeEnabled } from "./stripe/client";

export type PlanChoice = { plan: BillingPlan; nextPlan: BillingPlan | null; nextPlanFrom: Date | null };

/** The first instant the chosen plan applies to: the start of the month after `chosenAt`. */
export function nextPlanFrom(chosenAt: Date): Date {
  return periodOf(chosenAt).end;
}

/**
 * Records the owner's choice for next month. Choosing the current plan again cancels a pending
 * change. Audited. Another org's id never reaches here (orgProcedure answers NOT_FOUND).
 */
export async function choosePlan(input: { orgId: string; actor: MemberActor; plan: BillingPlan; now?: Date }): Promise<PlanChoice> {
  const now = input.now ?? new Date();
  if (!PLANS[input.plan]) throw new AppError("BAD_REQUEST", "Unknown plan.", { field: "plan" });
  return db.$transaction(async (tx) => {
    const [org] = await tx.$queryRaw<{ plan: BillingPlan; nextPlan: BillingPlan | null }[]>`
      SELECT plan, "nextPlan" FROM "Organization" WHERE id = ${input.orgId} FOR UPDATE`;
    if (!org) throw new AppError("NOT_FOUND", "Organization not found.");
    const next = input.plan === org.plan ? null : input.plan;
    if (next === org.nextPlan) return { plan: org.plan, nextPlan: next, nextPlanFrom: next ? nextPlanFrom(now) : null };
    await tx.organization.update({ where: { id: input.orgId }, data: { nextPlan: next, nextPlanChosenAt: next ? now : null } });
    await recordAudit(tx, input.actor, {
      orgId: input.orgId,
      action: next ? "billing.plan_change_scheduled" : "billing.plan_change_cancelled",
      targetType: "Organization",
      targetId: input.orgId,
      data: { from: org.plan, to: next ?? org.plan, effectiveFrom: next ? nextPlanFrom(now).toISOString() : null },
    });
    return { plan: org.plan, nextPlan: next, nextPlanFrom: next ? nextPlanFrom(now) : null };
  });
}

/**
 * Called by the hourly close after it has finalized `closed` (the latest settled month): every org
 * whose change was chosen before that month ended, and whose statements up to it are all final,
 * moves to its new plan from the month after. Returns the org ids that changed.
 */
export async function applyScheduledPlans(closed: Period, opts: { skip?: ReadonlySet<string> } = {}): Promise<string[]> {
  const changed = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Organization" o
    SET plan = o."nextPlan", "nextPlan" = NULL, "nextPlanChosenAt" = NULL, "planSince" = ${closed.end}::timestamptz, "updatedAt" = now()
    WHERE o."nextPlan" IS NOT NULL AND o."nextPlanChosenAt" < ${closed.end}::timestamptz
      AND NOT (o.id = ANY(${[...(opts.skip ?? [])]}::text[]))
      AND NOT EXISTS (
        SELECT 1 FROM "Statement" st WHERE st."orgId" = o.id AND st."finalizedAt" IS NULL AND st."periodEnd" <= ${closed.end}::timestamptz)
    RETURNING o.id`;
  const ids = changed.map((r) => r.id);
  if (ids.length > 0) {
    await recordAudits(
      db,
      systemActor("billing"),
      ids.map((orgId) => ({
        orgId,
        action: "billing.plan_changed",
        targetType: "Organization",
        targetId: orgId,
        data: { from: closed.end.toISOString() },
      })),
    );
    // The subscription's price follows; without Stripe there is nothing to move.
    if (stripeEnabled())
      await sendJobs(
        JOBS.billingPlanChanged,
        ids.map((orgId) => ({ data: { orgId } })),
      );
  }
  return ids;
}

// Billing: an org's period and statements (billing.read), the Stripe portal (billing.write), a
// reseller's clients and share (reseller members), the operator's overview (adminProcedure).
import "server-only";
import { z } from "zod";
import { BillingPlan, OrgStatus, StatementStatus, UsageKind } from "../../generated/prisma/enums";
import { adminBillingOverview, orgBillingOverview, resellerBillingOverview } from "../../billing/overview";
import { choosePlan } from "../../billing/plan-change";
import { billingPortalUrl } from "../../billing/portal";
import { adminProcedure, orgProcedure, resellerProcedure, router } from "../trpc";
import { actorOf } from "./dashboard-schemas";

const plan = z.enum(BillingPlan);
const kind = z.enum(UsageKind);
const orgStatus = z.enum(OrgStatus);
const statementStatus = z.enum(StatementStatus);
const line = z.object({
  kind: kind.nullable(),
  description: z.string(),
  quantity: z.number().int(),
  unitPriceCents: z.number().int(),
  amountCents: z.number().int(),
});
const mode = z.enum(["stripe", "ledger"]);

export const billingOverviewOutput = z.object({
  plan: z.object({ id: plan, name: z.string(), unitLabel: z.string(), unitPriceCents: z.number().int(), billedKind: kind }),
  status: orgStatus,
  suspendedReason: z.string().nullable(),
  mode,
  canOpenPortal: z.boolean(),
  /** A plan chosen for the coming months, and the first day it applies. */
  nextPlan: z.object({ id: plan, from: z.date() }).nullable(),
  current: z.object({
    periodStart: z.date(),
    periodEnd: z.date(),
    lines: z.array(line),
    totalCents: z.number().int(),
    currency: z.string(),
  }),
  statements: z.array(
    z.object({
      id: z.string(),
      periodStart: z.date(),
      periodEnd: z.date(),
      status: statementStatus,
      currency: z.string(),
      totalCents: z.number().int(),
      finalizedAt: z.date().nullable(),
      lines: z.array(line),
    }),
  ),
});

export const resellerBillingOutput = z.object({
  reseller: z.object({ id: z.string(), name: z.string(), revenueShareBps: z.number().int() }),
  current: z.object({
    periodStart: z.date(),
    periodEnd: z.date(),
    clients: z.array(z.object({ orgId: z.string(), name: z.string(), plan, status: orgStatus, totalCents: z.number().int() })),
    usageCents: z.number().int(),
    shareCents: z.number().int(),
  }),
  statements: z.array(
    z.object({
      id: z.string(),
      periodStart: z.date(),
      periodEnd: z.date(),
      currency: z.string(),
      usageCents: z.number().int(),
      shareBps: z.number().int(),
      shareCents: z.number().int(),
      clients: z.array(z.object({ orgId: z.string(), name: z.string(), totalCents: z.number().int(), status: statementStatus })),
    }),
  ),
});

export const adminBillingOutput = z.object({
  mode,
  periodStart: z.date(),
  orgs: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      plan,
      status: orgStatus,
      suspendedReason: z.string().nullable(),
      reseller: z.string().nullable(),
      hasStripeCustomer: z.boolean(),
      currentCents: z.number().int(),
    }),
  ),
  stripe: z.object({ unreported: z.number().int(), failing: z.number().int() }),
  unpaid: z.array(
    z.object({
      id: z.string(),
      orgId: z.string(),
      orgName: z.string(),
      periodStart: z.date(),
      totalCents: z.number().int(),
      paymentFailedAt: z.date().nullable(),
    }),
  ),
  resellerStatements: z.array(
    z.object({
      id: z.string(),
      reseller: z.string(),
      periodStart: z.date(),
      usageCents: z.number().int(),
      shareBps: z.number().int(),
      shareCents: z.number().int(),
    }),
  ),
});

export const billingRouter = router({
  overview: orgProcedure("billing.read")
    .output(billingOverviewOutput)
    .query(({ ctx }) => orgBillingOverview(ctx.org.id)),
  choosePlan: orgProcedure("billing.write")
    .input(z.object({ plan }))
    .output(z.object({ plan, nextPlan: plan.nullable(), nextPlanFrom: z.date().nullable() }))
    .mutation(({ ctx, input }) => choosePlan({ orgId: ctx.org.id, actor: actorOf(ctx), plan: input.plan })),
  portal: orgProcedure("billing.write")
    .output(z.object({ url: z.url() }))
    .mutation(({ ctx }) => billingPortalUrl({ orgId: ctx.org.id })),
  reseller: resellerProcedure.output(resellerBillingOutput).query(({ ctx }) => resellerBillingOverview(ctx.reseller.id)),
  admin: adminProcedure.output(adminBillingOutput).query(() => adminBillingOverview()),
});

// Output shapes shared by the reseller portal and the operator console.
import "server-only";
import { z } from "zod";
import { BillingPlan, MemberRole, OrgStatus } from "../../generated/prisma/enums";

export const orgStatus = z.enum(OrgStatus);
export const memberRole = z.enum(MemberRole);
export const monthUsage = z.object({ visitorMinutes: z.number().int(), sessionHits: z.number().int(), sessions: z.number().int() });
export const statusChange = z.object({ orgId: z.string(), status: orgStatus, changed: z.boolean() });

/** server/orgs/summary.ts ORG_SUMMARY_SELECT plus this month's usage. */
export const orgSummary = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  status: orgStatus,
  plan: z.enum(BillingPlan),
  suspendedAt: z.date().nullable(),
  suspendedReason: z.string().nullable(),
  createdAt: z.date(),
  usage: monthUsage,
});

export const memberRow = z.object({
  id: z.string(),
  role: memberRole,
  active: z.boolean(),
  name: z.string().nullable(),
  email: z.string(),
});

import "server-only";
import { z } from "zod";
import { BillingPlan, MemberRole, OrgStatus, RoutingMode } from "../../generated/prisma/enums";
import { listMembers } from "../../members/list-members";
import { getOrg } from "../../orgs/get-org";
import { orgProcedure, router } from "../trpc";
import { orgAdminProcedures } from "./org-admin";

export const orgOutput = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  status: z.enum(OrgStatus),
  plan: z.enum(BillingPlan),
  allowedDomains: z.array(z.string()),
  routingMode: z.enum(RoutingMode),
  ringTimeoutSec: z.number().int(),
  maxConcurrentSeats: z.number().int().nullable(),
  brandColor: z.string(),
  timeZone: z.string(),
  serviceLevelSeconds: z.number().int(),
  serviceLevelPercent: z.number().int(),
  retentionDays: z.number().int(),
  createdAt: z.date(),
});

export const membersOutput = z.array(
  z.object({
    id: z.string(),
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(MemberRole),
    active: z.boolean(),
    status: z.string(),
    capacity: z.number().int(),
    statusSince: z.date().nullable(),
  }),
);

export const orgRouter = router({
  get: orgProcedure("org.read")
    .output(orgOutput)
    .query(({ ctx }) => getOrg({ orgId: ctx.org.id })),
  members: orgProcedure("members.read")
    .output(membersOutput)
    .query(({ ctx }) => listMembers({ orgId: ctx.org.id })),
  ...orgAdminProcedures,
});

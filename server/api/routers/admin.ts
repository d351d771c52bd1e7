// The operator console (PlatformAdmin only: everyone else gets FORBIDDEN from adminProcedure).
import "server-only";
import { z } from "zod";
import { EmailStatus } from "../../generated/prisma/enums";
import { safeString } from "../schemas/safe-string";
import { operatorActor } from "../../access/actor";
import { systemHealth } from "../../admin/health";
import {
  getOrgForAdmin,
  listOrgsForAdmin,
  listResellersForAdmin,
  reactivateOrgAsOperator,
  setRevenueShare,
  suspendOrgAsOperator,
} from "../../admin/orgs";
import { getOutboxMessage, listOutbox, requeueOutboxMessage } from "../../admin/outbox";
import { listUnauthorizedAttempts } from "../../admin/unauthorized";
import { memberRole, memberRow, orgStatus, orgSummary, statusChange } from "../schemas/org-summary";
import { adminProcedure, router } from "../trpc";

const id = safeString().min(1).max(64);
const emailStatus = z.enum(EmailStatus);
const orgRef = z.object({ id: z.string(), name: z.string() });
const orgRow = orgSummary.extend({ reseller: orgRef.nullable(), members: z.number().int() });

const orgDetail = orgRow.omit({ members: true }).extend({
  allowedDomains: z.array(z.string()),
  members: z.array(memberRow),
  invitations: z.array(z.object({ id: z.string(), email: z.string(), role: memberRole, expiresAt: z.date() })),
  statusHistory: z.array(
    z.object({
      id: z.string(),
      action: z.string(),
      actorType: z.string(),
      by: z.string(),
      reason: z.string().nullable(),
      createdAt: z.date(),
    }),
  ),
});

const outboxRow = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  status: emailStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: z.date().nullable(),
  createdAt: z.date(),
  org: orgRef.nullable(),
});

function probeOf<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion("state", [
    z.object({ state: z.literal("ok"), checkedAt: z.date(), value }),
    z.object({ state: z.literal("unreachable"), checkedAt: z.date(), error: z.string() }),
    z.object({ state: z.literal("not_applicable"), checkedAt: z.date(), note: z.string() }),
  ]);
}
const n = z.number();
const healthOutput = z.object({
  relay: probeOf(
    z.object({
      url: z.string(),
      node: z.string(),
      connections: n,
      channels: n,
      published: n,
      deliveries: n,
      messagesIn: n,
      apiRequests: n,
      apiErrors: n,
      webhookAttemptsFailed: n,
      webhookEventsDropped: n,
      backpressureCloses: n,
      rssBytes: n,
    }),
  ),
  database: probeOf(z.object({ serverVersion: z.string(), roundTripMs: n, serverTime: z.date() })),
  queues: probeOf(
    z.object({
      totalWaiting: n,
      totalOffered: n,
      orgs: z.array(z.object({ orgId: z.string(), name: z.string(), waiting: n, offered: n, oldestEnqueuedAt: z.date().nullable() })),
    }),
  ),
  jobs: probeOf(
    z.object({
      queues: z.array(z.object({ name: z.string(), ready: n, scheduled: n, retry: n, active: n, failed: n, completed: n })),
    }),
  ),
});

export const adminRouter = router({
  orgs: adminProcedure
    .input(
      z.object({
        search: safeString().max(200).optional(),
        status: orgStatus.optional(),
        reseller: safeString().max(64).optional(),
        cursor: id.optional(),
      }),
    )
    .output(z.object({ items: z.array(orgRow), nextCursor: z.string().nullable() }))
    .query(({ input }) => listOrgsForAdmin(input)),
  org: adminProcedure
    .input(z.object({ orgId: id }))
    .output(orgDetail)
    .query(({ input }) => getOrgForAdmin(input.orgId)),
  suspendOrg: adminProcedure
    .input(z.object({ orgId: id, reason: safeString().max(500) }))
    .output(statusChange)
    .mutation(({ ctx, input }) =>
      suspendOrgAsOperator({ orgId: input.orgId, reason: input.reason, actor: operatorActor(ctx.user.id, ctx.ip) }),
    ),
  reactivateOrg: adminProcedure
    .input(z.object({ orgId: id, note: safeString().max(500).optional() }))
    .output(statusChange)
    .mutation(({ ctx, input }) =>
      reactivateOrgAsOperator({ orgId: input.orgId, note: input.note, actor: operatorActor(ctx.user.id, ctx.ip) }),
    ),
  resellers: adminProcedure
    .output(
      z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          slug: z.string(),
          revenueShareBps: z.number().int(),
          active: z.boolean(),
          createdAt: z.date(),
          memberEmails: z.array(z.string()),
          subClients: z.number().int(),
        }),
      ),
    )
    .query(() => listResellersForAdmin()),
  setRevenueShare: adminProcedure
    .input(z.object({ resellerId: id, bps: z.number().int().min(0).max(10_000) }))
    .output(z.object({ id: z.string(), revenueShareBps: z.number().int() }))
    .mutation(({ ctx, input }) => setRevenueShare({ ...input, actor: operatorActor(ctx.user.id, ctx.ip) })),
  outbox: adminProcedure
    .input(z.object({ status: emailStatus.optional(), search: safeString().max(200).optional(), cursor: id.optional() }))
    .output(
      z.object({
        items: z.array(outboxRow),
        nextCursor: z.string().nullable(),
        counts: z.object({ PENDING: z.number().int(), SENT: z.number().int(), FAILED: z.number().int(), NOT_SENT: z.number().int() }),
      }),
    )
    .query(({ input }) => listOutbox(input)),
  requeueEmail: adminProcedure
    .input(z.object({ id }))
    .output(z.object({ id: z.string(), status: z.literal("PENDING") }))
    .mutation(({ ctx, input }) => requeueOutboxMessage({ id: input.id, actor: operatorActor(ctx.user.id, ctx.ip) })),
  outboxMessage: adminProcedure
    .input(z.object({ id }))
    .output(outboxRow.extend({ text: z.string(), html: z.string().nullable() }))
    .query(({ input }) => getOutboxMessage(input.id)),
  unauthorizedAttempts: adminProcedure
    .input(z.object({ orgId: id.optional(), cursor: id.optional() }))
    .output(
      z.object({
        items: z.array(
          z.object({
            id: z.string(),
            createdAt: z.date(),
            ip: z.string().nullable(),
            org: orgRef.nullable(),
            host: z.string().nullable(),
            origin: z.string().nullable(),
            reason: z.string().nullable(),
            launcherKey: z.string().nullable(),
            notified: z.boolean(),
          }),
        ),
        nextCursor: z.string().nullable(),
        lastDayByOrg: z.array(z.object({ orgId: z.string(), name: z.string(), attempts: z.number().int() })),
      }),
    )
    .query(({ input }) => listUnauthorizedAttempts(input)),
  health: adminProcedure.output(healthOutput).query(() => systemHealth()),
});

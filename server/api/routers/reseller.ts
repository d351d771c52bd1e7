// The reseller (VAR) portal. Every id-taking procedure checks the org against ctx.reseller inside
// the domain function (server/resellers/sub-clients.ts: subClientWhere): another reseller's
// sub-client answers NOT_FOUND.
import "server-only";
import { z } from "zod";
import { safeString } from "../schemas/safe-string";
import { emailInput, resellerSignUpInput, signUpReseller } from "../../resellers/sign-up";
import {
  createSubClient,
  createSubClientInput,
  getSubClient,
  inviteSubClientOwner,
  listSubClients,
  reactivateSubClient,
  resendSubClientInvitation,
  revokeSubClientInvitation,
  suspendSubClient,
  type ResellerCaller,
} from "../../resellers/sub-clients";
import { memberRow, orgSummary, statusChange } from "../schemas/org-summary";
import { publicProcedure, resellerProcedure, router, type Context, type ResellerContext } from "../trpc";

const orgId = safeString().min(1).max(64);
const pendingInvitation = z
  .object({ id: z.string(), email: z.string(), expiresAt: z.date(), createdAt: z.date(), expired: z.boolean() })
  .nullable();
const invitationOut = z.object({ invitationId: z.string(), email: z.string() });

const subClientSummary = orgSummary.extend({ agents: z.number().int(), pendingInvitation });

const subClientDetail = subClientSummary.omit({ agents: true }).extend({
  allowedDomains: z.array(z.string()),
  launchers: z.array(z.object({ key: z.string(), name: z.string() })),
  members: z.array(memberRow),
  history: z.array(
    z.object({
      id: z.string(),
      action: z.string(),
      actorType: z.string(),
      reason: z.string().nullable(),
      email: z.string().nullable(),
      createdAt: z.date(),
    }),
  ),
});

function actorOf(ctx: Context & ResellerContext & { user: { id: string; name: string | null } }): ResellerCaller {
  return { type: "reseller", resellerId: ctx.reseller.id, resellerName: ctx.reseller.name, userId: ctx.user.id, userName: ctx.user.name };
}

export const resellerRouter = router({
  signUp: publicProcedure
    .input(resellerSignUpInput)
    .output(z.object({ email: z.string() }))
    .mutation(async ({ input }) => ({ email: (await signUpReseller(input)).email })),
  me: resellerProcedure
    .output(z.object({ id: z.string(), name: z.string(), slug: z.string(), revenueShareBps: z.number().int() }))
    .query(({ ctx }) => ctx.reseller),
  clients: resellerProcedure.output(z.array(subClientSummary)).query(({ ctx }) => listSubClients(ctx.reseller.id)),
  client: resellerProcedure
    .input(z.object({ orgId }))
    .output(subClientDetail)
    .query(({ ctx, input }) => getSubClient(ctx.reseller.id, input.orgId)),
  createClient: resellerProcedure
    .input(createSubClientInput)
    .output(z.object({ orgId: z.string(), invitation: invitationOut }))
    .mutation(({ ctx, input }) => createSubClient(actorOf(ctx), input)),
  inviteOwner: resellerProcedure
    .input(z.object({ orgId, email: emailInput() }))
    .output(invitationOut)
    .mutation(({ ctx, input }) => inviteSubClientOwner(actorOf(ctx), input.orgId, input.email)),
  resendInvitation: resellerProcedure
    .input(z.object({ orgId, invitationId: safeString().min(1).max(64) }))
    .output(invitationOut)
    .mutation(({ ctx, input }) => resendSubClientInvitation(actorOf(ctx), input.orgId, input.invitationId)),
  revokeInvitation: resellerProcedure
    .input(z.object({ orgId, invitationId: safeString().min(1).max(64) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => revokeSubClientInvitation(actorOf(ctx), input.orgId, input.invitationId)),
  suspend: resellerProcedure
    .input(z.object({ orgId, reason: safeString().max(500) }))
    .output(statusChange)
    .mutation(({ ctx, input }) => suspendSubClient(actorOf(ctx), input.orgId, input.reason, ctx.ip)),
  reactivate: resellerProcedure
    .input(z.object({ orgId }))
    .output(statusChange)
    .mutation(({ ctx, input }) => reactivateSubClient(actorOf(ctx), input.orgId, ctx.ip)),
});

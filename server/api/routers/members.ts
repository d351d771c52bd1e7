// Dashboard: the org's people and invitations. Listing members stays in `org.members` (agents need it too).
import "server-only";
import { z } from "zod";
import { MAX_CAPACITY } from "../../agents/set-status";
import { inviteMember, listPendingInvitations, resendInvitation, revokeInvitation } from "../../invitations/manage";
import { changeMemberRole, setMemberActive } from "../../members/manage-member";
import { setMemberCapacity } from "../../members/set-capacity";
import { orgProcedure, router } from "../trpc";
import { actorOf, id, memberRole } from "./dashboard-schemas";

const invitationOutput = z.object({
  id: z.string(),
  email: z.string(),
  role: memberRole,
  expiresAt: z.date(),
});

export const membersRouter = router({
  changeRole: orgProcedure("members.write")
    .input(z.object({ membershipId: id, role: memberRole }))
    .output(z.object({ id: z.string(), role: memberRole }))
    .mutation(({ ctx, input }) =>
      changeMemberRole({
        orgId: ctx.org.id,
        actor: actorOf(ctx),
        membershipId: input.membershipId,
        role: input.role,
      }),
    ),
  setActive: orgProcedure("members.write")
    .input(z.object({ membershipId: id, active: z.boolean() }))
    .output(z.object({ id: z.string(), active: z.boolean() }))
    .mutation(({ ctx, input }) =>
      setMemberActive({
        orgId: ctx.org.id,
        actor: actorOf(ctx),
        membershipId: input.membershipId,
        active: input.active,
      }),
    ),
  setCapacity: orgProcedure("members.write")
    .input(z.object({ membershipId: id, capacity: z.number().int().min(1).max(MAX_CAPACITY) }))
    .output(z.object({ membershipId: z.string(), capacity: z.number().int() }))
    .mutation(({ ctx, input }) => setMemberCapacity({ orgId: ctx.org.id, membershipId: input.membershipId, capacity: input.capacity })),

  invitations: orgProcedure("members.write")
    .output(
      z.array(
        z.object({
          id: z.string(),
          email: z.string(),
          role: memberRole,
          createdAt: z.date(),
          expiresAt: z.date(),
          expired: z.boolean(),
          invitedBy: z.string().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => listPendingInvitations({ orgId: ctx.org.id })),
  invite: orgProcedure("members.write")
    .input(z.object({ email: z.email().max(254), role: memberRole }))
    .output(invitationOutput)
    .mutation(({ ctx, input }) => inviteMember({ orgId: ctx.org.id, actor: actorOf(ctx), email: input.email, role: input.role })),
  resendInvitation: orgProcedure("members.write")
    .input(z.object({ invitationId: id }))
    .output(invitationOutput)
    .mutation(({ ctx, input }) => resendInvitation({ orgId: ctx.org.id, actor: actorOf(ctx), invitationId: input.invitationId })),
  revokeInvitation: orgProcedure("members.write")
    .input(z.object({ invitationId: id }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => revokeInvitation({ orgId: ctx.org.id, actor: actorOf(ctx), invitationId: input.invitationId })),
});

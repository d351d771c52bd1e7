// The invitee's side: look at an invitation by its token, accept it (signed in, or with a new account).
import "server-only";
import { z } from "zod";
import { safeString } from "../schemas/safe-string";
import { acceptInvitation, acceptInvitationWithNewAccount, viewInvitation } from "../../invitations/accept";
import { MAX_PASSWORD_LENGTH } from "../../accounts/password-policy";
import { protectedProcedure, publicProcedure, router } from "../trpc";
import { memberRole } from "./dashboard-schemas";

const token = safeString().min(1).max(200);
const accepted = z.object({ id: z.string(), orgId: z.string(), role: memberRole, orgName: z.string() });

export const invitationsRouter = router({
  view: publicProcedure
    .input(z.object({ token }))
    .output(
      z.discriminatedUnion("state", [
        z.object({ state: z.literal("not_found") }),
        z.object({
          state: z.enum(["pending", "expired", "accepted", "revoked"]),
          email: z.string(),
          role: memberRole,
          orgName: z.string(),
          expiresAt: z.date(),
          accountExists: z.boolean(),
        }),
      ]),
    )
    .query(({ input }) => viewInvitation(input.token)),
  accept: protectedProcedure
    .input(z.object({ token }))
    .output(accepted)
    .mutation(({ ctx, input }) => acceptInvitation({ token: input.token, user: ctx.user })),
  acceptWithNewAccount: publicProcedure
    .input(
      z.object({
        token,
        name: safeString().trim().min(1).max(100),
        password: safeString().min(1).max(MAX_PASSWORD_LENGTH),
      }),
    )
    .output(accepted.extend({ email: z.string() }))
    .mutation(({ input }) => acceptInvitationWithNewAccount(input)),
});

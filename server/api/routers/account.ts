// Accounts that start themselves: sign-up and email verification.
import "server-only";
import { z } from "zod";
import { resendVerificationEmail } from "../../accounts/email-verification";
import { signUp, throttleSignUp } from "../../accounts/sign-up";
import { signUpInput } from "../../accounts/sign-up-input";
import { requestEmailDelivery } from "../../notifications/deliver";
import { protectedProcedure, publicProcedure, router } from "../trpc";

export const accountRouter = router({
  /** Creates user + organization and queues the verification email. The browser signs in next. */
  signUp: publicProcedure
    // Before the input is parsed, so malformed attempts count against the address too.
    .use(async ({ ctx, next }) => {
      await throttleSignUp(ctx.ip);
      return next();
    })
    .input(signUpInput)
    .output(z.object({ orgId: z.string(), launcherKey: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { orgId, launcherKey } = await signUp(input, { ip: ctx.ip });
      await requestEmailDelivery();
      return { orgId, launcherKey };
    }),

  resendVerification: protectedProcedure
    .output(z.object({ sentTo: z.string() }))
    .mutation(({ ctx }) => resendVerificationEmail(ctx.user.id)),
});

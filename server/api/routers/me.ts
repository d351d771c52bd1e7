import "server-only";
import { z } from "zod";
import { MemberRole } from "../../generated/prisma/enums";
import { getMe } from "../../accounts/get-me";
import { protectedProcedure } from "../trpc";

const memberRole = z.enum(MemberRole);

export const meOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  /** False until the address is confirmed (components/auth/verify-email-banner.tsx). */
  emailVerified: z.boolean(),
  isPlatformAdmin: z.boolean(),
  memberships: z.array(
    z.object({
      id: z.string(),
      role: memberRole,
      org: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    }),
  ),
});

export const me = protectedProcedure.output(meOutput).query(({ ctx }) => getMe(ctx.user.id));

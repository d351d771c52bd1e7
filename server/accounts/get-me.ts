import "server-only";
import { db } from "../db";
import { notFound } from "../errors";
import type { MemberRole } from "../generated/prisma/enums";

export type Me = {
  id: string;
  email: string;
  name: string | null;
  emailVerified: boolean;
  isPlatformAdmin: boolean;
  memberships: { id: string; role: MemberRole; org: { id: string; name: string; slug: string } }[];
};

/** The signed-in user with their active memberships, oldest first (the first is their home org). */
export async function getMe(userId: string): Promise<Me> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      emailVerifiedAt: true,
      platformAdmin: { select: { id: true } },
      memberships: {
        where: { active: true },
        orderBy: { createdAt: "asc" },
        select: { id: true, role: true, org: { select: { id: true, name: true, slug: true } } },
      },
    },
  });
  if (!user) throw notFound("User");
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerifiedAt !== null,
    isPlatformAdmin: user.platformAdmin !== null,
    memberships: user.memberships,
  };
}

import "server-only";
import { db } from "../db";

/** The reseller a user works for (their first seat), or null. For page layouts; procedures use resellerProcedure. */
export async function resellerOfUser(userId: string) {
  const seat = await db.resellerMember.findFirst({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { reseller: { select: { id: true, name: true, active: true } } },
  });
  return seat?.reseller ?? null;
}

// The org's in-app notifications as one admin sees them: those addressed to them and those for every
// admin (membershipId null). Marking read touches only those rows.
import "server-only";
import { db } from "../db";

const mine = (orgId: string, membershipId: string) => ({
  orgId,
  OR: [{ membershipId }, { membershipId: null }],
});

export async function listNotifications({ orgId, membershipId, limit = 50 }: { orgId: string; membershipId: string; limit?: number }) {
  const [items, unread] = await Promise.all([
    db.notification.findMany({
      where: mine(orgId, membershipId),
      orderBy: { createdAt: "desc" },
      take: limit,
      select: { id: true, kind: true, title: true, body: true, readAt: true, createdAt: true },
    }),
    db.notification.count({ where: { ...mine(orgId, membershipId), readAt: null } }),
  ]);
  return { items, unread };
}

/** Marks the given notifications (or all of them) read; ids of other orgs or admins are ignored. */
export async function markNotificationsRead({
  orgId,
  membershipId,
  ids,
  now = new Date(),
}: {
  orgId: string;
  membershipId: string;
  ids: string[] | "all";
  now?: Date;
}) {
  const { count } = await db.notification.updateMany({
    where: { ...mine(orgId, membershipId), readAt: null, ...(ids === "all" ? {} : { id: { in: ids } }) },
    data: { readAt: now },
  });
  return { marked: count };
}

// What an org's people were told about its suspensions and reactivations (server/orgs/status-notice.ts):
// the in-app notifications (by recipient membership) and the emails (by address), oldest first.
import { db } from "../../server/db";
import { REACTIVATED_NOTICE, SUSPENDED_NOTICE } from "../../server/orgs/status-notice";

export async function statusNotices(orgId: string, kind: "suspended" | "reactivated") {
  const notifications = await db.notification.findMany({
    where: { orgId, kind: kind === "suspended" ? SUSPENDED_NOTICE : REACTIVATED_NOTICE },
    orderBy: { createdAt: "asc" },
    select: { membershipId: true, title: true, body: true, data: true },
  });
  const emails = await db.emailOutbox.findMany({
    where: { orgId, subject: { endsWith: kind === "suspended" ? "has been suspended" : "is active again" } },
    orderBy: { createdAt: "asc" },
    select: { to: true, subject: true, text: true, html: true },
  });
  return {
    notifications,
    emails,
    members: notifications.map((n) => n.membershipId).sort(),
    to: emails.map((e) => e.to).sort(),
  };
}

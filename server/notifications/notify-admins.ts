// Tell an org's administrators something: an in-app Notification and an email for each, written
// in one transaction. With `throttle`, repeats of the same key within the window are dropped, and
// at most `maxPerWindow` distinct keys are notified per window, so whatever triggers the notice
// (a hostile page, a flood of requests with made-up origins) cannot flood the outbox.
import "server-only";
import { PERMISSIONS, type Permission } from "../access/permissions";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { queueEmail } from "./email";

type Tx = Prisma.TransactionClient;

export type AdminNotice = {
  orgId: string;
  kind: string;
  title: string;
  body: string;
  data?: Record<string, unknown>;
  email?: { subject: string; text: string; html?: string };
  /** Who counts as an admin here: the roles holding this permission. */
  permission?: Permission;
  throttle?: { key: string; windowMs: number; maxPerWindow?: number };
  now?: Date;
};

export type NotifyResult = { notified: number; throttled: null | "repeat" | "cap" };

/** Inside the caller's transaction. */
export async function notifyOrgAdminsInTx(tx: Tx, notice: AdminNotice): Promise<NotifyResult> {
  const now = notice.now ?? new Date();
  if (notice.throttle) {
    // Serialise notices of this kind per org, so two requests can't both see "not sent yet".
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`notify:${notice.orgId}:${notice.kind}`}, 0))`;
    const since = new Date(now.getTime() - notice.throttle.windowMs);
    // Bounded by the throttle itself: at most maxPerWindow keys x admins rows in the window.
    const recent = await tx.notification.findMany({
      where: { orgId: notice.orgId, kind: notice.kind, createdAt: { gte: since } },
      select: { data: true },
    });
    const keys = new Set(recent.map((n) => (n.data as { throttleKey?: unknown } | null)?.throttleKey).filter((k) => typeof k === "string"));
    if (keys.has(notice.throttle.key)) return { notified: 0, throttled: "repeat" };
    if (notice.throttle.maxPerWindow !== undefined && keys.size >= notice.throttle.maxPerWindow) return { notified: 0, throttled: "cap" };
  }
  const roles = [...PERMISSIONS[notice.permission ?? "notifications.read"]];
  const admins = await tx.membership.findMany({
    where: { orgId: notice.orgId, active: true, role: { in: roles } },
    select: { id: true, user: { select: { email: true } } },
    orderBy: { createdAt: "asc" },
  });
  const data = {
    ...notice.data,
    ...(notice.throttle ? { throttleKey: notice.throttle.key } : {}),
  } as Prisma.InputJsonObject;
  for (const admin of admins) {
    await tx.notification.create({
      data: {
        orgId: notice.orgId,
        membershipId: admin.id,
        kind: notice.kind,
        title: notice.title,
        body: notice.body,
        data,
        createdAt: now,
      },
    });
    if (notice.email) await queueEmail(tx, { orgId: notice.orgId, to: admin.user.email, ...notice.email });
  }
  return { notified: admins.length, throttled: null };
}

export async function notifyOrgAdmins(notice: AdminNotice): Promise<NotifyResult> {
  return db.$transaction((tx) => notifyOrgAdminsInTx(tx, notice));
}

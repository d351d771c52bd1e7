// A visitor arrived through a launcher from a page the org has not allowed (or from no page, where
// the launcher wants one). Every attempt is written to the audit log; the org's admins hear about
// it in the app and by email at most once per host per launcher per hour, and about at most
// MAX_ALERTS_PER_HOUR different hosts per hour, so a hostile page can't flood their inbox.
import "server-only";
import { env } from "../env";
import { visitorActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import { db } from "../db";
import { escapeHtml } from "../notifications/email";
import { notifyOrgAdminsInTx, type NotifyResult } from "../notifications/notify-admins";

export const UNAUTHORIZED_KIND = "unauthorized_domain";
export const UNAUTHORIZED_ACTION = "launcher.unauthorized_domain";
export const ALERT_WINDOW_MS = 60 * 60 * 1000;
export const MAX_ALERTS_PER_HOUR = 20;

export type RefusedVisit = {
  org: { id: string; name: string };
  launcher: { id: string; key: string; name: string };
  reason: "domain_not_allowed" | "no_referrer";
  /** e.g. "https://evil.example"; null when there was no referring page. */
  origin: string | null;
  host: string | null;
  referrerUrl: string | null;
  ip: string | null;
  now?: Date;
};

function describe(v: RefusedVisit) {
  const where = v.origin ?? "a link with no referring page";
  const title =
    v.reason === "no_referrer"
      ? `A visitor opened “${v.launcher.name}” without coming from your site`
      : `${v.host} tried to use your launcher “${v.launcher.name}”`;
  const advice =
    v.reason === "no_referrer"
      ? "If you share this launcher's link in emails or apps, turn on “Allow direct visits” for it."
      : `If ${v.host} is your site, add it to your allowed domains. If not, someone is linking to your launcher without permission; nobody was queued.`;
  const body = `A visitor was turned away from launcher “${v.launcher.name}” (key ${v.launcher.key}): it was opened from ${where}, which is not one of ${v.org.name}'s allowed domains. ${advice}`;
  const settings = new URL("/dashboard", env.NEXTAUTH_URL).toString();
  const text = `${body}\n\nManage allowed domains: ${settings}\n\nYou get at most one such email per site and launcher each hour; every attempt is in the audit log.\n`;
  const html = `<p>${escapeHtml(body)}</p><p><a href="${escapeHtml(settings)}">Manage allowed domains</a></p><p style="color:#64748b;font-size:12px">You get at most one such email per site and launcher each hour; every attempt is in the audit log.</p>`;
  return { title, body, email: { subject: `iSession: ${title}`, text, html } };
}

/** Audits the attempt and, unless throttled, notifies the org's admins. */
export async function recordRefusedVisit(v: RefusedVisit): Promise<NotifyResult> {
  const now = v.now ?? new Date();
  const msg = describe(v);
  return db.$transaction(async (tx) => {
    const result = await notifyOrgAdminsInTx(tx, {
      orgId: v.org.id,
      kind: UNAUTHORIZED_KIND,
      title: msg.title,
      body: msg.body,
      data: {
        origin: v.origin,
        host: v.host,
        reason: v.reason,
        launcherId: v.launcher.id,
        launcherKey: v.launcher.key,
      },
      email: msg.email,
      // The decision is made on the host, so the throttle is too: another port or scheme is the same site.
      throttle: {
        key: `${v.launcher.id}|${v.host ?? "(none)"}`,
        windowMs: ALERT_WINDOW_MS,
        maxPerWindow: MAX_ALERTS_PER_HOUR,
      },
      now,
    });
    await recordAudit(tx, visitorActor(v.ip), {
      orgId: v.org.id,
      action: UNAUTHORIZED_ACTION,
      targetType: "Launcher",
      targetId: v.launcher.id,
      at: now,
      data: {
        origin: v.origin,
        host: v.host,
        reason: v.reason,
        referrerUrl: v.referrerUrl?.slice(0, 500) ?? null,
        launcherKey: v.launcher.key,
        notified: result.throttled === null,
        ...(result.throttled ? { throttled: result.throttled } : {}),
      },
    });
    return result;
  });
}

// What an organization's owners and admins are told when it is suspended or reactivated: one
// in-app notification and one email each, written in the transaction that changes the status
// (server/orgs/status.ts), so a rolled-back change tells nobody. Agents and managers are not told:
// they see the effect in the console, and what to do about it is the owners' business.
//
// The text says what suspension means (launchers show an "unavailable" page, running sessions
// finish) and who can lift it: billing → update the card on the billing page; a reseller → that
// reseller; the operator → iSession support.
import "server-only";
import { env } from "../env";
import { escapeHtml } from "../notifications/email";
import { notifyOrgAdminsInTx, type NotifyResult } from "../notifications/notify-admins";
import type { Tx } from "../tx";
import type { StatusActor } from "./status";

export const SUSPENDED_NOTICE = "org.suspended";
export const REACTIVATED_NOTICE = "org.reactivated";

function link(path: string): string {
  return new URL(path, env.NEXTAUTH_URL).toString();
}

/** Who to contact about a suspension made by this actor, as a sentence (and a link, if any). */
async function whoToContact(tx: Tx, actor: StatusActor): Promise<{ text: string; url: string | null; by: string }> {
  if (actor.type === "system") {
    return {
      by: "our billing system",
      text: "To lift it, update your payment card on the billing page; your organization is reactivated as soon as the payment goes through.",
      url: link("/dashboard/billing"),
    };
  }
  if (actor.type === "reseller") {
    const reseller = await tx.reseller.findUnique({ where: { id: actor.resellerId }, select: { name: true } });
    const name = reseller?.name ?? "your reseller";
    return {
      by: name,
      text: `Your service is provided through ${name}; please contact them about this.`,
      url: null,
    };
  }
  return { by: "iSession", text: "Please contact iSession support about this.", url: null };
}

function email(subject: string, paragraphs: string[], linkUrl: string | null, linkLabel: string) {
  const text = `${paragraphs.join("\n\n")}${linkUrl ? `\n\n${linkLabel}: ${linkUrl}` : ""}\n`;
  const html =
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("") +
    (linkUrl ? `<p><a href="${escapeHtml(linkUrl)}">${escapeHtml(linkLabel)}</a></p>` : "");
  return { subject, text, html };
}

export async function notifySuspended(
  tx: Tx,
  input: { orgId: string; reason: string; actor: StatusActor; by: string; now: Date },
): Promise<NotifyResult> {
  const org = await tx.organization.findUniqueOrThrow({ where: { id: input.orgId }, select: { name: true } });
  const contact = await whoToContact(tx, input.actor);
  const title = `${org.name} has been suspended`;
  const body =
    `We're sorry to let you know that ${org.name} has been suspended by ${contact.by}. Reason: ${input.reason} ` +
    `While it is suspended, your website buttons and launcher links show visitors a polite "live help is unavailable right now" page ` +
    `and no new sessions start; sessions already running are left to finish. ${contact.text}`;
  return notifyOrgAdminsInTx(tx, {
    orgId: input.orgId,
    kind: SUSPENDED_NOTICE,
    title,
    body,
    data: { reason: input.reason, by: input.by },
    email: email(
      `iSession: ${title}`,
      [
        "Hello,",
        `We're sorry to let you know that ${org.name} has been suspended by ${contact.by}.`,
        `Reason: ${input.reason}`,
        `What this means: while it is suspended, your website buttons and launcher links show visitors a polite "live help is unavailable right now" page, and no new sessions start. Sessions that were already running are left to finish.`,
        contact.text,
        "Thank you,\nThe iSession team",
      ],
      contact.url,
      "Open the billing page",
    ),
    now: input.now,
  });
}

export async function notifyReactivated(
  tx: Tx,
  input: { orgId: string; actor: StatusActor; by: string; now: Date },
): Promise<NotifyResult> {
  const org = await tx.organization.findUniqueOrThrow({ where: { id: input.orgId }, select: { name: true } });
  const title = `${org.name} is active again`;
  const body = `Good news: ${org.name} has been reactivated. Your website buttons and launcher links take visitors again, and your team can take sessions as usual.`;
  return notifyOrgAdminsInTx(tx, {
    orgId: input.orgId,
    kind: REACTIVATED_NOTICE,
    title,
    body,
    data: { by: input.by },
    email: email(
      `iSession: ${title}`,
      ["Hello,", body, "Thank you for your patience,\nThe iSession team"],
      link("/dashboard"),
      "Open your dashboard",
    ),
    now: input.now,
  });
}

// Inviting someone into an organization by email: an org admin inviting an agent, or a reseller
// inviting a sub-client's first admin. Only a SHA-256 of the token is stored; the token itself
// exists only in the emailed link. The outbox copy loses it once sent (send-outbox.ts); an unsent
// copy keeps it, because without SMTP the operator passes such links on by hand.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { env } from "../env";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { MemberRole } from "../generated/prisma/enums";
import { escapeHtml, queueEmail } from "../notifications/email";

type Tx = Prisma.TransactionClient | Db;

export const INVITATION_TTL_DAYS = 7;
/**
 * Emails an org may have queued in the last 24 hours before it can send no more invitations: the
 * invitation text carries a name and an org name the inviter chose, so without a cap anyone who
 * signs up could use our mail domain to send unlimited messages to any address.
 */
export const ORG_EMAILS_PER_DAY = 100;

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function invitationUrl(token: string): string {
  return `${env.NEXTAUTH_URL.replace(/\/$/, "")}/invite/${token}`;
}

export type CreateInvitationInput = {
  orgId: string;
  email: string;
  role: MemberRole;
  invitedByUserId: string | null;
  /** Who is inviting, for the email ("Ann at Acme"). */
  inviterName?: string | null;
};

/**
 * Records the invitation and queues its email in the caller's transaction, so either both happen
 * or neither. A pending invitation for the same address is replaced (its link stops working).
 * The accept URL goes only into the email: whoever holds it could accept under the invitee's address.
 * Call it inside a transaction: the daily cap's count is serialized per org.
 */
export async function createInvitation(tx: Tx, input: CreateInvitationInput) {
  const email = input.email.trim().toLowerCase();
  const org = await tx.organization.findUnique({
    where: { id: input.orgId },
    select: { name: true },
  });
  if (!org) throw new AppError("NOT_FOUND", "Organization not found");
  const member = await tx.membership.findFirst({
    where: { orgId: input.orgId, user: { email } },
    select: { id: true },
  });
  if (member) throw new AppError("CONFLICT", `${email} is already a member of ${org.name}`);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`invite-mail:${input.orgId}`}, 0))`;
  const recent = await tx.emailOutbox.count({
    where: { orgId: input.orgId, createdAt: { gt: new Date(Date.now() - 86_400_000) } },
  });
  if (recent >= ORG_EMAILS_PER_DAY) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `${org.name} has sent ${ORG_EMAILS_PER_DAY} emails in the last 24 hours. Try again tomorrow, or contact support.`,
    );
  }

  await tx.invitation.deleteMany({ where: { orgId: input.orgId, email, acceptedAt: null } });
  const token = randomBytes(32).toString("base64url");
  const invitation = await tx.invitation.create({
    data: {
      orgId: input.orgId,
      email,
      role: input.role,
      tokenHash: hashInvitationToken(token),
      invitedById: input.invitedByUserId,
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
    },
    select: { id: true, email: true, role: true, expiresAt: true },
  });
  const url = invitationUrl(token);
  const who = input.inviterName ? `${input.inviterName} has` : "You have been";
  const text =
    `${who} invited you to join ${org.name} on iSession as ${input.role.toLowerCase()}.\n\n` +
    `Accept the invitation: ${url}\n\nThe link works for ${INVITATION_TTL_DAYS} days.\n`;
  await queueEmail(tx, {
    orgId: input.orgId,
    to: email,
    subject: `Join ${org.name} on iSession`,
    text,
    html: `<p>${escapeHtml(text.split("\n\n")[0]!)}</p><p><a href="${escapeHtml(url)}">Accept the invitation</a></p><p>The link works for ${INVITATION_TTL_DAYS} days.</p>`,
  });
  return { invitation };
}

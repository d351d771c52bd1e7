// Confirming that a new account's owner reads the mailbox they signed up with. The link carries a
// random token; only its SHA-256 is stored (EmailToken, purpose VERIFY_EMAIL), so a database read
// cannot verify anyone. A token works once and for VERIFY_EMAIL_TTL_HOURS; a newer one retires
// the older ones. Resending is limited per user, counted from the token rows themselves.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db, type Db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { requestEmailDelivery } from "../notifications/deliver";
import { escapeHtml, queueEmail } from "../notifications/email";

type Tx = Prisma.TransactionClient | Db;

export const VERIFY_EMAIL_TTL_HOURS = 48;
export const RESEND_LIMITS = { minIntervalMs: 60_000, perDay: 5 } as const;

export function hashEmailToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function verifyEmailUrl(token: string): string {
  return `${env.NEXTAUTH_URL.replace(/\/$/, "")}/verify-email/${token}`;
}

/** Creates a token and queues its email in the caller's transaction; older unused tokens stop working. */
export async function issueVerificationEmail(
  tx: Tx,
  user: { id: string; email: string; name: string | null },
  opts: { orgId?: string | null; now?: Date; intro?: string } = {},
): Promise<{ url: string }> {
  const now = opts.now ?? new Date();
  await tx.emailToken.updateMany({
    where: { userId: user.id, purpose: "VERIFY_EMAIL", usedAt: null, expiresAt: { gt: now } },
    data: { expiresAt: now },
  });
  const token = randomBytes(32).toString("base64url");
  await tx.emailToken.create({
    data: {
      userId: user.id,
      purpose: "VERIFY_EMAIL",
      tokenHash: hashEmailToken(token),
      expiresAt: new Date(now.getTime() + VERIFY_EMAIL_TTL_HOURS * 3_600_000),
      createdAt: now,
    },
  });
  const url = verifyEmailUrl(token);
  const hello = user.name ? `Hello ${user.name},` : "Hello,";
  const intro = opts.intro ?? "Please confirm your email address for iSession.";
  const text =
    `${hello}\n\n${intro}\n\nConfirm your email address: ${url}\n\n` +
    `The link works for ${VERIFY_EMAIL_TTL_HOURS} hours. If you did not sign up for iSession, ignore this email.\n`;
  await queueEmail(tx, {
    orgId: opts.orgId ?? null,
    to: user.email,
    subject: "Confirm your email address for iSession",
    text,
    html:
      `<p>${escapeHtml(hello)}</p><p>${escapeHtml(intro)}</p>` +
      `<p><a href="${escapeHtml(url)}">Confirm your email address</a></p>` +
      `<p>The link works for ${VERIFY_EMAIL_TTL_HOURS} hours. If you did not sign up for iSession, ignore this email.</p>`,
  });
  return { url };
}

export type VerifyResult =
  | { status: "verified"; email: string }
  | { status: "already_used"; email: string; verified: boolean }
  | { status: "expired"; email: string; verified: boolean }
  | { status: "invalid" };

/** Uses a verification token: once, before it expires. */
export async function verifyEmailToken(token: string, now = new Date()): Promise<VerifyResult> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: "invalid" };
  const row = await db.emailToken.findUnique({
    where: { tokenHash: hashEmailToken(token) },
    select: {
      id: true,
      purpose: true,
      usedAt: true,
      expiresAt: true,
      user: { select: { id: true, email: true, emailVerifiedAt: true } },
    },
  });
  if (!row || row.purpose !== "VERIFY_EMAIL") return { status: "invalid" };
  const verified = row.user.emailVerifiedAt !== null;
  if (row.usedAt) return { status: "already_used", email: row.user.email, verified };
  if (row.expiresAt <= now) return { status: "expired", email: row.user.email, verified };
  return db.$transaction(async (tx) => {
    // Two clicks at once: only one of them finds the token unused.
    const claimed = await tx.emailToken.updateMany({
      where: { id: row.id, usedAt: null },
      data: { usedAt: now },
    });
    if (claimed.count === 0) return { status: "already_used", email: row.user.email, verified: true } as const;
    await tx.user.updateMany({
      where: { id: row.user.id, emailVerifiedAt: null },
      data: { emailVerifiedAt: now },
    });
    return { status: "verified", email: row.user.email } as const;
  });
}

/** "Send the link again", for a signed-in user who is not verified yet. */
export async function resendVerificationEmail(userId: string, now = new Date()): Promise<{ sentTo: string }> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, emailVerifiedAt: true },
  });
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  if (user.emailVerifiedAt) throw new AppError("PRECONDITION_FAILED", "Your email address is already confirmed.");
  // Count and issue under one per-user lock, so parallel clicks can't slip past the limits.
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`verify-resend:${userId}`}, 0))`;
    const recent = await tx.emailToken.findMany({
      where: { userId, purpose: "VERIFY_EMAIL", createdAt: { gte: new Date(now.getTime() - 86_400_000) } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
      take: RESEND_LIMITS.perDay,
    });
    const last = recent[0]?.createdAt;
    if (last && now.getTime() - last.getTime() < RESEND_LIMITS.minIntervalMs) {
      const seconds = Math.ceil((RESEND_LIMITS.minIntervalMs - (now.getTime() - last.getTime())) / 1000);
      throw new AppError("TOO_MANY_REQUESTS", `We just sent a link. You can ask for another in ${seconds} seconds.`, {
        retryAfterSeconds: seconds,
      });
    }
    if (recent.length >= RESEND_LIMITS.perDay) {
      throw new AppError("TOO_MANY_REQUESTS", "We have sent several links today. Check your spam folder, or try again tomorrow.");
    }
    const membership = await tx.membership.findFirst({
      where: { userId, active: true },
      orderBy: { createdAt: "asc" },
      select: { orgId: true },
    });
    await issueVerificationEmail(tx, user, { orgId: membership?.orgId ?? null, now });
  });
  await requestEmailDelivery();
  return { sentTo: user.email };
}

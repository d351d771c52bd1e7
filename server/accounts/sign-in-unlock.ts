// The owner's way past an account-wide sign-in lock: when failures from unknown devices lock an
// account, its address gets a one-time link (EmailToken UNLOCK_SIGN_IN, only the SHA-256 stored,
// sent through the outbox like verification links). Using it clears the lock and this account's
// failure streaks, and the page that used it makes that browser a known device (device cookie).
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "../db";
import { env } from "../env";
import { requestEmailDelivery } from "../notifications/deliver";
import { escapeHtml, queueEmail } from "../notifications/email";
import { hashEmailToken } from "./email-verification";
import { clearAccountLimits } from "./sign-in-limits";

export const UNLOCK_TTL_HOURS = 24;

export function unlockSignInUrl(token: string): string {
  return `${env.NEXTAUTH_URL.replace(/\/$/, "")}/unlock-sign-in/${token}`;
}

/** Emails the account an unlock link (called once per lock, when the lock starts). */
export async function issueUnlockEmail(user: { id: string; email: string; name: string | null }, now = new Date()): Promise<void> {
  const token = randomBytes(32).toString("base64url");
  const url = unlockSignInUrl(token);
  const hello = user.name ? `Hello ${user.name},` : "Hello,";
  const why =
    "There were many failed attempts to sign in to your iSession account, so we paused sign-in from new devices for an hour. " +
    "Devices you have signed in with before still work.";
  const action = "If you want to sign in from a new device now, open this link on it:";
  const after = `The link works once, for ${UNLOCK_TTL_HOURS} hours. If the failed attempts were not yours, consider changing your password after signing in.`;
  await db.$transaction(async (tx) => {
    await tx.emailToken.updateMany({
      where: { userId: user.id, purpose: "UNLOCK_SIGN_IN", usedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: now },
    });
    await tx.emailToken.create({
      data: {
        userId: user.id,
        purpose: "UNLOCK_SIGN_IN",
        tokenHash: hashEmailToken(token),
        expiresAt: new Date(now.getTime() + UNLOCK_TTL_HOURS * 3_600_000),
        createdAt: now,
      },
    });
    await queueEmail(tx, {
      orgId: null,
      to: user.email,
      subject: "Sign-in to your iSession account was paused",
      text: `${hello}\n\n${why}\n\n${action} ${url}\n\n${after}\n`,
      html:
        `<p>${escapeHtml(hello)}</p><p>${escapeHtml(why)}</p>` +
        `<p>${escapeHtml(action)} <a href="${escapeHtml(url)}">Unlock sign-in</a></p><p>${escapeHtml(after)}</p>`,
    });
  });
  await requestEmailDelivery();
}

export type UnlockResult = { status: "unlocked"; email: string } | { status: "used" | "expired" | "invalid" };

/** Uses an unlock link: once, before it expires. */
export async function unlockSignIn(token: string, now = new Date()): Promise<UnlockResult> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: "invalid" };
  const row = await db.emailToken.findUnique({
    where: { tokenHash: hashEmailToken(token) },
    select: { id: true, purpose: true, usedAt: true, expiresAt: true, user: { select: { email: true } } },
  });
  if (!row || row.purpose !== "UNLOCK_SIGN_IN") return { status: "invalid" };
  if (row.usedAt) return { status: "used" };
  if (row.expiresAt <= now) return { status: "expired" };
  const claimed = await db.emailToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (claimed.count === 0) return { status: "used" };
  await clearAccountLimits(row.user.email);
  return { status: "unlocked", email: row.user.email };
}

// Email + password sign-in with rate limits per account and per IP address.
// Limits are checked before the password, so a locked account cannot be guessed at while locked.
import { db } from "../db";
import { AppError } from "../errors";
import { burnPasswordCheck, verifyPassword } from "./password";

export const SIGN_IN_LIMITS = {
  windowMs: 15 * 60_000,
  /** Failures per account inside the window (since its last success) before it is locked. */
  perAccount: 5,
  /** Failures per IP address inside the window, over all accounts. */
  perIp: 30,
} as const;

export type SignedInUser = { id: string; email: string; name: string | null };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function minutesUntil(oldest: Date, now: Date): number {
  return Math.max(1, Math.ceil((oldest.getTime() + SIGN_IN_LIMITS.windowMs - now.getTime()) / 60_000));
}

async function assertNotThrottled(email: string, ip: string, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);
  const lastSuccess = await db.signInAttempt.findFirst({
    where: { email, success: true, createdAt: { gte: windowStart } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const since = lastSuccess?.createdAt ?? windowStart;
  const accountFailures = await db.signInAttempt.findMany({
    where: { email, success: false, createdAt: { gt: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
    take: SIGN_IN_LIMITS.perAccount,
  });
  if (accountFailures.length >= SIGN_IN_LIMITS.perAccount) {
    const minutes = minutesUntil(accountFailures[0]!.createdAt, now);
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Too many failed sign-in attempts for this account. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      { retryAfterMinutes: minutes, scope: "account" },
    );
  }
  const ipFailures = await db.signInAttempt.findMany({
    where: { ip, success: false, createdAt: { gte: windowStart } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
    take: SIGN_IN_LIMITS.perIp,
  });
  if (ipFailures.length >= SIGN_IN_LIMITS.perIp) {
    const minutes = minutesUntil(ipFailures[ipFailures.length - 1]!.createdAt, now);
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Too many failed sign-in attempts from your network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      { retryAfterMinutes: minutes, scope: "ip" },
    );
  }
}

export async function signInWithPassword(input: {
  email: string;
  password: string;
  ip: string;
  now?: Date;
}): Promise<SignedInUser> {
  const email = normalizeEmail(input.email);
  const now = input.now ?? new Date();
  if (!email || !input.password) throw new AppError("BAD_REQUEST", "Enter your email and password.");

  await assertNotThrottled(email, input.ip, now);

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  let ok = false;
  if (user?.passwordHash) ok = await verifyPassword(user.passwordHash, input.password);
  else await burnPasswordCheck(input.password);

  await db.signInAttempt.create({ data: { email, ip: input.ip, success: ok, createdAt: now } });
  if (!ok || !user) throw new AppError("UNAUTHORIZED", "Wrong email or password.");

  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  return { id: user.id, email: user.email, name: user.name };
}

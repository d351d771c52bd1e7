// Email + password sign-in, throttled as server/accounts/sign-in-limits.ts describes: by account and
// address together, by address per day, and by account for unknown devices only. Limits are checked
// before the password, so a throttled attempt neither checks the password nor changes any counter.
import "server-only";
import { db } from "../db";
import { AppError } from "../errors";
import { isTrustedDevice } from "./device-cookie";
import { burnPasswordCheck, verifyPassword } from "./password";
import { checkSignInLimits, recordSignInFailure, recordSignInSuccess, type Throttled } from "./sign-in-limits";
import { issueUnlockEmail } from "./sign-in-unlock";
import { signInInput } from "./sign-in-input";

export { SIGN_IN_LIMITS } from "./sign-in-limits";

export type SignedInUser = { id: string; email: string; name: string | null };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function waitText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes <= 90) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.ceil(minutes / 60);
  return `${hours} hours`;
}

function throttledError(t: Throttled): AppError {
  const wait = waitText(t.retryAfterMs);
  const details = { scope: t.scope, retryAfterMinutes: Math.max(1, Math.ceil(t.retryAfterMs / 60_000)) };
  switch (t.scope) {
    case "pair":
      return new AppError("TOO_MANY_REQUESTS", `Too many failed sign-in attempts for this account. Try again in ${wait}.`, details);
    case "ip":
      return new AppError("TOO_MANY_REQUESTS", `Too many failed sign-in attempts from your network. Try again in ${wait}.`, details);
    case "account":
      return new AppError(
        "TOO_MANY_REQUESTS",
        `This account is locked for new devices after many failed sign-in attempts. Sign in from a device you have used before, use the unlock link we emailed to the account, or try again in ${wait}.`,
        details,
      );
  }
}

export async function signInWithPassword(input: {
  email: string;
  password: string;
  ip: string;
  /** The account's device cookie, when the browser sent one (server/accounts/device-cookie.ts). */
  deviceCookie?: string | null;
  now?: Date;
}): Promise<SignedInUser> {
  const parsed = signInInput.safeParse({ email: input.email, password: input.password });
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "Enter your email and password.");
  const email = normalizeEmail(parsed.data.email);
  const now = input.now ?? new Date();
  if (!email || !parsed.data.password) throw new AppError("BAD_REQUEST", "Enter your email and password.");
  const trusted = isTrustedDevice(email, input.deviceCookie, now);

  const throttled = await checkSignInLimits(email, input.ip, trusted);
  if (throttled) throw throttledError(throttled);

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  let ok = false;
  if (user?.passwordHash) ok = await verifyPassword(user.passwordHash, parsed.data.password);
  else await burnPasswordCheck(parsed.data.password);

  // The history of real attempts (throttled ones never get here).
  await db.signInAttempt.create({ data: { email, ip: input.ip, success: ok, createdAt: now } });
  if (!ok || !user) {
    // Unknown emails are counted too, so the answers never tell which accounts exist.
    const failure = await recordSignInFailure(email, input.ip, trusted);
    if (failure.accountJustLocked && user) await issueUnlockEmail(user, now);
    if (failure.throttled) throw throttledError(failure.throttled);
    throw new AppError("UNAUTHORIZED", "Wrong email or password.");
  }

  await recordSignInSuccess(email, input.ip);
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  return { id: user.id, email: user.email, name: user.name };
}

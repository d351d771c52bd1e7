// "Device cookies" (OWASP, Slow Down Online Guessing Attacks with Device Cookies): after a
// successful sign-in (or an emailed unlock link) the browser gets a signed, httpOnly cookie for that
// account. An account-wide lock (too many failures from unknown devices) does not apply to a
// browser that presents a valid one, so an attacker elsewhere cannot lock the owner out.
// The cookie names the account only through an HMAC, carries a random nonce and an expiry, and is
// signed with a key derived from NEXTAUTH_SECRET; nothing is stored on the server.
import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "../env";

export const DEVICE_COOKIE_MAX_AGE_S = 180 * 24 * 3600;

function key(): Buffer {
  return createHmac("sha256", env.NEXTAUTH_SECRET).update("isession device cookie v1").digest();
}

function mac(data: string): string {
  return createHmac("sha256", key()).update(data).digest("base64url");
}

/** One cookie per account, so a shared computer can be a known device for several people. */
export function deviceCookieName(email: string): string {
  return `isession-device-${mac(`name:${email}`)
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, 16)}`;
}

export function deviceCookieValue(email: string, now = new Date()): string {
  const nonce = randomBytes(16).toString("base64url");
  const expires = Math.floor(now.getTime() / 1000) + DEVICE_COOKIE_MAX_AGE_S;
  return `${nonce}.${expires}.${mac(`${email}|${nonce}|${expires}`)}`;
}

/** Whether `value` is an unexpired device cookie issued for this account by this server. */
export function isTrustedDevice(email: string, value: string | null | undefined, now = new Date()): boolean {
  if (!value) return false;
  const [nonce, expires, signature, extra] = value.split(".");
  if (!nonce || !expires || !signature || extra !== undefined || !/^\d{1,12}$/.test(expires)) return false;
  if (Number(expires) * 1000 <= now.getTime()) return false;
  const expected = Buffer.from(mac(`${email}|${nonce}|${expires}`));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function deviceCookieOptions(): { httpOnly: true; sameSite: "lax"; secure: boolean; path: string; maxAge: number } {
  return {
    httpOnly: true,
    sameSite: "lax",
    secure: env.NEXTAUTH_URL.startsWith("https://"),
    path: "/",
    maxAge: DEVICE_COOKIE_MAX_AGE_S,
  };
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

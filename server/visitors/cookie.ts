// The visitor cookie: a random id, signed so it cannot be forged or guessed from another. One
// browser carries one cookie id across every org; each org keeps its own Visitor row for it.
// Format: v1.<id>.<HMAC-SHA256(id) base64url>. A cookie that fails the check is ignored.
import "server-only";
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "../env";

export const VISITOR_COOKIE = "isession_visitor";
/** Long-lived: a returning visitor is recognised for a year. */
export const VISITOR_COOKIE_MAX_AGE_SEC = 365 * 24 * 60 * 60;

let key: Buffer | undefined;
function signingKey(): Buffer {
  // A key of its own, derived from NEXTAUTH_SECRET, so cookie signatures and session tokens never share one.
  key ??= Buffer.from(hkdfSync("sha256", env.NEXTAUTH_SECRET, "isession", "visitor-cookie-v1", 32));
  return key;
}

function mac(id: string): string {
  return createHmac("sha256", signingKey()).update(id).digest("base64url");
}

export function newVisitorCookieId(): string {
  return randomBytes(16).toString("base64url");
}

export function signVisitorCookie(id: string): string {
  return `v1.${id}.${mac(id)}`;
}

/** The cookie id if the value is a cookie we signed, else null. */
export function verifyVisitorCookie(value: string | undefined | null): string | null {
  if (!value) return null;
  const parts = value.split(".");
  if (parts.length !== 3 || parts[0] !== "v1") return null;
  const [, id, sig] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) return null;
  const expected = Buffer.from(mac(id));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

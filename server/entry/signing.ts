// Short signed tokens for the visitor's front door: the entry token that carries a checked referrer
// from the page to the form's submit, the link in a scheduled-session email and a room invitation
// (sessions/room-invite.ts). Each purpose has
// its own key, derived from NEXTAUTH_SECRET with HKDF (as the visitor cookie's is), so a token made
// for one purpose never verifies for another. Format: base64url(JSON payload) "." base64url(HMAC).
import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "../env";

export type TokenPurpose = "entry-v1" | "scheduled-v1" | "room-invite-v1";

const keys = new Map<TokenPurpose, Buffer>();
function keyFor(purpose: TokenPurpose): Buffer {
  let k = keys.get(purpose);
  if (!k) {
    k = Buffer.from(hkdfSync("sha256", env.NEXTAUTH_SECRET, "isession", `token-${purpose}`, 32));
    keys.set(purpose, k);
  }
  return k;
}

function mac(purpose: TokenPurpose, body: string): string {
  return createHmac("sha256", keyFor(purpose)).update(body).digest("base64url");
}

/** Signs `payload` for `purpose`, valid until `expiresAt`. */
export function signToken(purpose: TokenPurpose, payload: Record<string, unknown>, expiresAt: Date): string {
  const body = Buffer.from(JSON.stringify({ ...payload, exp: Math.floor(expiresAt.getTime() / 1000) })).toString("base64url");
  return `${body}.${mac(purpose, body)}`;
}

/** The payload if the token is ours, for this purpose, and not expired; otherwise null. */
export function verifyToken(purpose: TokenPurpose, token: string | null | undefined, now = new Date()): Record<string, unknown> | null {
  if (!token || token.length > 4096) return null;
  const dot = token.indexOf(".");
  if (dot <= 0 || dot !== token.lastIndexOf(".")) return null;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(purpose, body));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return null;
  const exp = (payload as { exp?: unknown }).exp;
  if (typeof exp !== "number" || exp * 1000 <= now.getTime()) return null;
  return payload as Record<string, unknown>;
}

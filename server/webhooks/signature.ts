// Signing like Stripe's: `iSession-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
// The timestamp is signed with the body, so a captured request cannot be replayed after the
// tolerance (5 minutes by default); several v1 values may appear while a secret is being rotated.
import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "iSession-Signature";
export const DEFAULT_TOLERANCE_SEC = 300;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

export function signatureOf(secret: string, timestamp: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
}

/** The header value for `rawBody` sent at `now`. */
export function signatureHeader(secret: string, rawBody: string, now = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${signatureOf(secret, t, rawBody)}`;
}

/**
 * True when `header` carries a v1 signature of `rawBody` under `secret` whose timestamp is within
 * `toleranceSec` of now (either side). `rawBody` must be the bytes received, before any JSON parsing.
 */
export function verifyWebhookSignature(
  rawBody: string,
  header: string | null | undefined,
  secret: string,
  toleranceSec: number = DEFAULT_TOLERANCE_SEC,
  now = new Date(),
): boolean {
  if (!header) return false;
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) v1.push(value);
  }
  if (t === null || v1.length === 0) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - t) > toleranceSec) return false;
  const expected = Buffer.from(signatureOf(secret, t, rawBody), "hex");
  return v1.some((sig) => timingSafeEqual(Buffer.from(sig, "hex"), expected));
}

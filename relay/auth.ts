// Signatures of the Pusher protocol: channel authorization, user authentication, HTTP API requests,
// and the relay's own webhook signature. All comparisons are constant-time.
import { createHmac, hash } from "node:crypto";

export interface AppCredentials {
  id: string;
  key: string;
  secret: string;
}

export function hmacHex(secret: string, data: string): string {
  return createHmac("sha256", secret).update(data).digest("hex");
}

export function md5Hex(data: Buffer | string): string {
  // One-shot: no Hash object per request on the HTTP API's hot path.
  return hash("md5", data, "hex");
}

/** Constant-time string equality, without allocating (it runs several times per API request). */
export function safeEqual(a: string, b: string): boolean {
  // Length is not secret (a valid signature is always 64 hex chars), so an early exit leaks nothing.
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** `auth` is "key:hexsignature"; the key must be this app's and the signature must match `signed`. */
function verifyKeyedSignature(app: AppCredentials, auth: unknown, signed: string): boolean {
  if (typeof auth !== "string") return false;
  const colon = auth.lastIndexOf(":");
  if (colon <= 0) return false;
  if (!safeEqual(auth.slice(0, colon), app.key)) return false;
  return safeEqual(auth.slice(colon + 1), hmacHex(app.secret, signed));
}

/** Private/presence/encrypted subscription: HMAC over `socket_id:channel[:channel_data]`. */
export function verifyChannelAuth(
  app: AppCredentials,
  socketId: string,
  channel: string,
  auth: unknown,
  channelData: string | undefined,
): boolean {
  const signed = channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  return verifyKeyedSignature(app, auth, signed);
}

/** pusher:signin: HMAC over `socket_id::user::user_data`. */
export function verifyUserAuth(app: AppCredentials, socketId: string, userData: string, auth: unknown): boolean {
  return verifyKeyedSignature(app, auth, `${socketId}::user::${userData}`);
}

export const MAX_CLOCK_SKEW_SEC = 600;

export type ApiAuthResult = { ok: true } | { ok: false; message: string };

/**
 * HTTP API request signature (auth_version 1.0): HMAC-SHA256 of "METHOD\nPATH\nQUERY" where QUERY is
 * every parameter except auth_signature, keys lower-cased and sorted, values unescaped, joined k=v&.
 * `path` is the request path exactly as received (the SDKs sign it unescaped).
 */
export function verifyApiRequest(
  app: AppCredentials,
  method: string,
  path: string,
  query: URLSearchParams,
  body: Buffer,
  nowSec: number,
): ApiAuthResult {
  const key = query.get("auth_key");
  const timestamp = query.get("auth_timestamp");
  const version = query.get("auth_version");
  const signature = query.get("auth_signature");
  if (!key || !timestamp || !version || !signature) {
    return { ok: false, message: "Missing auth_key, auth_timestamp, auth_version or auth_signature" };
  }
  if (!safeEqual(key, app.key)) return { ok: false, message: "Unknown auth_key" };
  if (version !== "1.0") return { ok: false, message: `Unsupported auth_version ${version}` };
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(nowSec - ts) > MAX_CLOCK_SKEW_SEC) {
    return {
      ok: false,
      message: `Timestamp expired: given timestamp ${timestamp} not within ${MAX_CLOCK_SKEW_SEC}s of server time ${nowSec}`,
    };
  }
  if (body.length > 0) {
    const bodyMd5 = query.get("body_md5");
    if (!bodyMd5 || !safeEqual(bodyMd5, md5Hex(body))) return { ok: false, message: "body_md5 does not match the body" };
  }
  const pairs: [string, string][] = [];
  for (const [k, v] of query) if (k !== "auth_signature") pairs.push([k.toLowerCase(), v]);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const signed = `${method.toUpperCase()}\n${path}\n${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`;
  if (!safeEqual(signature, hmacHex(app.secret, signed))) {
    return { ok: false, message: "Invalid signature: you should have sent HmacSHA256Hex(string_to_sign, secret)" };
  }
  return { ok: true };
}

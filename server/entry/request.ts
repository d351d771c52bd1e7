// What the front door needs to know about the request itself: our own origins (a Referer from
// them is not a claim about a client's site), whether it came over https, and the client's IP.
import "server-only";
import { clientIp } from "../auth";
import { env } from "../env";

/** Our public origin (NEXTAUTH_URL) and the origin this request was addressed to. */
export function selfOrigins(headers: Headers): string[] {
  const origins = new Set<string>([new URL(env.NEXTAUTH_URL).origin]);
  const host = headers.get("host");
  if (host && /^[A-Za-z0-9.\-:[\]]{1,300}$/.test(host)) {
    const proto = isHttps(headers) ? "https" : "http";
    try {
      origins.add(new URL(`${proto}://${host}`).origin);
    } catch {
      // a Host header that isn't a host: only NEXTAUTH_URL counts
    }
  }
  return [...origins];
}

/** True when the visitor reached us over https (directly or through a proxy that says so). */
export function isHttps(headers: Headers, requestUrl?: string): boolean {
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  if (requestUrl) return requestUrl.startsWith("https:");
  return env.NEXTAUTH_URL.startsWith("https:");
}

export function requestIp(headers: Headers): string | null {
  const ip = clientIp(headers);
  return ip === "unknown" ? null : ip;
}

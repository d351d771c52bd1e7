// The tRPC context of an HTTP request, one way for both ways in: our own server's handler
// (server/http/trpc-handler.ts, production) and Next's app route (app/api/trpc, `next dev`).
// The user comes from next-auth's session cookie, decoded with next-auth's own `decode` (what
// getServerSession does for JWT sessions, without its request scope), and a token once decoded is
// remembered until it expires or for a minute, so a chat line does not pay for the decryption.
import "server-only";
import { decode } from "next-auth/jwt";
import type { TRPCError } from "@trpc/server";
import { clientIp } from "../auth";
import { createContext, type Context, type ContextUser } from "../api/trpc";
import { isHttps } from "../entry/request";
import { env } from "../env";
import { VISITOR_COOKIE, verifyVisitorCookie } from "../visitors/cookie";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { isForeignRequest, ownOrigins } from "./origin";

function cookies(header: string | null): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    try {
      jar.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // A malformed value names no session and no visitor.
    }
  }
  return jar;
}

/** next-auth's cookie name (its default: __Secure- when NEXTAUTH_URL is https), split in chunks `.0`, `.1`… when large. */
function sessionToken(jar: Map<string, string>): string | null {
  const name = `${env.NEXTAUTH_URL.startsWith("https://") ? "__Secure-" : ""}next-auth.session-token`;
  if (jar.has(name)) return jar.get(name)!;
  const chunks: string[] = [];
  for (let i = 0; jar.has(`${name}.${i}`); i++) chunks.push(jar.get(`${name}.${i}`)!);
  return chunks.length ? chunks.join("") : null;
}

const TOKEN_CACHE_MS = 60_000;
const TOKEN_CACHE_MAX = 10_000;
const decoded = new Map<string, { user: ContextUser | null; until: number }>();

/** The signed-in user the session token names, or null (absent, forged, expired). */
export async function userFromSessionToken(token: string | null): Promise<ContextUser | null> {
  if (!token) return null;
  const now = Date.now();
  const hit = decoded.get(token);
  if (hit && hit.until > now) return hit.user;
  let user: ContextUser | null = null;
  let until = now + TOKEN_CACHE_MS;
  try {
    const jwt = await decode({ token, secret: env.NEXTAUTH_SECRET });
    if (jwt?.uid) user = { id: jwt.uid, email: jwt.email ?? "", name: jwt.name ?? null };
    if (typeof jwt?.exp === "number") until = Math.min(until, jwt.exp * 1000);
  } catch {
    // Not a token we issued, or expired: no user (as getServerSession answers).
  }
  if (decoded.size >= TOKEN_CACHE_MAX) decoded.delete(decoded.keys().next().value!);
  decoded.set(token, { user, until });
  return user;
}

const VISITOR_CACHE_MAX = 10_000;
const verifiedVisitors = new Map<string, string>();

/**
 * verifyVisitorCookie, remembering cookies that passed (the check is an HMAC per request; a signed
 * value stays valid for good). Only values that verified are kept, so forged ones cannot crowd out
 * real ones, and at most VISITOR_CACHE_MAX, the oldest forgotten first.
 */
export function verifiedVisitorCookie(value: string | undefined): string | null {
  if (!value) return null;
  const hit = verifiedVisitors.get(value);
  if (hit !== undefined) return hit;
  const id = verifyVisitorCookie(value);
  if (id === null) return null;
  if (verifiedVisitors.size >= VISITOR_CACHE_MAX) verifiedVisitors.delete(verifiedVisitors.keys().next().value!);
  verifiedVisitors.set(value, id);
  return id;
}

/** The context from a request's headers (names lower-case), whichever server received it. */
export async function requestContext(header: (name: string) => string | null): Promise<Context> {
  const jar = cookies(header("cookie"));
  const proto = header("x-forwarded-proto");
  const headers = new Headers(proto === null ? {} : { "x-forwarded-proto": proto });
  return createContext({
    user: await userFromSessionToken(sessionToken(jar)),
    ip: clientIp({ [CLIENT_ADDRESS_HEADER]: header(CLIENT_ADDRESS_HEADER) ?? undefined }),
    visitorCookieId: verifiedVisitorCookie(jar.get(VISITOR_COOKIE)),
    foreignOrigin: isForeignRequest(
      header("origin"),
      header("sec-fetch-site"),
      ownOrigins(env.NEXTAUTH_URL, header("host") ?? undefined, isHttps(headers)),
    ),
  });
}

/** Expected (typed) errors are the client's business; unexpected ones are ours to see. */
export function reportTrpcError({ error, path }: { error: TRPCError; path?: string }): void {
  if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"}:`, error.cause ?? error);
}

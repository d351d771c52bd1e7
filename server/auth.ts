// next-auth (v4) configuration: email + password credentials, JWT sessions carrying the user id.
import "server-only";
import { getServerSession, type NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { sameSiteRedirect } from "../lib/local-path";
import { deviceCookieName, deviceCookieOptions, deviceCookieValue } from "./accounts/device-cookie";
import { normalizeEmail, signInWithPassword } from "./accounts/sign-in";
import { env } from "./env";
import { isAppError } from "./errors";
import { CLIENT_ADDRESS_HEADER } from "./http/client-address";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
  }
}

/**
 * The caller's address for rate limits and audit. Our web server (scripts/web.ts) deletes any copy
 * of CLIENT_ADDRESS_HEADER the client sent and sets it from the socket, believing X-Forwarded-For
 * only from TRUSTED_PROXIES (server/http/client-address.ts). Without it (the app run by plain
 * `next start`), every caller is "unknown": one shared bucket, never an address the client chose.
 */
export function clientIp(headers: Record<string, string | string[] | undefined> | Headers | undefined): string {
  if (!headers) return "unknown";
  const v = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers[CLIENT_ADDRESS_HEADER];
  return (Array.isArray(v) ? v[0] : v) || "unknown";
}

let options: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  options ??= {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          try {
            // authorize() runs inside our route handler, so next/headers' cookies() reads this
            // request's cookies and adds Set-Cookie to next-auth's response.
            const jar = await cookies();
            const deviceCookie = deviceCookieName(normalizeEmail(credentials?.email ?? ""));
            const user = await signInWithPassword({
              email: credentials?.email ?? "",
              password: credentials?.password ?? "",
              ip: clientIp(req?.headers),
              deviceCookie: jar.get(deviceCookie)?.value,
            });
            // This browser is now a known device for the account (server/accounts/device-cookie.ts).
            jar.set(deviceCookieName(user.email), deviceCookieValue(user.email), deviceCookieOptions());
            return { id: user.id, email: user.email, name: user.name };
          } catch (e) {
            // next-auth passes an Error's message to the sign-in page as `error`; our messages are
            // written for people ("Wrong email or password.", "Try again in 12 minutes.").
            if (isAppError(e)) throw new Error(e.message);
            throw e;
          }
        },
      }),
    ],
    callbacks: {
      // Only our own paths, judged after normalisation (lib/local-path.ts): no open redirect.
      redirect: ({ url, baseUrl }) => sameSiteRedirect(url, baseUrl),
      jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      session({ session, token }) {
        if (token.uid) session.user = { id: token.uid, email: token.email ?? "", name: token.name ?? null };
        return session;
      },
    },
  };
  return options;
}

export type SessionUser = { id: string; email: string; name: string | null };

/** The signed-in user of this request, or null. For server components and route handlers. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(getAuthOptions());
  if (!session?.user?.id) return null;
  return { id: session.user.id, email: session.user.email, name: session.user.name ?? null };
}

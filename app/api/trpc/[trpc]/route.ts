import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { clientIp, getSessionUser } from "@/server/auth";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { isHttps } from "@/server/entry/request";
import { env } from "@/server/env";
import { isForeignRequest, ownOrigins } from "@/server/http/origin";
import { VISITOR_COOKIE, verifyVisitorCookie } from "@/server/visitors/cookie";

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

export const dynamic = "force-dynamic";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () =>
      createContext({
        user: await getSessionUser(),
        ip: clientIp(req.headers),
        visitorCookieId: verifyVisitorCookie(cookieValue(req.headers.get("cookie"), VISITOR_COOKIE)),
        foreignOrigin: isForeignRequest(
          req.headers.get("origin"),
          req.headers.get("sec-fetch-site"),
          ownOrigins(env.NEXTAUTH_URL, req.headers.get("host") ?? undefined, isHttps(req.headers)),
        ),
      }),
    onError({ error, path }) {
      // Expected (typed) errors are the client's business; unexpected ones are ours to see.
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"}:`, error.cause ?? error);
    },
  });

export { handler as GET, handler as POST };

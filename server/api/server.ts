// tRPC for React server components: the same procedures, called in-process with this request's user.
import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { clientIp, getSessionUser } from "../auth";
import { createCaller } from "./root";
import { VISITOR_COOKIE, verifyVisitorCookie } from "../visitors/cookie";
import { createContext } from "./trpc";

export const getServerApi = cache(async () => {
  const [user, h, jar] = await Promise.all([getSessionUser(), headers(), cookies()]);
  return createCaller(createContext({ user, ip: clientIp(h), visitorCookieId: verifyVisitorCookie(jar.get(VISITOR_COOKIE)?.value) }));
});

// tRPC for React server components: the same procedures, called in-process with this request's user.
import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { clientIp, getSessionUser } from "../auth";
import { createCaller } from "./root";
import { createContext } from "./trpc";

export const getServerApi = cache(async () => {
  const [user, h] = await Promise.all([getSessionUser(), headers()]);
  return createCaller(createContext({ user, ip: clientIp(h) }));
});

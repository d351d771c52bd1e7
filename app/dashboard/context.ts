// The dashboard's org for this request: the org picked with the switcher (a cookie) when the user
// may change it, else their oldest membership that may change the org (owner or admin). Layout and pages both call it (they render in parallel, so each checks).
import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { membershipsFor } from "@/server/access/permissions";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";
import { env } from "@/server/env";
import { DASHBOARD_ORG_COOKIE } from "./org-cookie";

export const dashboardContext = cache(async () => {
  if (!(await getSessionUser())) redirect("/sign-in?callbackUrl=/dashboard");
  const me = await (await getServerApi()).me();
  const wanted = (await cookies()).get(DASHBOARD_ORG_COOKIE)?.value;
  const { allowed: manageable, membership } = membershipsFor(me.memberships, "org.write", wanted);
  return { me, membership, manageable, origin: new URL(env.NEXTAUTH_URL).origin };
});

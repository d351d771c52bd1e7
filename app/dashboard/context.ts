// The dashboard's org for this request: the signed-in user's oldest membership that may change
// the org (owner or admin). Layout and pages both call it (they render in parallel, so each checks).
import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { can } from "@/server/access/permissions";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";
import { env } from "@/server/env";

export const dashboardContext = cache(async () => {
  if (!(await getSessionUser())) redirect("/sign-in?callbackUrl=/dashboard");
  const me = await (await getServerApi()).me();
  const membership = me.memberships.find((m) => can(m.role, "org.write")) ?? null;
  return { me, membership, origin: new URL(env.NEXTAUTH_URL).origin };
});

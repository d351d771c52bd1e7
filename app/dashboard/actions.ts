"use server";
// Choosing which of one's organizations the dashboard manages. The cookie holds only a wish: the
// dashboard uses it only when the user is an owner or admin of that org (./context.ts).
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { DASHBOARD_ORG_COOKIE } from "./org-cookie";

export async function switchDashboardOrg(form: FormData) {
  const orgId = form.get("orgId");
  if (typeof orgId === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(orgId)) {
    (await cookies()).set(DASHBOARD_ORG_COOKIE, orgId, {
      httpOnly: true,
      sameSite: "lax",
      path: "/dashboard",
      maxAge: 365 * 86_400,
    });
  }
  redirect("/dashboard");
}

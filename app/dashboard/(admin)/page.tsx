import type { Metadata } from "next";
import { Overview } from "@/components/dashboard/overview";
import { RecentSessions } from "@/components/sessions/recent-sessions";
import { dashboardContext } from "@/app/dashboard/context";
import { can } from "@/server/access/permissions";

export const metadata: Metadata = { title: "Overview" };

export default async function DashboardPage() {
  const { membership, origin } = await dashboardContext();
  if (!membership) return null;
  return (
    <>
      <Overview orgId={membership.org.id} origin={origin} />
      {can(membership.role, "sessions.read") ? <RecentSessions orgId={membership.org.id} scope="org" backPath="/dashboard" /> : null}
    </>
  );
}

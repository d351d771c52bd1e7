// /dashboard/macros: every member keeps personal macros here; owners, admins and managers also
// keep the team's. It sits outside the (admin) layout so that agents can reach it, and draws the
// dashboard frame itself for those who manage the org.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AppShell } from "@/app/app-shell";
import { MacrosManager } from "@/components/dashboard/macros-manager";
import { can } from "@/server/access/permissions";
import { dashboardContext } from "../context";
import { DashboardFrame } from "../frame";

export const metadata: Metadata = { title: "Macros · iSession" };
export const dynamic = "force-dynamic";

export default async function MacrosPage() {
  const { me, membership: managed, manageable } = await dashboardContext();
  const membership = managed ?? me.memberships[0];
  if (!membership) redirect("/app");
  const userLabel = me.name ?? me.email;
  const content = (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Macros</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-500">
        Canned phrases and web addresses for the chat. In a conversation, type <kbd className="font-mono">/</kbd> to pick one, or its
        shortcut (e.g. <kbd className="font-mono">/thanks</kbd>) and a space. A web-address macro leads the visitor to that page at once.
      </p>
      <MacrosManager orgId={membership.org.id} canWriteTeam={can(membership.role, "macros.write")} />
    </>
  );
  if (managed)
    return (
      <DashboardFrame userLabel={userLabel} membership={managed} manageable={manageable}>
        {content}
      </DashboardFrame>
    );
  return (
    <AppShell orgName={membership.org.name} userLabel={userLabel}>
      {content}
    </AppShell>
  );
}

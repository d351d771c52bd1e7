import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AppShell } from "@/components/app-shell";
import { MacrosManager } from "@/components/dashboard/macros-manager";
import { can } from "@/server/access/permissions";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";

export const metadata: Metadata = { title: "Macros" };
export const dynamic = "force-dynamic";

export default async function MacrosPage({ searchParams }: { searchParams: Promise<{ org?: string }> }) {
  if (!(await getSessionUser())) redirect("/sign-in?callbackUrl=/dashboard/macros");
  const api = await getServerApi();
  const me = await api.me();
  const { org: wanted } = await searchParams;
  const membership = me.memberships.find((m) => m.org.id === wanted) ?? me.memberships[0];
  const userLabel = me.name ?? me.email;
  if (!membership) redirect("/agent");
  return (
    <AppShell orgName={membership.org.name} userLabel={userLabel}>
      <h1 className="text-2xl font-semibold tracking-tight">Macros</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-500">
        Canned phrases and web addresses for the chat. In a conversation, type <kbd className="font-mono">/</kbd> to pick one, or its shortcut
        (e.g. <kbd className="font-mono">/thanks</kbd>) and a space. A web-address macro leads the visitor to that page at once.
      </p>
      <MacrosManager orgId={membership.org.id} canWriteTeam={can(membership.role, "macros.write")} />
    </AppShell>
  );
}

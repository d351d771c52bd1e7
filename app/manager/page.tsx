import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AppShell } from "@/app/app-shell";
import { OrgSwitcher } from "@/components/org-switcher";
import { LiveMonitor } from "@/components/manager/live-monitor";
import { RecentSessions } from "@/components/sessions/recent-sessions";
import { RealtimeProvider } from "@/lib/realtime/hooks";
import { can, membershipsFor } from "@/server/access/permissions";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";
import { clientRealtimeConfig } from "@/server/realtime/config";
import { staffChannels } from "@/server/realtime/subscriptions";

export const metadata: Metadata = { title: "Live monitor" };
export const dynamic = "force-dynamic";

export default async function ManagerPage({ searchParams }: { searchParams: Promise<{ org?: string }> }) {
  if (!(await getSessionUser())) redirect("/sign-in?callbackUrl=/manager");
  const api = await getServerApi();
  const me = await api.me();
  const { org: wanted } = await searchParams;
  const { allowed, membership } = membershipsFor(me.memberships, "sessions.monitor", wanted);
  const userLabel = me.name ?? me.email;

  if (!membership) {
    return (
      <AppShell userLabel={userLabel}>
        <section className="rounded-2xl border border-dashed border-slate-300 bg-white p-8 text-center">
          <h1 className="text-lg font-semibold">The live monitor is for managers</h1>
          <p className="mt-1 text-sm text-slate-500">
            Your role doesn&apos;t include monitoring sessions.{" "}
            <a className="text-brand-700 underline" href="/agent">
              Go to the agent console
            </a>
            .
          </p>
        </section>
      </AppShell>
    );
  }

  return (
    <AppShell orgName={membership.org.name} userLabel={userLabel}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Live monitor</h1>
        <span className="flex gap-4">
          {can(membership.role, "events.run") ? (
            <a href="/manager/events" className="text-sm text-brand-700 underline">
              Events
            </a>
          ) : null}
          {can(membership.role, "reports.read") ? (
            <a href="/manager/reports" className="text-sm text-brand-700 underline">
              Reports
            </a>
          ) : null}
          <a href="/agent" className="text-sm text-brand-700 underline">
            Agent console
          </a>
        </span>
      </div>
      <OrgSwitcher path="/manager" memberships={allowed} currentId={membership.id} />
      <RealtimeProvider config={clientRealtimeConfig((await headers()).get("host") ?? undefined)}>
        <LiveMonitor
          orgId={membership.org.id}
          staffChannel={staffChannels({ orgId: membership.org.id, membershipId: membership.id }).orgStaff}
          canEditSettings={can(membership.role, "org.write")}
        />
        {can(membership.role, "sessions.read") ? <RecentSessions orgId={membership.org.id} scope="org" backPath="/manager" /> : null}
      </RealtimeProvider>
    </AppShell>
  );
}

import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AgentConsole } from "@/components/agent/agent-console";
import { AppShell } from "@/app/app-shell";
import { OrgSwitcher } from "@/components/org-switcher";
import { LiveTeamRoster } from "@/components/agent/live-team-roster";
import { RecentSessions } from "@/components/sessions/recent-sessions";
import { can } from "@/server/access/permissions";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";
import { RealtimeProvider } from "@/lib/realtime/hooks";
import { clientRealtimeConfig } from "@/server/realtime/config";
import { staffChannels } from "@/server/realtime/subscriptions";

export const metadata: Metadata = { title: "Agent console" };
export const dynamic = "force-dynamic";

export default async function AgentPage({ searchParams }: { searchParams: Promise<{ org?: string }> }) {
  if (!(await getSessionUser())) redirect("/sign-in?callbackUrl=/agent");
  const api = await getServerApi();
  const me = await api.me();
  const { org: wanted } = await searchParams;
  const membership = me.memberships.find((m) => m.org.id === wanted) ?? me.memberships[0];
  const userLabel = me.name ?? me.email;

  if (!membership) {
    return (
      <AppShell userLabel={userLabel}>
        <section className="rounded-2xl border border-dashed border-slate-300 bg-white p-8 text-center">
          <h1 className="text-lg font-semibold">You are not on any team yet</h1>
          <p className="mt-1 text-sm text-slate-500">Ask an administrator of your organization to invite {me.email}.</p>
        </section>
      </AppShell>
    );
  }

  const members = await api.org.members({ orgId: membership.org.id });
  const live = staffChannels({ orgId: membership.org.id, membershipId: membership.id });
  const self = members.find((m) => m.userId === me.id);

  return (
    <AppShell orgName={membership.org.name} userLabel={userLabel} current="/agent">
      <h1 className="text-2xl font-semibold tracking-tight">Agent console</h1>
      <p className="mt-1 text-sm text-slate-500">
        Signed in as <span className="font-medium text-slate-700">{me.email}</span> ·{" "}
        {membership.role.charAt(0) + membership.role.slice(1).toLowerCase()} at {membership.org.name}
        {self ? ` · capacity ${self.capacity} session${self.capacity === 1 ? "" : "s"}` : null}
        {" · "}
        <a href="/dashboard/macros" className="text-brand-700 underline">
          Macros
        </a>
        {can(membership.role, "sessions.monitor") ? (
          <>
            {" · "}
            <a href="/manager" className="text-brand-700 underline">
              Live monitor
            </a>
          </>
        ) : null}
      </p>
      <OrgSwitcher path="/agent" memberships={me.memberships} currentId={membership.id} />
      <RealtimeProvider config={clientRealtimeConfig((await headers()).get("host") ?? undefined)}>
        <AgentConsole orgId={membership.org.id} membershipId={membership.id} memberChannel={live.member} />
        <LiveTeamRoster orgId={membership.org.id} staffChannel={live.orgStaff} selfUserId={me.id} initial={members} />
        <RecentSessions orgId={membership.org.id} scope="mine" backPath="/agent" />
      </RealtimeProvider>
    </AppShell>
  );
}

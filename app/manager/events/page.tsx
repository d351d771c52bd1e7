// Staff's auditorium events (events.run: owners, admins, managers). docs/sessions.md, "The auditorium".
import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AppShell } from "@/app/app-shell";
import { EventsManager } from "@/components/auditorium/events-manager";
import { PageHeader } from "@/components/ui/page-header";
import { OrgSwitcher } from "@/components/org-switcher";
import { membershipsFor } from "@/server/access/permissions";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Events" };
export const dynamic = "force-dynamic";

export default async function EventsPage({ searchParams }: { searchParams: Promise<{ org?: string }> }) {
  if (!(await getSessionUser())) redirect("/sign-in?callbackUrl=/manager/events");
  const me = await (await getServerApi()).me();
  const { org: wanted } = await searchParams;
  const { allowed, membership } = membershipsFor(me.memberships, "events.run", wanted);
  const userLabel = me.name ?? me.email;
  if (!membership) {
    return (
      <AppShell userLabel={userLabel}>
        <section className="rounded-2xl border border-dashed border-slate-300 bg-white p-8 text-center">
          <h1 className="text-lg font-semibold">Events are run by managers</h1>
          <p className="mt-1 text-sm text-slate-500">Your role doesn&apos;t include running auditorium events.</p>
        </section>
      </AppShell>
    );
  }
  // The link staff copy for attendees: this app's public address.
  const host = (await headers()).get("host");
  const origin = env.NEXTAUTH_URL ?? (host ? `http://${host}` : "");
  return (
    <AppShell orgName={membership.org.name} userLabel={userLabel}>
      <PageHeader
        title="Events"
        description="Auditorium events: a stage (producer, speakers) and an audience of thousands who join by a public link."
        actions={
          <a href="/manager" className="text-sm text-brand-700 underline">
            Live monitor
          </a>
        }
      />
      <OrgSwitcher path="/manager/events" memberships={allowed} currentId={membership.id} />
      <EventsManager orgId={membership.org.id} origin={origin.replace(/\/$/, "")} />
    </AppShell>
  );
}

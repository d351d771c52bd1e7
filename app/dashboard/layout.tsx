import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell";
import { DashboardNav } from "@/components/dashboard/dashboard-nav";
import { switchDashboardOrg } from "./actions";
import { dashboardContext } from "./context";

export const metadata: Metadata = { title: { default: "Dashboard", template: "%s · Dashboard · iSession" } };
export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { me, membership, manageable } = await dashboardContext();
  const userLabel = me.name ?? me.email;
  if (!membership) {
    return (
      <AppShell userLabel={userLabel} current="/dashboard">
        <section className="mx-auto max-w-lg rounded-2xl border border-slate-200 bg-white p-8 text-center">
          <h1 className="text-lg font-semibold">
            The dashboard is for your organization&apos;s owners and admins
          </h1>
          <p className="mt-2 text-sm text-slate-500">
            You are signed in as {me.email}
            {me.memberships[0]
              ? `, ${me.memberships[0].role.toLowerCase()} at ${me.memberships[0].org.name}`
              : ""}
            . Ask an owner of your organization if you need to change its settings.
          </p>
          <Link
            href="/app"
            className="bg-brand-600 hover:bg-brand-700 mt-5 inline-flex h-10 items-center rounded-lg px-4 text-sm font-medium text-white"
          >
            Go to your console
          </Link>
        </section>
      </AppShell>
    );
  }
  return (
    <AppShell orgName={membership.org.name} userLabel={userLabel} current="/dashboard">
      <div className="lg:grid lg:grid-cols-[11rem_minmax(0,1fr)] lg:gap-8">
        <div>
          {manageable.length > 1 ? (
            <form
              action={switchDashboardOrg}
              className="mb-4 flex items-end gap-2 lg:flex-col lg:items-stretch"
            >
              <label className="flex min-w-0 flex-1 flex-col gap-1 text-xs font-medium text-slate-500">
                Organization
                <select
                  name="orgId"
                  defaultValue={membership.org.id}
                  className="h-10 rounded-lg border border-slate-300 bg-white px-2 text-sm text-slate-800"
                >
                  {manageable.map((m) => (
                    <option key={m.org.id} value={m.org.id}>
                      {m.org.name}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="submit"
                className="h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium hover:bg-slate-50"
              >
                Switch
              </button>
            </form>
          ) : null}
          <DashboardNav />
        </div>
        <div className="min-w-0">{children}</div>
      </div>
    </AppShell>
  );
}

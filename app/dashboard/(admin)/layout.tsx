import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AppShell } from "@/app/app-shell";
import { DashboardFrame } from "@/app/dashboard/frame";
import { dashboardContext } from "@/app/dashboard/context";

export const metadata: Metadata = { title: { default: "Dashboard", template: "%s · Dashboard · iSession" } };
export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { me, membership, manageable } = await dashboardContext();
  const userLabel = me.name ?? me.email;
  if (!membership) {
    return (
      <AppShell userLabel={userLabel} current="/dashboard">
        <section className="mx-auto max-w-lg rounded-2xl border border-slate-200 bg-white p-8 text-center">
          <h1 className="text-lg font-semibold">The dashboard is for your organization&apos;s owners and admins</h1>
          <p className="mt-2 text-sm text-slate-500">
            You are signed in as {me.email}
            {me.memberships[0] ? `, ${me.memberships[0].role.toLowerCase()} at ${me.memberships[0].org.name}` : ""}. Ask an owner of your
            organization if you need to change its settings.
          </p>
          <Link
            href="/app"
            className="mt-5 inline-flex h-10 items-center rounded-lg bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700"
          >
            Go to your console
          </Link>
        </section>
      </AppShell>
    );
  }
  return (
    <DashboardFrame userLabel={userLabel} membership={membership} manageable={manageable}>
      {children}
    </DashboardFrame>
  );
}

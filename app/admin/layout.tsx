// The operator console's frame: platform admins only. Everyone else is sent to sign in, or told
// plainly that this is not for them (no data is loaded for them).
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/app/app-shell";
import { SectionNav } from "@/components/console/section-nav";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";

export const metadata: Metadata = { title: { default: "Operator console", template: "%s · Operator · iSession" } };
export const dynamic = "force-dynamic";

const NAV = [
  { href: "/admin", label: "Organizations", exact: true, also: ["/admin/orgs"] },
  { href: "/admin/resellers", label: "Resellers" },
  { href: "/admin/outbox", label: "Email outbox" },
  { href: "/admin/refused-visits", label: "Refused visits" },
  { href: "/admin/health", label: "System health" },
  { href: "/admin/billing", label: "Billing" },
];

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?callbackUrl=/admin");
  const me = await (await getServerApi()).me();
  const userLabel = me.name ?? me.email;
  if (!me.isPlatformAdmin) {
    return (
      <AppShell userLabel={userLabel}>
        <section className="rounded-2xl border border-dashed border-slate-300 bg-white p-8 text-center">
          <h1 className="text-lg font-semibold">Operator access only</h1>
          <p className="mt-1 text-sm text-slate-500">This console is for iSession staff. {me.email} is not an operator.</p>
        </section>
      </AppShell>
    );
  }
  return (
    <AppShell orgName="Operator" userLabel={userLabel}>
      <SectionNav label="Operator console" items={NAV} />
      {children}
    </AppShell>
  );
}

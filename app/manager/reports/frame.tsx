// The frame every report page shares: sign-in, the reports.read permission (owners, admins,
// managers; agents get a plain "not for your role" page, never a report), the org switcher and
// the reports' tabs. Pages call `reportsPageContext` first and render inside `ReportsShell`.
import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { AppShell } from "@/app/app-shell";
import { PageHeader } from "@/components/ui/page-header";
import { OrgSwitcher } from "@/components/org-switcher";
import { ReportsNav, type ReportPage } from "@/components/reports/reports-nav";
import { membershipsFor } from "@/server/access/permissions";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";

export async function reportsPageContext(path: ReportPage, wantedOrgId?: string) {
  if (!(await getSessionUser())) redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  const api = await getServerApi();
  const me = await api.me();
  const { allowed, membership } = membershipsFor(me.memberships, "reports.read", wantedOrgId);
  return { api, me, allowed, membership, userLabel: me.name ?? me.email };
}

export type ReportsPageContext = Awaited<ReturnType<typeof reportsPageContext>>;

export function ReportsDenied({ userLabel }: { userLabel: string }) {
  return (
    <AppShell userLabel={userLabel}>
      <section className="rounded-2xl border border-dashed border-slate-300 bg-white p-8 text-center">
        <h1 className="text-lg font-semibold">Reports are for managers and owners</h1>
        <p className="mt-1 text-sm text-slate-500">
          Your role doesn&apos;t include reports.{" "}
          <a className="text-brand-700 underline" href="/agent">
            Go to the agent console
          </a>
          .
        </p>
      </section>
    </AppShell>
  );
}

export function ReportsShell({
  ctx,
  current,
  title,
  description,
  action,
  children,
}: {
  ctx: ReportsPageContext & { membership: NonNullable<ReportsPageContext["membership"]> };
  current: ReportPage;
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <AppShell orgName={ctx.membership.org.name} userLabel={ctx.userLabel}>
      <PageHeader title={title} description={description} actions={action} />
      <OrgSwitcher path={current} memberships={ctx.allowed} currentId={ctx.membership.id} />
      <ReportsNav current={current} orgId={ctx.membership.org.id} />
      <div className="mt-4 space-y-4">{children}</div>
    </AppShell>
  );
}

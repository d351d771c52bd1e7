// The dashboard's frame for an org it may manage: the shell, the email banner, the org switcher and
// the section nav. The admin pages get it from their layout; /dashboard/macros (open to every
// member for their personal macros) draws it itself for owners and admins.
import type { ReactNode } from "react";
import { AppShell } from "@/app/app-shell";
import { VerifyEmailBanner } from "@/components/auth/verify-email-banner";
import { DashboardNav } from "@/components/dashboard/dashboard-nav";
import { switchDashboardOrg } from "./actions";
import type { dashboardContext } from "./context";

type Context = Awaited<ReturnType<typeof dashboardContext>>;

export function DashboardFrame({
  userLabel,
  membership,
  manageable,
  children,
}: {
  userLabel: string;
  membership: NonNullable<Context["membership"]>;
  manageable: Context["manageable"];
  children: ReactNode;
}) {
  return (
    <AppShell orgName={membership.org.name} userLabel={userLabel} current="/dashboard">
      <VerifyEmailBanner />
      <div className="lg:grid lg:grid-cols-[11rem_minmax(0,1fr)] lg:gap-8">
        <div>
          {manageable.length > 1 ? (
            <form action={switchDashboardOrg} className="mb-4 flex items-end gap-2 lg:flex-col lg:items-stretch">
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
              <button type="submit" className="h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium hover:bg-slate-50">
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

// /reseller/billing: a reseller's sub-clients this month and in past months, and its share of their
// totals (floor of revenueShareBps × the month's total, in whole cents). For ResellerMember users.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { AppShell } from "@/app/app-shell";
import { AutoRefresh } from "@/components/billing/auto-refresh";
import { Money, monthName, Section, statementStatus, BILLING_TABLE } from "@/components/billing/parts";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table } from "@/components/ui/table";
import { PLANS } from "@/lib/plans";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";

export const metadata: Metadata = { title: "Reseller billing" };
export const dynamic = "force-dynamic";

const percent = (bps: number) => `${(bps / 100).toLocaleString("en-US", { maximumFractionDigits: 2 })} %`;

export default async function ResellerBillingPage() {
  if (!(await getSessionUser())) redirect("/sign-in?callbackUrl=/reseller/billing");
  const api = await getServerApi();
  const me = await api.me();
  const userLabel = me.name ?? me.email;

  let view: Awaited<ReturnType<typeof api.billing.reseller>>;
  try {
    view = await api.billing.reseller();
  } catch (e) {
    const notReseller = e instanceof TRPCError && e.code === "FORBIDDEN";
    return (
      <AppShell userLabel={userLabel}>
        <h1 className="text-2xl font-semibold tracking-tight">Reseller billing</h1>
        <Notice
          className="mt-4"
          tone={notReseller ? "info" : "error"}
          title={notReseller ? "This page is for resellers" : "Billing could not be loaded"}
        >
          {notReseller ? "Your account is not a member of a reseller." : "Please try again in a moment."}
        </Notice>
      </AppShell>
    );
  }

  // A reseller's member: the /reseller layout draws the shell and the portal's sections.
  const { reseller, current } = view;
  return (
    <>
      <AutoRefresh seconds={60} />
      <h1 className="text-2xl font-semibold tracking-tight">Reseller billing</h1>
      <p className="mt-1 text-sm text-slate-500">
        You earn {percent(reseller.revenueShareBps)} of your clients’ usage, rounded down to the cent on each month’s total.
      </p>

      <Section id="current-heading" title={`This month so far · ${monthName(current.periodStart)}`}>
        <Card padding="lg" className="grid gap-4 sm:grid-cols-2">
          <div>
            <p className="text-sm text-slate-500">Your clients’ usage</p>
            <p className="text-2xl font-semibold tracking-tight">
              <Money cents={current.usageCents} />
            </p>
          </div>
          <div>
            <p className="text-sm text-slate-500">Your share (estimated)</p>
            <p className="text-2xl font-semibold tracking-tight text-emerald-700">
              <Money cents={current.shareCents} />
            </p>
          </div>
        </Card>
        <div className="mt-4">
          {current.clients.length === 0 ? (
            <EmptyState title="No clients yet">Organizations you sign up appear here with their usage.</EmptyState>
          ) : (
            <Table {...BILLING_TABLE} caption="Clients this month" head={["Client", "Plan", "Status", "Usage so far"]}>
              {current.clients.map((c) => (
                <tr key={c.orgId}>
                  <th scope="row" className="px-4 py-3 font-medium">
                    {c.name}
                  </th>
                  <td className="px-4 py-3 text-slate-600">{PLANS[c.plan].name}</td>
                  <td className="px-4 py-3 text-slate-600">{c.status === "ACTIVE" ? "Active" : "Suspended"}</td>
                  <td className="px-4 py-3 text-right font-medium">
                    <Money cents={c.totalCents} />
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </div>
      </Section>

      <Section id="statements-heading" title="Past months">
        {view.statements.length === 0 ? (
          <EmptyState title="No past statements yet">Statements appear after the end of each month.</EmptyState>
        ) : (
          <ul className="space-y-4">
            {view.statements.map((s) => (
              <li key={s.id}>
                <Card padding="sm">
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <h3 className="font-medium">{monthName(s.periodStart)}</h3>
                    <p className="text-sm text-slate-600">
                      Usage <Money cents={s.usageCents} currency={s.currency} /> · your share ({percent(s.shareBps)}){" "}
                      <span className="font-semibold text-emerald-700">
                        <Money cents={s.shareCents} currency={s.currency} />
                      </span>
                    </p>
                  </div>
                  {s.clients.length > 0 ? (
                    <ul className="mt-3 divide-y divide-slate-100 text-sm">
                      {s.clients.map((c) => (
                        <li key={c.orgId} className="flex items-center justify-between gap-3 py-2">
                          <span className="min-w-0 truncate">{c.name}</span>
                          <span className="flex items-center gap-3">
                            <StatusBadge {...statementStatus(c.status)} />
                            <Money cents={c.totalCents} currency={s.currency} />
                          </span>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </Card>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}

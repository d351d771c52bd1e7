// /admin/billing: the operator sees every org's month so far, unpaid statements, the Stripe usage
// backlog, and the resellers' statements. Platform admins only.
import type { Metadata } from "next";
import { AutoRefresh } from "@/components/billing/auto-refresh";
import { dayName, Money, monthName, Section, BILLING_TABLE } from "@/components/billing/parts";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { Table } from "@/components/ui/table";
import { PLANS } from "@/lib/plans";
import { getServerApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Billing · Operator" };
export const dynamic = "force-dynamic";

// The /admin layout has already turned away anyone who is not an operator, and draws the shell.
export default async function AdminBillingPage() {
  const api = await getServerApi();

  let view: Awaited<ReturnType<typeof api.billing.admin>>;
  try {
    view = await api.billing.admin();
  } catch {
    return (
      <>
        <h1 className="text-2xl font-semibold tracking-tight">Billing</h1>
        <Notice className="mt-4" tone="error" title="Billing could not be loaded" />
      </>
    );
  }

  const total = view.orgs.reduce((s, o) => s + o.currentCents, 0);
  return (
    <>
      <AutoRefresh seconds={60} />
      <h1 className="text-2xl font-semibold tracking-tight">Billing</h1>
      <p className="mt-1 text-sm text-slate-500">
        {view.mode === "stripe" ? "Stripe metered billing is on." : "Ledger mode: no Stripe keys; statements are marked “Not charged”."}
      </p>

      <div className="mt-6 grid gap-4 sm:grid-cols-3">
        <Card padding="sm">
          <p className="text-sm text-slate-500">All clients, {monthName(view.periodStart)} so far</p>
          <p className="text-2xl font-semibold">
            <Money cents={total} />
          </p>
        </Card>
        <Card padding="sm">
          <p className="text-sm text-slate-500">Usage waiting for Stripe</p>
          <p className="text-2xl font-semibold tabular-nums">{view.stripe.unreported}</p>
        </Card>
        <Card padding="sm">
          <p className="text-sm text-slate-500">Usage Stripe refused</p>
          <p className={`text-2xl font-semibold tabular-nums ${view.stripe.failing > 0 ? "text-red-700" : ""}`}>{view.stripe.failing}</p>
        </Card>
      </div>

      <Section id="unpaid-heading" title="Failed payments">
        {view.unpaid.length === 0 ? (
          <EmptyState title="No failed payments" />
        ) : (
          <Table {...BILLING_TABLE} caption="Statements whose payment failed" head={["Organization", "Month", "Failed since", "Amount"]}>
            {view.unpaid.map((u) => (
              <tr key={u.id}>
                <th scope="row" className="px-4 py-3 font-medium">
                  {u.orgName}
                </th>
                <td className="px-4 py-3">{monthName(u.periodStart)}</td>
                <td className="px-4 py-3">{u.paymentFailedAt ? dayName(u.paymentFailedAt) : "—"}</td>
                <td className="px-4 py-3 text-right font-medium">
                  <Money cents={u.totalCents} />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section id="orgs-heading" title="Organizations this month">
        {view.orgs.length === 0 ? (
          <EmptyState title="No organizations yet" />
        ) : (
          <Table
            {...BILLING_TABLE}
            caption="Organizations and their usage this month"
            head={["Organization", "Plan", "Reseller", "Status", "So far"]}
          >
            {view.orgs.map((o) => (
              <tr key={o.id}>
                <th scope="row" className="px-4 py-3 font-medium">
                  {o.name}
                  {view.mode === "stripe" && !o.hasStripeCustomer ? (
                    <span className="ml-2 text-xs font-normal text-amber-700">no Stripe customer yet</span>
                  ) : null}
                </th>
                <td className="px-4 py-3 text-slate-600">{PLANS[o.plan].name}</td>
                <td className="px-4 py-3 text-slate-600">{o.reseller ?? "—"}</td>
                <td className="px-4 py-3 text-slate-600" title={o.suspendedReason ?? undefined}>
                  {o.status === "ACTIVE" ? "Active" : "Suspended"}
                </td>
                <td className="px-4 py-3 text-right font-medium">
                  <Money cents={o.currentCents} />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section id="resellers-heading" title="Reseller statements">
        {view.resellerStatements.length === 0 ? (
          <EmptyState title="No reseller statements yet" />
        ) : (
          <Table {...BILLING_TABLE} caption="Reseller statements" head={["Reseller", "Month", "Clients’ usage", "Share"]}>
            {view.resellerStatements.map((r) => (
              <tr key={r.id}>
                <th scope="row" className="px-4 py-3 font-medium">
                  {r.reseller}
                </th>
                <td className="px-4 py-3">{monthName(r.periodStart)}</td>
                <td className="px-4 py-3">
                  <Money cents={r.usageCents} />
                </td>
                <td className="px-4 py-3 text-right font-medium">
                  <Money cents={r.shareCents} /> <span className="text-xs font-normal text-slate-500">({r.shareBps / 100} %)</span>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </>
  );
}

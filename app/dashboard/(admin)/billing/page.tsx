// /dashboard/billing: the org's current period as it stands (usage so far, estimated amount) and its
// past statements with CSV downloads. Needs billing.read; the portal button needs billing.write.
import type { Metadata } from "next";
import { TRPCError } from "@trpc/server";
import { AutoRefresh } from "@/components/billing/auto-refresh";
import { dayName, Money, monthName, Section, statementStatus, BILLING_TABLE } from "@/components/billing/parts";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { formatCents, PLAN_LIST } from "@/lib/plans";
import { can } from "@/server/access/permissions";
import { getServerApi } from "@/server/api/server";
import { dashboardContext } from "@/app/dashboard/context";
import { choosePlanAction, openBillingPortal } from "./actions";

export const metadata: Metadata = { title: "Billing" };
export const dynamic = "force-dynamic";

export default async function BillingPage({ searchParams }: { searchParams: Promise<{ portal?: string; plan?: string }> }) {
  // The (admin) layout has already refused anyone who may not manage an org.
  const { membership } = await dashboardContext();
  if (!membership) return null;
  const api = await getServerApi();
  const { portal, plan: planOutcome } = await searchParams;

  let view: Awaited<ReturnType<typeof api.billing.overview>>;
  try {
    view = await api.billing.overview({ orgId: membership.org.id });
  } catch (e) {
    const forbidden = e instanceof TRPCError && e.code === "FORBIDDEN";
    return (
      <>
        <h1 className="text-2xl font-semibold tracking-tight">Billing</h1>
        <Notice
          className="mt-4"
          tone={forbidden ? "info" : "error"}
          title={forbidden ? "Billing is for owners and administrators" : "Billing could not be loaded"}
        >
          {forbidden ? "Ask an owner or administrator of your organization for statements." : "Please try again in a moment."}
        </Notice>
      </>
    );
  }

  const canPay = can(membership.role, "billing.write");
  const billedLine = view.current.lines.find((l) => l.kind === view.plan.billedKind);
  return (
    <>
      <AutoRefresh seconds={60} />
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Billing</h1>
          <p className="mt-1 text-sm text-slate-500">
            {view.plan.name} plan · {formatCents(view.plan.unitPriceCents)} per {view.plan.unitLabel}. You pay only for what your visitors
            use.
          </p>
        </div>
        {view.canOpenPortal && canPay ? (
          <form action={openBillingPortal}>
            <input type="hidden" name="orgId" value={membership.org.id} />
            <Button type="submit" variant="secondary">
              Payment details and invoices
            </Button>
          </form>
        ) : null}
      </div>

      {view.status === "SUSPENDED" ? (
        <Notice className="mt-4" tone="error" title="Your launchers are paused">
          {view.suspendedReason ?? "This organization is suspended."} Visitors see a polite “unavailable” page until a payment goes through.
        </Notice>
      ) : null}
      {view.statements.some((s) => s.status === "PAYMENT_FAILED") && view.status === "ACTIVE" ? (
        <Notice className="mt-4" tone="warn" title="A payment failed">
          Please update your card{canPay && view.canOpenPortal ? " with “Payment details and invoices”" : ""}; launchers pause when the
          grace period ends.
        </Notice>
      ) : null}
      {view.mode === "ledger" ? (
        <Notice className="mt-4" tone="info" title="Card payments are not set up">
          Usage is metered and statements are kept for your records; they are marked “Not charged”.
        </Notice>
      ) : null}
      {portal === "unavailable" ? (
        <Notice className="mt-4" tone="error" title="The payment portal could not be opened">
          Please try again in a moment.
        </Notice>
      ) : null}

      <Section id="current-heading" title={`This month so far · ${monthName(view.current.periodStart)}`}>
        <Card padding="lg">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p className="text-sm text-slate-500">
              Estimated amount, {dayName(view.current.periodStart)} – today
              <span className="sr-only"> (updates every minute)</span>
            </p>
            <p className="text-3xl font-semibold tracking-tight">
              <Money cents={view.current.totalCents} currency={view.current.currency} />
            </p>
          </div>
          <p className="mt-1 text-sm text-slate-500">
            {billedLine?.quantity ?? 0} {view.plan.unitLabel}
            {billedLine?.quantity === 1 ? "" : "s"} so far. Final once the month ends.
          </p>
          <dl className="mt-4 grid gap-3 sm:grid-cols-2">
            {view.current.lines.map((l) => (
              <div key={l.kind} className="rounded-xl bg-slate-50 px-4 py-3">
                <dt className="text-xs text-slate-500">{l.description}</dt>
                <dd className="mt-0.5 flex items-baseline justify-between gap-2">
                  <span className="text-lg font-medium tabular-nums">{l.quantity}</span>
                  <span className="text-sm text-slate-600">
                    <Money cents={l.amountCents} currency={view.current.currency} />
                  </span>
                </dd>
              </div>
            ))}
          </dl>
        </Card>
      </Section>

      <Section id="plan-heading" title="Your plan">
        <Card padding="lg">
          {planOutcome === "scheduled" && view.nextPlan ? (
            <p role="status" className="mb-4 text-sm text-emerald-700">
              Saved: you move to {PLAN_LIST.find((p) => p.id === view.nextPlan!.id)!.name} on {dayName(view.nextPlan.from)}.
            </p>
          ) : null}
          {planOutcome === "kept" ? (
            <p role="status" className="mb-4 text-sm text-emerald-700">
              Saved: you stay on {view.plan.name}.
            </p>
          ) : null}
          {planOutcome === "error" ? (
            <p role="alert" className="mb-4 text-sm text-red-700">
              The plan could not be changed. Please try again in a moment.
            </p>
          ) : null}
          <form action={choosePlanAction}>
            <input type="hidden" name="orgId" value={membership.org.id} />
            <fieldset disabled={!canPay}>
              <legend className="text-sm text-slate-600">
                {view.nextPlan
                  ? `You are on ${view.plan.name} until ${dayName(new Date(view.nextPlan.from.getTime() - 1))}, then ${PLAN_LIST.find((p) => p.id === view.nextPlan!.id)!.name}.`
                  : `A change applies from the 1st of next month; this month stays on ${view.plan.name}.`}
              </legend>
              <div className="mt-3 grid gap-3 sm:grid-cols-2">
                {PLAN_LIST.map((p) => {
                  const chosen = (view.nextPlan?.id ?? view.plan.id) === p.id;
                  // Both kinds are always metered, so "this month on that plan" is exact so far.
                  const used = view.current.lines.find((l) => l.kind === p.billedKind)?.quantity ?? 0;
                  return (
                    <label
                      key={p.id}
                      className="flex cursor-pointer gap-3 rounded-xl border border-slate-200 p-4 has-checked:border-brand-600 has-checked:bg-brand-50 has-disabled:cursor-default"
                    >
                      <input type="radio" name="plan" value={p.id} defaultChecked={chosen} className="mt-1 accent-brand-600" />
                      <span className="min-w-0">
                        <span className="block font-medium">
                          {p.name} · {formatCents(p.unitPriceCents)} per {p.unitLabel}
                          {p.id === view.plan.id ? <span className="ml-2 text-xs font-normal text-slate-500">(current)</span> : null}
                        </span>
                        <span className="mt-1 block text-sm text-slate-600">{p.summary}</span>
                        <span className="mt-1 block text-xs text-slate-500">
                          This month on it so far: {used} {p.unitLabel}
                          {used === 1 ? "" : "s"} = {formatCents(used * p.unitPriceCents)}
                        </span>
                      </span>
                    </label>
                  );
                })}
              </div>
              {canPay ? (
                <Button type="submit" variant="secondary" className="mt-4">
                  Save plan for next month
                </Button>
              ) : (
                <p className="mt-3 text-sm text-slate-500">Only an owner can change the plan.</p>
              )}
            </fieldset>
          </form>
        </Card>
      </Section>

      <Section id="statements-heading" title="Past statements">
        {view.statements.length === 0 ? (
          <EmptyState title="No past statements yet">Your first statement appears after the end of your first month.</EmptyState>
        ) : (
          <Table {...BILLING_TABLE} caption="Past statements" head={["Month", "Status", "Usage", "Total", "Download"]}>
            {view.statements.map((s) => {
              const billed = s.lines.find((l) => l.kind === view.plan.billedKind) ?? s.lines.find((l) => l.amountCents > 0);
              return (
                <tr key={s.id}>
                  <th scope="row" className="px-4 py-3 font-medium">
                    {monthName(s.periodStart)}
                  </th>
                  <td className="px-4 py-3">
                    <StatusBadge {...statementStatus(s.status)} />
                  </td>
                  <td className="px-4 py-3 text-slate-600">
                    {billed ? `${billed.quantity} × ${formatCents(billed.unitPriceCents)}` : "—"}
                  </td>
                  <td className="px-4 py-3 font-medium">
                    <Money cents={s.totalCents} currency={s.currency} />
                  </td>
                  <td className="px-4 py-3 text-right">
                    <a
                      href={`/dashboard/billing/${s.id}/csv`}
                      download
                      className="rounded-md px-2 py-1 text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2"
                    >
                      CSV<span className="sr-only"> for {monthName(s.periodStart)}</span>
                    </a>
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      </Section>
    </>
  );
}

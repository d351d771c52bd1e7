// /manager/reports/staffing: the staffing advisor for a chosen week (docs/reports.md).
import type { Metadata } from "next";
import { RangeForm } from "@/components/reports/range-form";
import { ReportAlert } from "@/components/reports/report-alert";
import { reportInputError } from "@/components/ui/form-errors";
import { ReportsDenied, ReportsShell, reportsPageContext } from "@/app/manager/reports/frame";
import { StaffingCharts } from "@/components/reports/staffing/staffing-charts";
import { WhatIf } from "@/components/reports/staffing/what-if";
import { db } from "@/server/db";
import { lastDays } from "@/server/reports/range";
import type { StaffingReport } from "@/server/reports/staffing/report";

export const metadata: Metadata = { title: "Staffing" };
export const dynamic = "force-dynamic";

export default async function StaffingPage({ searchParams }: { searchParams: Promise<{ org?: string; from?: string; to?: string }> }) {
  const q = await searchParams;
  const ctx = await reportsPageContext("/manager/reports/staffing", q.org);
  if (!ctx.membership) return <ReportsDenied userLabel={ctx.userLabel} />;
  const orgId = ctx.membership.org.id;
  // Only the zone, for the default week; the report itself goes through the permission check.
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { timeZone: true } });
  const week = q.from && q.to ? { from: q.from, to: q.to } : lastDays(7, org?.timeZone ?? "UTC");
  let report: StaffingReport | null = null;
  let error: string | null = null;
  try {
    report = await ctx.api.reportsStaffing.week({ orgId, ...week });
  } catch (e) {
    error = reportInputError(e);
  }
  const peak = report?.intervals.reduce((best, i) => (i.arrivals > best.arrivals ? i : best), report.intervals[0]!);
  return (
    <ReportsShell
      ctx={{ ...ctx, membership: ctx.membership }}
      current="/manager/reports/staffing"
      title="Staffing"
      description="Agents needed per 15 minutes by Erlang C for your service-level target, beside the agents who were ready."
    >
      <RangeForm from={week.from} to={week.to} timeZone={report?.timeZone ?? org?.timeZone ?? "UTC"} hidden={{ org: q.org }} />
      <ReportAlert message={error} />
      {report ? (
        <>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {[
              ["Target", `${report.target.percent} % within ${report.target.seconds} s`],
              ["Arrivals", report.totals.arrivals.toLocaleString("en-US")],
              ["Average handle time", report.averageHandleSeconds === null ? "–" : `${report.averageHandleSeconds} s`],
              ["Intervals short of agents", `${report.totals.understaffed} of ${report.intervals.length}`],
            ].map(([k, v]) => (
              <div key={k} className="rounded-2xl border border-slate-200 bg-white p-3">
                <dt className="text-xs text-slate-500">{k}</dt>
                <dd className="mt-1 text-lg font-semibold tabular-nums">{v}</dd>
              </div>
            ))}
          </dl>
          <StaffingCharts intervals={report.intervals} filename={`staffing-${report.fromDay}-${report.toDay}`} />
          <WhatIf
            initial={{
              arrivals: String(peak && peak.arrivals > 0 ? peak.arrivals : 10),
              handle: String(report.averageHandleSeconds ?? 300),
              targetSeconds: String(report.target.seconds),
              targetPercent: String(Math.min(report.target.percent, 99)),
            }}
          />
          <p className="text-xs text-slate-500">
            Erlang C assumes one visitor per agent at a time and that nobody leaves the queue; agents who take several chats at once need
            fewer than shown. Ready agents are the time-weighted average of agents in a status that takes sessions.
          </p>
        </>
      ) : null}
    </ReportsShell>
  );
}

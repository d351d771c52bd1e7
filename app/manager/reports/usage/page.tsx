// /manager/reports/usage: who handled what, when visitors come, through which launchers and pages,
// and what they ask about. Server-rendered from the usage roll-ups; the range is a GET form.
import type { Metadata } from "next";
import { Notice } from "@/components/ui/notice";
import { RangeForm } from "@/components/reports/range-form";
import { ReportsDenied, ReportsShell, reportsPageContext } from "@/app/manager/reports/frame";
import { reportInputError } from "@/components/ui/form-errors";
import { UsageView } from "@/components/reports/usage/usage-view";

export const metadata: Metadata = { title: "Usage report" };
export const dynamic = "force-dynamic";

type Params = { org?: string; from?: string; to?: string };

export default async function UsagePage({ searchParams }: { searchParams: Promise<Params> }) {
  const sp = await searchParams;
  const ctx = await reportsPageContext("/manager/reports/usage", sp.org);
  if (!ctx.membership) return <ReportsDenied userLabel={ctx.userLabel} />;
  const orgId = ctx.membership.org.id;
  const asked = sp.from || sp.to ? { from: sp.from ?? "", to: sp.to ?? "" } : undefined;

  let report;
  let error: string | null = null;
  try {
    report = await ctx.api.reportsUsage.report({ orgId, range: asked });
  } catch (e) {
    error = reportInputError(e);
    report = await ctx.api.reportsUsage.report({ orgId });
  }

  return (
    <ReportsShell
      ctx={{ ...ctx, membership: ctx.membership }}
      current="/manager/reports/usage"
      title="Usage"
      description="Sessions, agents, launchers, pages and subjects."
    >
      <RangeForm
        from={asked?.from ?? report.range.fromDay}
        to={asked?.to ?? report.range.toDay}
        timeZone={report.range.timeZone}
        hidden={{ org: sp.org }}
      />
      {error ? <Notice tone="error">{error} Showing the last 30 days instead.</Notice> : null}
      <UsageView report={report} />
    </ReportsShell>
  );
}

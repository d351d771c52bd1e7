// /manager/reports/trends: what visitors ask and look at, week by week. Server-rendered from the
// term and page roll-ups; the range (widened to whole weeks) and the term source are a GET form.
import type { Metadata } from "next";
import { Notice } from "@/components/ui/notice";
import { RangeForm } from "@/components/reports/range-form";
import { ReportsDenied, ReportsShell, reportsPageContext } from "@/app/manager/reports/frame";
import { TrendsView } from "@/components/reports/trends/trends-view";
import { reportInputError } from "@/components/ui/form-errors";

export const metadata: Metadata = { title: "Market trends" };
export const dynamic = "force-dynamic";

type Params = { org?: string; from?: string; to?: string; source?: string };
const SOURCES = { all: "Questions and chat", question: "Questions only", chat: "Chat only" } as const;
type Source = keyof typeof SOURCES;

export default async function TrendsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const sp = await searchParams;
  const ctx = await reportsPageContext("/manager/reports/trends", sp.org);
  if (!ctx.membership) return <ReportsDenied userLabel={ctx.userLabel} />;
  const orgId = ctx.membership.org.id;
  const asked = sp.from || sp.to ? { from: sp.from ?? "", to: sp.to ?? "" } : undefined;
  const source: Source = sp.source && sp.source in SOURCES ? (sp.source as Source) : "all";

  let report;
  let error: string | null = null;
  try {
    report = await ctx.api.reportsTrends.report({ orgId, range: asked, source });
  } catch (e) {
    error = reportInputError(e);
    report = await ctx.api.reportsTrends.report({ orgId, source });
  }

  return (
    <ReportsShell
      ctx={{ ...ctx, membership: ctx.membership }}
      current="/manager/reports/trends"
      title="Market trends"
      description="What visitors ask about and look at, week by week (weeks run Monday to Sunday)."
    >
      <RangeForm
        from={asked?.from ?? report.range.fromDay}
        to={asked?.to ?? report.range.toDay}
        timeZone={report.range.timeZone}
        hidden={{ org: sp.org }}
      >
        <label className="text-sm">
          <span className="block text-xs font-medium text-slate-600">Terms from</span>
          <select name="source" defaultValue={source} className="mt-1 h-10 rounded-lg border border-slate-300 bg-white px-3">
            {Object.entries(SOURCES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
      </RangeForm>
      {error ? <Notice tone="error">{error} Showing the last eight weeks instead.</Notice> : null}
      <TrendsView report={report} />
    </ReportsShell>
  );
}

"use client";
// Market trends: top terms per week, rising terms, pages of interest and referrers week over week.
import { ReportCard } from "@/components/reports/report-card";
import { HBarChart, WeekLines } from "@/components/reports/usage/charts";
import type { PageTrend, TrendsReport } from "@/server/reports/trends/report";

const change = (pct: number | null, previous: number, count: number) =>
  pct === null ? (count > 0 && previous === 0 ? "new" : "–") : `${pct > 0 ? "+" : ""}${pct}%`;
const SERIES = 5;

function pageCard(r: TrendsReport, title: string, description: string, name: string, pages: PageTrend[], unit: string) {
  const top = pages.slice(0, SERIES);
  const lines = r.weeks.map((week, i) => {
    const row: Record<string, string | number> = { week: week.slice(5) };
    top.forEach((p, j) => (row[`s${j}`] = p.weeks[i]?.count ?? 0));
    return row;
  });
  const rows = pages.flatMap((p) =>
    p.weeks.map((w) => ({
      page: p.key,
      week: w.week,
      count: w.count,
      previous: w.previous,
      change: change(w.changePct, w.previous, w.count),
    })),
  );
  return (
    <ReportCard
      title={title}
      description={description}
      filename={`trends-${name}-${r.range.fromDay}-${r.range.toDay}`}
      columns={[
        { key: "page", label: "Page" },
        { key: "week", label: "Week of" },
        { key: "count", label: unit, numeric: true },
        { key: "previous", label: "Week before", numeric: true },
        { key: "change", label: "Change", numeric: true },
      ]}
      rows={rows}
      chart={<WeekLines rows={lines} series={top.map((p, j) => ({ key: `s${j}`, label: shortUrl(p.key) }))} />}
    />
  );
}

function shortUrl(u: string): string {
  const s = u.replace(/^https?:\/\//, "");
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

export function TrendsView({ report: r }: { report: TrendsReport }) {
  const rising = r.rising.map((t) => ({
    label: t.term,
    count: t.count,
    previous: t.previous,
    change: change(t.changePct, t.previous, t.count),
  }));
  return (
    <>
      <ReportCard
        title="Rising terms"
        description={`Mentions ${r.range.fromDay} to ${r.range.toDay} against ${r.range.previousFromDay} to ${r.range.previousToDay}: the largest increases (at least 3 mentions).`}
        filename={`trends-rising-${r.range.fromDay}-${r.range.toDay}`}
        columns={[
          { key: "label", label: "Term" },
          { key: "count", label: "This period", numeric: true },
          { key: "previous", label: "Period before", numeric: true },
          { key: "change", label: "Change", numeric: true },
        ]}
        rows={rising}
        chart={
          <HBarChart
            rows={rising.slice(0, 10)}
            bars={[
              { key: "previous", label: "Period before" },
              { key: "count", label: "This period" },
            ]}
          />
        }
      />
      <ReportCard
        title="Top terms per week"
        description="The ten terms mentioned in the most questions and chat lines each week."
        filename={`trends-terms-${r.range.fromDay}-${r.range.toDay}`}
        columns={[
          { key: "week", label: "Week of" },
          { key: "rank", label: "#", numeric: true },
          { key: "term", label: "Term" },
          { key: "count", label: "Mentions", numeric: true },
        ]}
        rows={r.topTerms}
        tableFirst
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        {pageCard(
          r,
          "Pages of interest",
          "Sessions led to each page per week (top 10 pages; the chart shows 5).",
          "pages",
          r.pages,
          "Sessions",
        )}
        {pageCard(
          r,
          "Referrers",
          "Arrivals from each page per week (top 10 pages; the chart shows 5).",
          "referrers",
          r.referrers,
          "Arrivals",
        )}
      </div>
    </>
  );
}

"use client";
// The usage report's figures: agents, hour of week, launchers, scenarios, pages visitors came from
// and were led to, and what their questions were about. Every chart sits in a ReportCard beside its table.
import { ReportCard } from "@/components/reports/report-card";
import type { UsageReport } from "@/server/reports/usage/report";
import { HBarChart, Heatmap, WEEKDAY_LABELS } from "./charts";

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-2xl border border-slate-200 bg-white p-4">
      <p className="text-xs font-medium text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{value}</p>
    </div>
  );
}

const num = (n: number) => n.toLocaleString("en-US");
const file = (r: UsageReport, name: string) => `usage-${name}-${r.range.fromDay}-${r.range.toDay}`;

const pageRows = (rows: UsageReport["pages"]) => rows.map((x) => ({ label: x.key, count: x.count }));

/** A count per name (launcher, scenario, term, page), charted as bars; visitor minutes when there are any. */
function CountCard({
  r,
  name,
  title,
  what,
  unit = "Sessions",
  description,
  rows,
  bars = true,
}: {
  r: UsageReport;
  name: string;
  title: string;
  what: string;
  unit?: string;
  description: string;
  rows: { label: string; count: number; visitorMinutes?: number }[];
  /** Off for pages: addresses are too long to label a chart. */
  bars?: boolean;
}) {
  const withMinutes = rows.some((x) => x.visitorMinutes !== undefined);
  return (
    <ReportCard
      title={title}
      description={description}
      filename={file(r, name)}
      columns={[
        { key: "label", label: what },
        { key: "count", label: unit, numeric: true },
        ...(withMinutes ? [{ key: "visitorMinutes", label: "Visitor min", numeric: true }] : []),
      ]}
      rows={rows.map((x) => ({ label: x.label, count: x.count, visitorMinutes: x.visitorMinutes ?? null }))}
      chart={
        bars ? (
          <HBarChart rows={rows.slice(0, 10).map((x) => ({ label: x.label, count: x.count }))} bars={[{ key: "count", label: unit }]} />
        ) : undefined
      }
    />
  );
}

export function UsageView({ report: r }: { report: UsageReport }) {
  const agentRows = r.agents.map((a) => ({
    label: a.name,
    sessions: a.sessions,
    handleMinutes: a.handleMinutes,
    avgHandleMinutes: a.avgHandleMinutes,
    visitorMinutes: a.visitorMinutes,
    avgFirstReplySeconds: a.avgFirstReplySeconds,
    peakSessions: a.peakSessions,
    avgStars: a.avgStars,
    thumbsUpPercent: a.thumbsUpPercent,
    ratingAnswers: a.ratingAnswers,
  }));
  const heatRows = WEEKDAY_LABELS.map((day, i) => {
    const row: Record<string, string | number> = { day };
    for (const c of r.heatmap) if (c.weekday === i + 1) row[`h${c.hour}`] = c.sessions;
    return row;
  });
  const heatHasData = r.heatmap.some((c) => c.sessions > 0);

  return (
    <>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Stat label="Ended sessions" value={num(r.totals.sessions)} />
        <Stat label="Visitor minutes" value={num(r.totals.visitorMinutes)} />
        <Stat label="Agent handle minutes" value={num(r.totals.handleMinutes)} />
      </div>

      <ReportCard
        title="Agents"
        description="Ended sessions each agent joined in the range, on the day they joined. Handle time is time seated; first reply is from joining to the agent's first chat line. Ratings are the satisfaction survey's answers to sessions that started in the range."
        filename={file(r, "agents")}
        columns={[
          { key: "label", label: "Agent" },
          { key: "sessions", label: "Sessions", numeric: true },
          { key: "handleMinutes", label: "Handle min", numeric: true },
          { key: "avgHandleMinutes", label: "Avg handle min", numeric: true },
          { key: "visitorMinutes", label: "Visitor min", numeric: true },
          { key: "avgFirstReplySeconds", label: "Avg first reply s", numeric: true },
          { key: "peakSessions", label: "Most at once", numeric: true },
          { key: "avgStars", label: "Avg stars", numeric: true },
          { key: "thumbsUpPercent", label: "Thumbs up %", numeric: true },
          { key: "ratingAnswers", label: "Survey answers", numeric: true },
        ]}
        rows={agentRows}
        chart={<HBarChart rows={agentRows.slice(0, 12)} bars={[{ key: "sessions", label: "Sessions" }]} />}
      />

      <ReportCard
        title="Sessions by hour of week"
        description={`Ended sessions by the local hour they started (${r.range.timeZone}).`}
        filename={file(r, "hour-of-week")}
        columns={[{ key: "day", label: "Day" }, ...Array.from({ length: 24 }, (_, h) => ({ key: `h${h}`, label: `${h}h`, numeric: true }))]}
        rows={heatHasData ? heatRows : []}
        chart={<Heatmap cells={r.heatmap} />}
      />

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <CountCard
          r={r}
          name="launchers"
          title="By launcher"
          what="Launcher"
          description="Ended sessions per launcher (campaign), with visitor minutes."
          rows={r.launchers}
        />
        <CountCard
          r={r}
          name="scenarios"
          title="By scenario"
          what="Scenario"
          description="Ended sessions per scenario, with visitor minutes."
          rows={r.scenarios}
        />
        <CountCard
          r={r}
          name="pages-from"
          title="Pages visitors came from"
          what="Page"
          unit="Arrivals"
          description="Arrivals by the page the launcher was on (address without its query), top 20."
          rows={pageRows(r.pages)}
          bars={false}
        />
        <CountCard
          r={r}
          name="pages-led-to"
          title="Pages visitors were led to"
          what="Page"
          description="Sessions in which staff led visitors to the page, top 20."
          rows={pageRows(r.ledTo)}
          bars={false}
        />
      </div>

      <CountCard
        r={r}
        name="subjects"
        title="What visitors ask about"
        what="Term"
        unit="Questions"
        description="Words in visitors' questions (common words left out): how many questions mention each, top 20."
        rows={r.subjects.map((x) => ({ label: x.term, count: x.count }))}
      />
    </>
  );
}

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

export function UsageView({ report: r }: { report: UsageReport }) {
  const agentRows = r.agents.map((a) => ({
    label: a.name,
    sessions: a.sessions,
    handleMinutes: a.handleMinutes,
    avgHandleMinutes: a.avgHandleMinutes,
    visitorMinutes: a.visitorMinutes,
    avgFirstReplySeconds: a.avgFirstReplySeconds,
    peakSessions: a.peakSessions,
  }));
  const heatRows = WEEKDAY_LABELS.map((day, i) => {
    const row: Record<string, string | number> = { day };
    for (const c of r.heatmap) if (c.weekday === i + 1) row[`h${c.hour}`] = c.sessions;
    return row;
  });
  const heatHasData = r.heatmap.some((c) => c.sessions > 0);
  const countRows = (rows: UsageReport["launchers"]) => rows.map((x) => ({ label: x.label, count: x.count, visitorMinutes: x.visitorMinutes }));
  const pageRows = (rows: UsageReport["pages"]) => rows.map((x) => ({ page: x.key, count: x.count }));

  return (
    <>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Stat label="Ended sessions" value={num(r.totals.sessions)} />
        <Stat label="Visitor minutes" value={num(r.totals.visitorMinutes)} />
        <Stat label="Agent handle minutes" value={num(r.totals.handleMinutes)} />
      </div>

      <ReportCard
        title="Agents"
        description="Ended sessions each agent joined in the range, on the day they joined. Handle time is time seated; first reply is from joining to the agent's first chat line."
        filename={file(r, "agents")}
        columns={[
          { key: "label", label: "Agent" },
          { key: "sessions", label: "Sessions", numeric: true },
          { key: "handleMinutes", label: "Handle min", numeric: true },
          { key: "avgHandleMinutes", label: "Avg handle min", numeric: true },
          { key: "visitorMinutes", label: "Visitor min", numeric: true },
          { key: "avgFirstReplySeconds", label: "Avg first reply s", numeric: true },
          { key: "peakSessions", label: "Most at once", numeric: true },
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
        <ReportCard
          title="By launcher"
          description="Ended sessions per launcher (campaign), with visitor minutes."
          filename={file(r, "launchers")}
          columns={[
            { key: "label", label: "Launcher" },
            { key: "count", label: "Sessions", numeric: true },
            { key: "visitorMinutes", label: "Visitor min", numeric: true },
          ]}
          rows={countRows(r.launchers)}
          chart={<HBarChart rows={countRows(r.launchers).slice(0, 8)} bars={[{ key: "count", label: "Sessions" }]} />}
        />
        <ReportCard
          title="By scenario"
          description="Ended sessions per scenario, with visitor minutes."
          filename={file(r, "scenarios")}
          columns={[
            { key: "label", label: "Scenario" },
            { key: "count", label: "Sessions", numeric: true },
            { key: "visitorMinutes", label: "Visitor min", numeric: true },
          ]}
          rows={countRows(r.scenarios)}
          chart={<HBarChart rows={countRows(r.scenarios).slice(0, 8)} bars={[{ key: "count", label: "Sessions" }]} />}
        />
        <ReportCard
          title="Pages visitors came from"
          description="Arrivals by the page the launcher was on (address without its query), top 20."
          filename={file(r, "pages-from")}
          columns={[
            { key: "page", label: "Page" },
            { key: "count", label: "Arrivals", numeric: true },
          ]}
          rows={pageRows(r.pages)}
        />
        <ReportCard
          title="Pages visitors were led to"
          description="Sessions in which staff led visitors to the page, top 20."
          filename={file(r, "pages-led-to")}
          columns={[
            { key: "page", label: "Page" },
            { key: "count", label: "Sessions", numeric: true },
          ]}
          rows={pageRows(r.ledTo)}
        />
      </div>

      <ReportCard
        title="What visitors ask about"
        description="Words in visitors' questions (common words left out): how many questions mention each, top 20."
        filename={file(r, "subjects")}
        columns={[
          { key: "label", label: "Term" },
          { key: "count", label: "Questions", numeric: true },
        ]}
        rows={r.subjects.map((s) => ({ label: s.term, count: s.count }))}
        chart={<HBarChart rows={r.subjects.slice(0, 10).map((s) => ({ label: s.term, count: s.count }))} bars={[{ key: "count", label: "Questions" }]} />}
      />
    </>
  );
}

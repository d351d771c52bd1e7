// /manager/reports/queue: arrivals and what became of them per 15-minute interval and per day,
// waits and the service level against the org's target, and per launcher (campaign) by day or week.
// All in the org's time zone (docs/reports.md, "Queue reports").
import { RangeForm } from "@/components/reports/range-form";
import { ReportCard, type ReportColumn } from "@/components/reports/report-card";
import { reportInputError } from "@/components/ui/form-errors";
import { ReportsDenied, ReportsShell, reportsPageContext } from "@/app/manager/reports/frame";
import { LauncherChart, OutcomeChart } from "@/components/reports/queue/queue-charts";
import { lastDays } from "@/server/reports/range";
import { MAX_INTERVAL_DAYS } from "@/server/reports/queue/report";

export const dynamic = "force-dynamic";

type Search = { org?: string; from?: string; to?: string; launcher?: string; grain?: string };

const FIGURE_COLUMNS: ReportColumn[] = [
  { key: "arrivals", label: "Arrivals", numeric: true },
  { key: "answered", label: "Answered", numeric: true },
  { key: "abandoned", label: "Abandoned", numeric: true },
  { key: "expired", label: "Expired", numeric: true },
  { key: "scheduled", label: "Scheduled", numeric: true },
  { key: "waitMedian", label: "Median wait (s)", numeric: true },
  { key: "waitP90", label: "90th pct wait (s)", numeric: true },
  { key: "serviceLevel", label: "Service level %", numeric: true },
];

type Figures = {
  arrivals: number;
  answered: number;
  abandoned: number;
  expired: number;
  scheduled: number;
  waitMedian: number | null;
  waitP90: number | null;
  serviceLevel: number | null;
};
const cells = (f: Figures) => ({
  arrivals: f.arrivals,
  answered: f.answered,
  abandoned: f.abandoned,
  expired: f.expired,
  scheduled: f.scheduled,
  waitMedian: f.waitMedian,
  waitP90: f.waitP90,
  serviceLevel: f.serviceLevel,
});

const messageOf = (e: unknown) => reportInputError(e, { notFound: true });

export default async function QueueReportPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const ctx = await reportsPageContext("/manager/reports/queue", sp.org);
  if (!ctx.membership) return <ReportsDenied userLabel={ctx.userLabel} />;
  const orgId = ctx.membership.org.id;
  const { timeZone, launchers } = await ctx.api.reportsQueue.launchers({ orgId });
  const defaults = lastDays(7, timeZone);
  const from = sp.from || defaults.from;
  const to = sp.to || defaults.to;
  const grain = sp.grain === "week" ? "week" : "day";
  const launcherId = sp.launcher || undefined;

  let error: string | null = null;
  let days: Awaited<ReturnType<typeof ctx.api.reportsQueue.days>> | null = null;
  let intervals: Awaited<ReturnType<typeof ctx.api.reportsQueue.intervals>> | null = null;
  let intervalsNote: string | null = null;
  let byLauncher: Awaited<ReturnType<typeof ctx.api.reportsQueue.byLauncher>> | null = null;
  try {
    [days, byLauncher] = await Promise.all([
      ctx.api.reportsQueue.days({ orgId, from, to, launcherId }),
      ctx.api.reportsQueue.byLauncher({ orgId, from, to, grain }),
    ]);
    if (days.range.days <= MAX_INTERVAL_DAYS) intervals = await ctx.api.reportsQueue.intervals({ orgId, from, to, launcherId });
    else intervalsNote = `Quarter hours are shown for ${MAX_INTERVAL_DAYS} days or fewer: choose a shorter range to see them.`;
  } catch (e) {
    error = messageOf(e);
  }
  const zone = days?.range.timeZone ?? timeZone;

  return (
    <ReportsShell
      ctx={{ ...ctx, membership: ctx.membership }}
      current="/manager/reports/queue"
      title="Queue"
      description="Visitors who joined the queue, by when they arrived: answered, abandoned, expired or scheduled; waits and the service level."
    >
      <RangeForm from={from} to={to} timeZone={zone} hidden={{ org: sp.org }}>
        <label className="text-sm">
          <span className="block text-xs font-medium text-slate-600">Launcher</span>
          <select
            name="launcher"
            defaultValue={launcherId ?? ""}
            className="mt-1 h-10 max-w-[12rem] rounded-lg border border-slate-300 bg-white px-2"
          >
            <option value="">All launchers</option>
            {launchers.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block text-xs font-medium text-slate-600">Per launcher by</span>
          <select name="grain" defaultValue={grain} className="mt-1 h-10 rounded-lg border border-slate-300 bg-white px-2">
            <option value="day">Day</option>
            <option value="week">Week</option>
          </select>
        </label>
      </RangeForm>

      {error ? (
        <p role="alert" className="rounded-2xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">
          {error}
        </p>
      ) : null}

      {days ? (
        <section aria-label="Totals" className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {[
            ["Arrivals", days.total.arrivals.toLocaleString("en-US")],
            ["Answered", days.total.answered.toLocaleString("en-US")],
            ["Median wait", days.total.waitMedian === null ? "–" : `${days.total.waitMedian} s`],
            [
              `Within ${days.targetSeconds} s`,
              days.total.serviceLevel === null ? "–" : `${days.total.serviceLevel}% (target ${days.targetPercent}%)`,
            ],
          ].map(([label, value]) => (
            <div key={label} className="rounded-2xl border border-slate-200 bg-white p-4">
              <p className="text-xs text-slate-500">{label}</p>
              <p className="mt-1 text-lg font-semibold tabular-nums">{value}</p>
            </div>
          ))}
        </section>
      ) : null}

      {days ? (
        <ReportCard
          title="Per day"
          description={`Service level: arrivals answered within ${days.targetSeconds} s, as a share of all arrivals.`}
          filename={`queue-days-${from}-${to}`}
          columns={[{ key: "day", label: "Day" }, ...FIGURE_COLUMNS]}
          rows={days.rows.map((r) => ({ day: r.day, ...cells(r) }))}
          chart={<OutcomeChart targetPercent={days.targetPercent} data={days.rows.map((r) => ({ label: r.day.slice(5), ...r }))} />}
        />
      ) : null}

      {intervals ? (
        <ReportCard
          title="Per 15 minutes"
          description={`Quarter hours with at least one arrival, local time (${zone}).`}
          filename={`queue-intervals-${from}-${to}`}
          columns={[{ key: "day", label: "Day" }, { key: "time", label: "Time" }, { key: "zone", label: "Zone" }, ...FIGURE_COLUMNS]}
          rows={intervals.rows.map((r) => ({ day: r.day, time: r.time, zone: r.zone, ...cells(r) }))}
          chart={
            <OutcomeChart
              targetPercent={intervals.targetPercent}
              data={intervals.rows.map((r) => ({ label: `${r.day.slice(5)} ${r.time}`, ...r }))}
            />
          }
        />
      ) : intervalsNote ? (
        <p className="rounded-2xl border border-slate-200 bg-white p-4 text-sm text-slate-600">{intervalsNote}</p>
      ) : null}

      {byLauncher ? (
        <>
          <ReportCard
            title="Per launcher"
            description="Each launcher is a campaign: its totals over the range."
            filename={`queue-launchers-${from}-${to}`}
            columns={[{ key: "launcher", label: "Launcher" }, ...FIGURE_COLUMNS]}
            rows={byLauncher.launchers.map((l) => ({ launcher: l.name, ...cells(l.total) }))}
            chart={
              <LauncherChart
                data={byLauncher.launchers.map((l) => ({ launcher: l.name, arrivals: l.total.arrivals, answered: l.total.answered }))}
              />
            }
          />
          <ReportCard
            title={grain === "week" ? "Per launcher and week" : "Per launcher and day"}
            description={grain === "week" ? "Weeks start on Monday." : undefined}
            filename={`queue-launchers-${grain}-${from}-${to}`}
            columns={[
              { key: "period", label: grain === "week" ? "Week of" : "Day" },
              { key: "launcher", label: "Launcher" },
              ...FIGURE_COLUMNS,
            ]}
            rows={byLauncher.rows.map((r) => ({ period: r.period, launcher: r.launcher, ...cells(r) }))}
          />
        </>
      ) : null}
    </ReportsShell>
  );
}

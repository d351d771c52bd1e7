"use client";
// The staffing advisor's figures: over/under staffing per interval (bars below zero are intervals
// short of agents) and agents needed against agents ready. Each sits in a ReportCard with the same
// numbers as a table and a CSV.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ReportCard, type ReportColumn } from "@/components/reports/report-card";
import type { StaffingInterval } from "@/server/reports/staffing/report";

const COLUMNS: ReportColumn[] = [
  { key: "day", label: "Day" },
  { key: "time", label: "Time" },
  { key: "utc_offset", label: "UTC offset" },
  { key: "arrivals", label: "Arrivals", numeric: true },
  { key: "handle_seconds", label: "Avg handle (s)", numeric: true },
  { key: "needed", label: "Agents needed", numeric: true },
  { key: "ready", label: "Agents ready", numeric: true },
  { key: "balance", label: "Over / under", numeric: true },
  { key: "expected_service_level", label: "Expected service level %", numeric: true },
];

const tick = (i: StaffingInterval) => `${i.day.slice(5)} ${i.time}`;

/**
 * The interval's offset from UTC ("-04:00"), from its wall time and instant: on the night clocks go
 * back, the two 01:00-01:45 hours differ only in it.
 */
export function utcOffset(i: Pick<StaffingInterval, "start" | "day" | "time">): string {
  const minutes = Math.round((Date.parse(`${i.day}T${i.time}:00Z`) - Date.parse(i.start)) / 60_000);
  const a = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

export function StaffingCharts({ intervals, filename }: { intervals: StaffingInterval[]; filename: string }) {
  // A week of quiet intervals is not worth a chart of zeros.
  const active = intervals.some((i) => i.arrivals > 0 || i.ready > 0);
  const rows = active
    ? intervals.map((i) => ({
        day: i.day,
        time: i.time,
        utc_offset: utcOffset(i),
        arrivals: i.arrivals,
        handle_seconds: i.handleSeconds,
        needed: i.needed,
        ready: i.ready,
        balance: i.balance,
        expected_service_level: i.expectedServiceLevel,
      }))
    : [];
  const data = intervals.map((i) => ({ label: tick(i), balance: i.balance, needed: i.needed, ready: i.ready }));
  return (
    <>
      <ReportCard
        title="Over / under staffing per 15 minutes"
        description="Agents ready minus agents needed: bars below zero are intervals short of agents."
        columns={COLUMNS}
        rows={rows}
        filename={`${filename}-intervals`}
        emptyText="No arrivals and no ready agents in this range."
        chart={
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} barCategoryGap={0}>
              <CartesianGrid vertical={false} stroke="#e2e8f0" />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={95} minTickGap={8} />
              <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
              <Tooltip />
              <ReferenceLine y={0} stroke="#64748b" />
              <Bar dataKey="balance" name="Over / under" isAnimationActive={false}>
                {data.map((d, i) => (
                  <Cell key={i} fill={d.balance < 0 ? "#dc2626" : "#16a34a"} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        }
      />
      <ReportCard
        title="Agents needed and ready"
        description="Erlang C's agents for the target (bars) against agents ready on average (line)."
        columns={COLUMNS}
        rows={rows}
        filename={`${filename}-needed-ready`}
        emptyText="No arrivals and no ready agents in this range."
        chart={
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} barCategoryGap={0}>
              <CartesianGrid vertical={false} stroke="#e2e8f0" />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={95} minTickGap={8} />
              <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
              <Tooltip />
              <Bar dataKey="needed" name="Needed" fill="#93c5fd" isAnimationActive={false} />
              <Line
                dataKey="ready"
                name="Ready"
                type="stepAfter"
                stroke="#1d4ed8"
                dot={false}
                strokeWidth={1.5}
                isAnimationActive={false}
              />
            </ComposedChart>
          </ResponsiveContainer>
        }
      />
    </>
  );
}

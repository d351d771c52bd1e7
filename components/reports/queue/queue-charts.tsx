"use client";
// The queue report's charts (recharts: SVG, client-only). Each sits in a ReportCard beside the same
// numbers as a table and CSV, so the charts carry no information of their own.
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const COLORS = { answered: "#2563eb", abandoned: "#f97316", expired: "#dc2626", scheduled: "#a855f7", level: "#16a34a" };

export type OutcomePoint = {
  label: string;
  answered: number;
  abandoned: number;
  expired: number;
  scheduled: number;
  serviceLevel: number | null;
};

/** Arrivals by outcome, stacked, with the service level (percent, right axis) as a line. */
export function OutcomeChart({ data, targetPercent }: { data: OutcomePoint[]; targetPercent: number }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={24} />
        <YAxis yAxisId="n" allowDecimals={false} tick={{ fontSize: 11 }} />
        <YAxis yAxisId="pct" orientation="right" domain={[0, 100]} tick={{ fontSize: 11 }} unit="%" />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="n" dataKey="answered" name="Answered" stackId="a" fill={COLORS.answered} maxBarSize={40} isAnimationActive={false} />
        <Bar
          yAxisId="n"
          dataKey="abandoned"
          name="Abandoned"
          stackId="a"
          fill={COLORS.abandoned}
          maxBarSize={40}
          isAnimationActive={false}
        />
        <Bar yAxisId="n" dataKey="expired" name="Expired" stackId="a" fill={COLORS.expired} maxBarSize={40} isAnimationActive={false} />
        <Bar
          yAxisId="n"
          dataKey="scheduled"
          name="Scheduled"
          stackId="a"
          fill={COLORS.scheduled}
          maxBarSize={40}
          isAnimationActive={false}
        />
        <Line
          yAxisId="pct"
          dataKey="serviceLevel"
          name={`Service level (target ${targetPercent}%)`}
          stroke={COLORS.level}
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export type LauncherPoint = { launcher: string; arrivals: number; answered: number };

/** Arrivals and answered per launcher (campaign) over the range. */
export function LauncherChart({ data }: { data: LauncherPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} maxBarSize={40} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="launcher" tick={{ fontSize: 11 }} interval={0} />
        <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="arrivals" name="Arrivals" fill="#94a3b8" isAnimationActive={false} />
        <Bar dataKey="answered" name="Answered" fill={COLORS.answered} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

"use client";
// The usage and trends charts (recharts, SVG). Each is drawn inside a ReportCard, which puts the
// same numbers beside it as a table and a CSV.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export const CHART_COLORS = ["#2563eb", "#0f766e", "#b45309", "#9333ea", "#be123c"];

/** Horizontal bars, one per row: names read well on a phone, however long. */
export function HBarChart({ rows, bars }: { rows: Record<string, string | number | null>[]; bars: { key: string; label: string }[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={rows} layout="vertical" maxBarSize={28} margin={{ left: 8, right: 16, top: 4, bottom: 4 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
        <YAxis type="category" dataKey="label" width={110} tick={{ fontSize: 11 }} interval={0} />
        <Tooltip />
        {bars.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
        {bars.map((b, i) => (
          <Bar key={b.key} dataKey={b.key} name={b.label} fill={CHART_COLORS[i % CHART_COLORS.length]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** One line per series over the weeks. */
export function WeekLines({ rows, series }: { rows: Record<string, string | number>[]; series: { key: string; label: string }[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ left: 0, right: 16, top: 4, bottom: 4 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="week" tick={{ fontSize: 11 }} />
        <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={36} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        {series.map((s, i) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stroke={CHART_COLORS[i % CHART_COLORS.length]}
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Hour of week: 7 rows by 24 columns, darker = more sessions. Plain SVG, scales to the card. */
export function Heatmap({ cells }: { cells: { weekday: number; hour: number; sessions: number }[] }) {
  const max = Math.max(1, ...cells.map((c) => c.sessions));
  const cw = 20;
  const ch = 22;
  const left = 34;
  const top = 16;
  return (
    <svg viewBox={`0 0 ${left + 24 * cw} ${top + 7 * ch}`} className="h-full w-full" role="img" aria-label="Sessions by hour of week">
      {Array.from({ length: 24 }, (_, h) =>
        h % 3 === 0 ? (
          <text key={h} x={left + h * cw + cw / 2} y={11} fontSize={9} textAnchor="middle" fill="#64748b">
            {h}
          </text>
        ) : null,
      )}
      {DAYS.map((d, i) => (
        <text key={d} x={0} y={top + i * ch + ch / 2 + 3} fontSize={10} fill="#64748b">
          {d}
        </text>
      ))}
      {cells.map((c) => (
        <rect
          key={`${c.weekday}-${c.hour}`}
          x={left + c.hour * cw + 1}
          y={top + (c.weekday - 1) * ch + 1}
          width={cw - 2}
          height={ch - 2}
          rx={3}
          fill={c.sessions === 0 ? "#f1f5f9" : "#2563eb"}
          fillOpacity={c.sessions === 0 ? 1 : 0.15 + 0.85 * (c.sessions / max)}
        >
          <title>{`${DAYS[c.weekday - 1]} ${c.hour}:00: ${c.sessions} sessions`}</title>
        </rect>
      ))}
    </svg>
  );
}

export { DAYS as WEEKDAY_LABELS };

"use client";
// What if: arrivals, handle time and a target in, Erlang C's answer out as the reader types. The
// model is the same pure module the server uses (lib/erlang.ts), so nothing is sent.
import { useId, useState } from "react";
import { agentsNeeded, averageSpeedOfAnswer, erlangC, serviceLevel } from "@/lib/erlang";
import { Table, Td } from "@/components/ui/table";

interface Inputs {
  arrivals: string;
  handle: string;
  targetSeconds: string;
  targetPercent: string;
}

type Answer =
  | { ok: false; message: string }
  | { ok: true; traffic: number; needed: number; rows: { agents: number; level: number; wait: number; asa: number; occupancy: number }[] };

const PERIOD_SECONDS = 900;
/** Past this the browser would still answer, but no contact centre staffs a 15-minute interval so. */
const MAX_TRAFFIC = 20_000;

export function answer(i: Inputs): Answer {
  const arrivals = Number(i.arrivals);
  const handle = Number(i.handle);
  const targetSeconds = Number(i.targetSeconds);
  const percent = Number(i.targetPercent);
  if ([i.arrivals, i.handle, i.targetSeconds, i.targetPercent].some((v) => v.trim() === ""))
    return { ok: false, message: "Fill in every field." };
  if (!Number.isFinite(arrivals) || arrivals < 0) return { ok: false, message: "Arrivals must be 0 or more." };
  if (!Number.isFinite(handle) || handle <= 0) return { ok: false, message: "Handle time must be more than 0 seconds." };
  if (!Number.isFinite(targetSeconds) || targetSeconds < 0) return { ok: false, message: "The target time must be 0 seconds or more." };
  if (!Number.isFinite(percent) || percent <= 0 || percent >= 100)
    return { ok: false, message: "The target share must be above 0 and below 100 %." };
  const rate = arrivals / PERIOD_SECONDS;
  const traffic = rate * handle;
  if (traffic > MAX_TRAFFIC)
    return { ok: false, message: `That is ${Math.round(traffic)} Erlangs; try fewer arrivals or a shorter handle time.` };
  const needed = agentsNeeded(rate, handle, targetSeconds, percent / 100);
  const rows = [];
  for (let n = Math.max(Math.floor(traffic) + 1, needed - 2); n <= needed + 2; n++) {
    if (n < 1) continue;
    rows.push({
      agents: n,
      level: serviceLevel(n, rate, handle, targetSeconds),
      wait: erlangC(n, traffic),
      asa: averageSpeedOfAnswer(n, rate, handle),
      occupancy: traffic / n,
    });
  }
  return { ok: true, traffic, needed, rows };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function WhatIf({ initial }: { initial: Inputs }) {
  const [v, setV] = useState<Inputs>(initial);
  const id = useId();
  const a = answer(v);
  const field = (key: keyof Inputs, label: string, hint: string, step: string) => (
    <label className="text-sm" htmlFor={`${id}-${key}`}>
      <span className="block text-xs font-medium text-slate-600">{label}</span>
      <input
        id={`${id}-${key}`}
        name={key}
        type="number"
        inputMode="decimal"
        min={0}
        step={step}
        value={v[key]}
        onChange={(e) => setV((old) => ({ ...old, [key]: e.target.value }))}
        aria-describedby={`${id}-${key}-hint`}
        className="mt-1 h-10 w-full rounded-lg border border-slate-300 px-3"
      />
      <span id={`${id}-${key}-hint`} className="mt-0.5 block text-xs text-slate-500">
        {hint}
      </span>
    </label>
  );
  return (
    <section aria-labelledby={`${id}-title`} className="rounded-2xl border border-slate-200 bg-white p-4 sm:p-5">
      <h2 id={`${id}-title`} className="text-base font-semibold">
        What if
      </h2>
      <p className="mt-0.5 text-sm text-slate-500">
        Change the demand or the target: the answer follows as you type (Erlang C, computed in your browser).
      </p>
      <form className="mt-4 grid grid-cols-1 gap-3 sm:grid-cols-4" onSubmit={(e) => e.preventDefault()} aria-label="What-if staffing">
        {field("arrivals", "Arrivals per 15 minutes", "Visitors joining the queue.", "1")}
        {field("handle", "Average handle time (s)", "Start to end of a session.", "1")}
        {field("targetSeconds", "Answered within (s)", "The service-level time.", "1")}
        {field("targetPercent", "Share answered in time (%)", "e.g. 80.", "any")}
      </form>
      <div aria-live="polite" className="mt-4" data-testid="what-if-answer">
        {!a.ok ? (
          <p className="text-sm text-red-700">{a.message}</p>
        ) : a.needed === 0 ? (
          <p className="text-sm">No arrivals: no agents needed.</p>
        ) : (
          <>
            <p className="text-sm">
              <strong className="text-lg">{a.needed} agents</strong> reach the target ({a.traffic.toFixed(1)} Erlangs of traffic).
            </p>
            <div className="mt-3">
              <Table
                caption="Service with different numbers of agents"
                head={["Agents", "Answered in time", "Chance of waiting", "Average wait", "Occupancy"]}
                alignRight={4}
                width="fit"
                framed={false}
              >
                {a.rows.map((r) => (
                  <tr key={r.agents} className={r.agents === a.needed ? "bg-brand-50 font-medium" : undefined}>
                    <Td className="tabular-nums">{r.agents}</Td>
                    <Td className="text-right tabular-nums">{pct(r.level)}</Td>
                    <Td className="text-right tabular-nums">{pct(r.wait)}</Td>
                    <Td className="text-right tabular-nums">{Number.isFinite(r.asa) ? `${r.asa.toFixed(1)} s` : "–"}</Td>
                    <Td className="text-right tabular-nums">{pct(r.occupancy)}</Td>
                  </tr>
                ))}
              </Table>
            </div>
          </>
        )}
      </div>
    </section>
  );
}

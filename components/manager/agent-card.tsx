// One agent on the live monitor: status and since when, load against capacity, and each of their
// sessions with the manager's ways in (monitor, prompt, barge in) and Reassign.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { formatDuration } from "./clock";
import { JoinSessionButtons } from "./join-session";

export type Overview = inferRouterOutputs<AppRouter>["manager"]["overview"];
export type AgentRow = Overview["agents"][number];

const STATUS_STYLE: Record<string, string> = {
  available: "bg-emerald-100 text-emerald-800",
  away: "bg-amber-100 text-amber-800",
  on_break: "bg-amber-100 text-amber-800",
  offline: "bg-slate-100 text-slate-600",
};

const linkCls =
  "rounded-lg border border-slate-300 px-2 py-1 text-xs font-medium text-slate-700 hover:border-brand-500 hover:text-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60";

export function AgentCard({
  agent: a,
  age,
  onReassign,
}: {
  agent: AgentRow;
  /** Seconds since a moment, on the monitor's server clock. */
  age: (d: Date | null) => number;
  onReassign: (sessionId: string) => void;
}) {
  return (
    <li
      data-agent={a.membershipId}
      className={`rounded-2xl border bg-white p-4 ${a.aboveCapacity ? "border-red-300" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <p className="font-medium">{a.name}</p>
        <span className="text-xs text-slate-500">{a.role.charAt(0) + a.role.slice(1).toLowerCase()}</span>
        <span
          className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${STATUS_STYLE[a.status] ?? (a.routable ? STATUS_STYLE.available : STATUS_STYLE.offline)}`}
          data-status={a.status}
        >
          {a.statusLabel}
        </span>
        <span className="text-xs text-slate-500 tabular-nums">{a.since ? `for ${formatDuration(age(a.since))}` : ""}</span>
        <span className={`ml-auto text-sm tabular-nums ${a.aboveCapacity ? "font-semibold text-red-700" : "text-slate-600"}`}>
          {a.load} / {a.capacity} sessions{a.aboveCapacity ? " · above capacity" : ""}
        </span>
      </div>
      {a.sessions.length ? (
        <ul className="mt-3 divide-y divide-slate-100 rounded-xl border border-slate-100">
          {a.sessions.map((s) => (
            <li key={s.sessionId} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-3 py-2 text-sm">
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium">{s.visitors.join(", ") || "Visitor"}</p>
                <p className="truncate text-xs text-slate-500">
                  <span className="tabular-nums">{formatDuration(age(s.startedAt))}</span>
                  {s.question ? ` · ${s.question}` : ""}
                </p>
              </div>
              <nav aria-label={`Session with ${s.visitors.join(", ") || "visitor"}`} className="flex flex-wrap gap-1">
                <JoinSessionButtons sessionId={s.sessionId} className={linkCls} />
                <button type="button" className={linkCls} onClick={() => onReassign(s.sessionId)}>
                  Reassign
                </button>
              </nav>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

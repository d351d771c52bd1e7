"use client";
// The manager's live monitor: agents with status and since when (ticking), their sessions with
// durations and monitor / prompt / barge-in / reassign, the queue, today's counts and alerts.
// Live over the org's staff channel: any agent status, queue or session change refetches the read
// model (a small payload per event, docs/architecture.md); a 30 s poll is the safety net.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useEffect, useRef, useState } from "react";
import { channels } from "@/lib/channels";
import { EVENTS } from "@/lib/realtime-events";
import { useChannel } from "@/lib/realtime/hooks";
import { useTRPC } from "@/lib/trpc";
import type { AppRouter } from "@/server/api/root";
import { JoinSessionButtons } from "./join-session";

type Overview = inferRouterOutputs<AppRouter>["manager"]["overview"];
type AgentRow = Overview["agents"][number];

export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.floor(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m ${String(r).padStart(2, "0")}s`;
  return `${r}s`;
}

/** A clock in the server's time: the offset is taken from each fetch, so durations don't drift with the browser's clock. */
function useServerClock(serverNow: Date | undefined, fetchedAt: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const skew = serverNow ? new Date(serverNow).getTime() - fetchedAt : 0;
  return now + skew;
}

const STATUS_STYLE: Record<string, string> = {
  available: "bg-emerald-100 text-emerald-800",
  away: "bg-amber-100 text-amber-800",
  on_break: "bg-amber-100 text-amber-800",
  offline: "bg-slate-100 text-slate-600",
};

export function LiveMonitor({ orgId, canEditSettings }: { orgId: string; canEditSettings: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const overview = useQuery({ ...trpc.manager.overview.queryOptions({ orgId }), refetchInterval: 30_000 });
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.manager.overview.queryKey({ orgId }) });
  const { state } = useChannel(
    channels.orgStaff(orgId),
    { [EVENTS.agentStatus]: refresh, [EVENTS.queueChanged]: refresh, [EVENTS.sessionsChanged]: refresh },
    { onReconnect: refresh },
  );
  const now = useServerClock(overview.data?.now, overview.dataUpdatedAt);
  const [reassigning, setReassigning] = useState<{ sessionId: string; from: AgentRow } | null>(null);

  if (overview.isLoading) return <p className="mt-6 text-sm text-slate-500">Loading the floor…</p>;
  if (overview.isError || !overview.data) {
    return (
      <p role="alert" className="mt-6 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
        Couldn&apos;t load the monitor: {overview.error?.message}.{" "}
        <button type="button" className="underline" onClick={refresh}>
          Try again
        </button>
      </p>
    );
  }
  const o = overview.data;
  const age = (d: Date | null) => (d ? (now - new Date(d).getTime()) / 1000 : 0);
  const sinceFetch = Math.max(0, (now - new Date(o.now).getTime()) / 1000);
  const longestWait = o.queue.waiting > 0 ? o.queue.longestWaitSec + sinceFetch : 0;
  const waitAlert = o.queue.waiting > 0 && longestWait > o.settings.longestWaitAlertSec;
  const capacityAlerts = o.alerts.filter((a) => a.kind === "above_capacity");

  return (
    <div className="mt-6 space-y-6">
      <p className={`text-xs ${state === "subscribed" ? "text-emerald-700" : "text-amber-700"}`} role="status">
        {state === "subscribed" ? "Live" : state === "error" ? "Live updates unavailable; refreshing every 30 s" : "Connecting…"}
      </p>

      {capacityAlerts.length || waitAlert ? (
        <div role="alert" className="space-y-1 rounded-2xl border border-red-200 bg-red-50 p-4 text-sm text-red-900">
          <p className="font-semibold">Needs attention</p>
          <ul className="list-disc pl-5">
            {capacityAlerts.map((a) => (
              <li key={a.membershipId}>{a.message}</li>
            ))}
            {waitAlert ? (
              <li>
                A visitor has waited {formatDuration(longestWait)}, past the {formatDuration(o.settings.longestWaitAlertSec)} alert.
              </li>
            ) : null}
          </ul>
        </div>
      ) : null}

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <Stat label="Waiting now" value={String(o.queue.waiting)} />
        <Stat label="Longest wait" value={o.queue.waiting ? formatDuration(longestWait) : "—"} tone={waitAlert ? "bad" : undefined} />
        <Stat label="Started today" value={String(o.today.started)} />
        <Stat label="Ended today" value={String(o.today.ended)} />
        <Stat label="Abandoned today" value={String(o.today.abandoned)} />
        <Stat label="Median wait today" value={o.today.medianWaitSec === null ? "—" : formatDuration(o.today.medianWaitSec)} />
      </dl>
      <p className="-mt-4 text-xs text-slate-500">“Today” counts from midnight UTC.</p>

      <section aria-labelledby="agents-heading">
        <h2 id="agents-heading" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          Agents
        </h2>
        <ul className="mt-3 space-y-3">
          {o.agents.map((a) => (
            <li
              key={a.membershipId}
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
                        <button type="button" className={linkCls} onClick={() => setReassigning({ sessionId: s.sessionId, from: a })}>
                          Reassign
                        </button>
                      </nav>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      {reassigning ? (
        <ReassignDialog
          orgId={orgId}
          sessionId={reassigning.sessionId}
          from={reassigning.from}
          agents={o.agents}
          onClose={() => setReassigning(null)}
        />
      ) : null}
      {canEditSettings ? <AlertSettings orgId={orgId} current={o.settings.longestWaitAlertSec} /> : null}
    </div>
  );
}

const linkCls =
  "rounded-lg border border-slate-300 px-2 py-1 text-xs font-medium text-slate-700 hover:border-brand-500 hover:text-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60";

function Stat({ label, value, tone }: { label: string; value: string; tone?: "bad" }) {
  return (
    <div className={`rounded-2xl border bg-white px-4 py-3 ${tone === "bad" ? "border-red-300" : "border-slate-200"}`}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`mt-1 text-xl font-semibold tabular-nums ${tone === "bad" ? "text-red-700" : ""}`}>{value}</dd>
    </div>
  );
}

function ReassignDialog({
  orgId,
  sessionId,
  from,
  agents,
  onClose,
}: {
  orgId: string;
  sessionId: string;
  from: AgentRow;
  agents: AgentRow[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ref = useRef<HTMLDialogElement>(null);
  const [to, setTo] = useState("");
  const reassign = useMutation(trpc.manager.reassign.mutationOptions());
  useEffect(() => {
    const d = ref.current;
    d?.showModal();
    return () => d?.close();
  }, []);
  const targets = agents.filter((a) => a.membershipId !== from.membershipId);
  return (
    <dialog
      ref={ref}
      aria-labelledby="reassign-title"
      onClose={onClose}
      className="m-auto w-[min(26rem,92vw)] rounded-2xl p-0 backdrop:bg-slate-900/40"
    >
      <form
        className="p-5"
        onSubmit={(e) => {
          e.preventDefault();
          if (!to) return;
          reassign.mutate(
            { orgId, sessionId, fromMembershipId: from.membershipId, toMembershipId: to },
            {
              onSuccess: () => {
                void qc.invalidateQueries({ queryKey: trpc.manager.overview.queryKey({ orgId }) });
                onClose();
              },
            },
          );
        }}
      >
        <h2 id="reassign-title" className="text-lg font-semibold">
          Reassign from {from.name}
        </h2>
        <label htmlFor="reassign-to" className="mt-3 block text-sm text-slate-600">
          To
        </label>
        <select
          id="reassign-to"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          className="mt-1 h-10 w-full rounded-lg border border-slate-300 bg-white px-2 text-sm"
        >
          <option value="">Choose an agent</option>
          {targets.map((a) => {
            const ok = a.routable && a.load < a.capacity;
            return (
              <option key={a.membershipId} value={a.membershipId} disabled={!ok}>
                {a.name} — {a.statusLabel}, {a.load}/{a.capacity}
                {ok ? "" : " (not available)"}
              </option>
            );
          })}
        </select>
        {reassign.isError ? (
          <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {reassign.error.message}
          </p>
        ) : null}
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" className="rounded-lg border border-slate-300 px-4 py-2 text-sm" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            disabled={!to || reassign.isPending}
            className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white disabled:bg-slate-300"
          >
            {reassign.isPending ? "Reassigning…" : "Reassign"}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function AlertSettings({ orgId, current }: { orgId: string; current: number }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [value, setValue] = useState(String(current));
  const save = useMutation(
    trpc.manager.setSettings.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.manager.overview.queryKey({ orgId }) }),
    }),
  );
  const n = Number(value);
  const invalid = !Number.isInteger(n) || n < 10 || n > 3600;
  return (
    <form
      className="rounded-2xl border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) save.mutate({ orgId, longestWaitAlertSec: n });
      }}
    >
      <h2 className="text-sm font-semibold">Alert settings</h2>
      <div className="mt-2 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="wait-alert" className="block text-sm text-slate-600">
            Alert when a visitor waits longer than (seconds)
          </label>
          <input
            id="wait-alert"
            type="number"
            min={10}
            max={3600}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={invalid}
            aria-describedby="wait-alert-hint"
            className="mt-1 h-10 w-32 rounded-lg border border-slate-300 px-2 text-sm"
          />
        </div>
        <button
          type="submit"
          disabled={invalid || save.isPending || n === current}
          className="h-10 rounded-lg bg-brand-600 px-4 text-sm font-medium text-white disabled:bg-slate-300"
        >
          Save
        </button>
        <span role="status" className="text-xs text-slate-600">
          {save.isPending ? "Saving…" : save.isError ? save.error.message : save.isSuccess && n === current ? "Saved" : ""}
        </span>
      </div>
      <p id="wait-alert-hint" className={`mt-1 text-xs ${invalid ? "text-red-700" : "text-slate-500"}`}>
        From 10 to 3600 seconds. Default 120.
      </p>
    </form>
  );
}

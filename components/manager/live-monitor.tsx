"use client";
// The manager's live monitor: agents with status and since when (ticking), their sessions with
// durations and monitor / prompt / barge-in / reassign, the queue, today's counts and alerts.
// Live over the org's staff channel: any agent status, queue or session change refetches the read
// model (a small payload per event, docs/architecture.md); a 30 s poll is the safety net.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EVENTS } from "@/lib/realtime-events";
import { useChannel } from "@/lib/realtime/hooks";
import { useTRPC } from "@/lib/trpc";
import { AgentCard, type AgentRow } from "./agent-card";
import { AlertSettings } from "./alert-settings";
import { formatDuration, useServerClock } from "./clock";
import { ReassignDialog } from "./reassign-dialog";

/** `staffChannel`: the org's staff channel (server/realtime/subscriptions.ts staffChannels). */
export function LiveMonitor({ orgId, staffChannel, canEditSettings }: { orgId: string; staffChannel: string; canEditSettings: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const overview = useQuery({ ...trpc.manager.overview.queryOptions({ orgId }), refetchInterval: 30_000 });
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.manager.overview.queryKey({ orgId }) });
  const { state } = useChannel(
    staffChannel,
    { [EVENTS.agentStatus]: refresh, [EVENTS.queueChanged]: refresh, [EVENTS.sessionsChanged]: refresh },
    { catchUp: refresh },
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
            <AgentCard key={a.membershipId} agent={a} age={age} onReassign={(sessionId) => setReassigning({ sessionId, from: a })} />
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

function Stat({ label, value, tone }: { label: string; value: string; tone?: "bad" }) {
  return (
    <div className={`rounded-2xl border bg-white px-4 py-3 ${tone === "bad" ? "border-red-300" : "border-slate-200"}`}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`mt-1 text-xl font-semibold tabular-nums ${tone === "bad" ? "text-red-700" : ""}`}>{value}</dd>
    </div>
  );
}

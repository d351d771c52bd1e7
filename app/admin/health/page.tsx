import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { formatCount, formatDateTime } from "@/components/console/bits";
import { PageHeader } from "@/components/ui/page-header";
import { RefreshButton } from "@/components/admin/refresh-button";
import { Table, Td } from "@/components/ui/table";
import { getServerApi } from "@/server/api/server";

export const metadata: Metadata = { title: "System health" };
export const dynamic = "force-dynamic";

type Probe<T> =
  | { state: "ok"; checkedAt: Date; value: T }
  | { state: "unreachable"; checkedAt: Date; error: string }
  | { state: "not_applicable"; checkedAt: Date; note: string };

function ProbeCard<T>({ title, id, probe, children }: { title: string; id: string; probe: Probe<T>; children: (v: T) => ReactNode }) {
  const badge =
    probe.state === "ok"
      ? ["OK", "bg-emerald-50 text-emerald-800 ring-emerald-200"]
      : probe.state === "unreachable"
        ? ["Unreachable", "bg-red-50 text-red-800 ring-red-200"]
        : ["Not applicable", "bg-slate-100 text-slate-700 ring-slate-200"];
  return (
    <section aria-labelledby={`${id}-title`} className="min-w-0 rounded-2xl border border-slate-200 bg-white p-4 sm:p-5">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${id}-title`} className="font-semibold">
          {title}
        </h2>
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${badge[1]}`}>{badge[0]}</span>
      </div>
      {probe.state === "ok" ? (
        children(probe.value)
      ) : probe.state === "unreachable" ? (
        <p role="alert" className="text-sm break-words text-red-800">
          {probe.error}
        </p>
      ) : (
        <p className="text-sm text-slate-600">{probe.note}</p>
      )}
      <p className="mt-3 text-xs text-slate-400">Checked {formatDateTime(probe.checkedAt)}</p>
    </section>
  );
}

function Figures({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt className="text-xs text-slate-500">{k}</dt>
          <dd className="font-semibold tabular-nums">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function HealthPage() {
  const h = await (await getServerApi()).admin.health();
  return (
    <>
      <PageHeader title="System health" description="Asked live, now: each part answers for itself." actions={<RefreshButton />} />
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <ProbeCard title="Realtime relay" id="relay" probe={h.relay}>
          {(r) => (
            <>
              <p className="mb-3 text-xs break-all text-slate-500">
                {r.url} · node {r.node}
              </p>
              <Figures
                items={[
                  ["Open connections", formatCount(r.connections)],
                  ["Channels", formatCount(r.channels)],
                  ["Events published", formatCount(r.published)],
                  ["Deliveries", formatCount(r.deliveries)],
                  ["API requests / errors", `${formatCount(r.apiRequests)} / ${formatCount(r.apiErrors)}`],
                  ["Webhook failures / dropped", `${formatCount(r.webhookAttemptsFailed)} / ${formatCount(r.webhookEventsDropped)}`],
                  ["Slow-reader closes", formatCount(r.backpressureCloses)],
                  ["Memory", `${(r.rssBytes / 1048576).toFixed(0)} MB`],
                ]}
              />
            </>
          )}
        </ProbeCard>
        <ProbeCard title="Database" id="database" probe={h.database}>
          {(d) => (
            <Figures
              items={[
                ["PostgreSQL", d.serverVersion],
                ["Round trip", `${d.roundTripMs} ms`],
              ]}
            />
          )}
        </ProbeCard>
        <ProbeCard title="Visitor queues" id="queues" probe={h.queues}>
          {(q) => (
            <>
              <Figures
                items={[
                  ["Waiting", formatCount(q.totalWaiting)],
                  ["Offered to an agent", formatCount(q.totalOffered)],
                ]}
              />
              {q.orgs.length ? (
                <ul className="mt-3 divide-y divide-slate-100 text-sm">
                  {q.orgs.slice(0, 10).map((o) => (
                    <li key={o.orgId} className="flex flex-wrap justify-between gap-x-3 py-1.5">
                      <Link href={`/admin/orgs/${o.orgId}`} className="text-brand-700 hover:underline">
                        {o.name}
                      </Link>
                      <span className="text-slate-600 tabular-nums">
                        {o.waiting} waiting · {o.offered} offered
                        {o.oldestEnqueuedAt ? ` · oldest ${formatDateTime(o.oldestEnqueuedAt)}` : ""}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-3 text-sm text-slate-500">Nobody is waiting anywhere.</p>
              )}
            </>
          )}
        </ProbeCard>
        <ProbeCard title="Job backlog (pg-boss)" id="jobs" probe={h.jobs}>
          {(j) =>
            j.queues.length ? (
              <Table width="fit" caption="Jobs by queue and state" head={["Queue", "Ready", "Later", "Retry", "Active", "Failed"]}>
                {j.queues.map((q) => (
                  <tr key={q.name}>
                    <Td className="font-mono text-xs">{q.name}</Td>
                    <Td className="tabular-nums">{formatCount(q.ready)}</Td>
                    <Td className="tabular-nums">{formatCount(q.scheduled)}</Td>
                    <Td className="tabular-nums">{formatCount(q.retry)}</Td>
                    <Td className="tabular-nums">{formatCount(q.active)}</Td>
                    <Td className={`tabular-nums ${q.failed ? "text-red-700" : ""}`}>{formatCount(q.failed)}</Td>
                  </tr>
                ))}
              </Table>
            ) : (
              <p className="text-sm text-slate-500">No job queues are defined.</p>
            )
          }
        </ProbeCard>
      </div>
    </>
  );
}

// System health for the operator, every figure queried live when asked: the relay's own /healthz
// and /metrics, the database, the visitor queues and the pg-boss job backlog. Each probe fails on
// its own into an "unreachable" state with the reason, so one dead part never hides the others.
import "server-only";
import { db } from "../db";
import { env } from "../env";

export const PROBE_TIMEOUT_MS = 2_000;

export type Probe<T> =
  | { state: "ok"; checkedAt: Date; value: T }
  | { state: "unreachable"; checkedAt: Date; error: string }
  /** Not ours to probe (managed Pusher or another endpoint), or not set up yet. */
  | { state: "not_applicable"; checkedAt: Date; note: string };

export async function probe<T>(run: () => Promise<T | { notApplicable: string }>): Promise<Probe<T>> {
  const checkedAt = new Date();
  try {
    const value = await run();
    if (value && typeof value === "object" && "notApplicable" in value) {
      return { state: "not_applicable", checkedAt, note: value.notApplicable };
    }
    return { state: "ok", checkedAt, value: value as T };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const reason =
      err.name === "TimeoutError" ? `no answer within ${PROBE_TIMEOUT_MS} ms` : (err.cause?.code ?? err.cause?.message ?? err.message);
    return { state: "unreachable", checkedAt, error: String(reason).slice(0, 300) };
  }
}

/** `name{labels} value` lines of a Prometheus text page, summed over label sets. */
export function parsePrometheus(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const v = Number(m[3]);
    if (Number.isFinite(v)) out.set(m[1]!, (out.get(m[1]!) ?? 0) + v);
  }
  return out;
}

export type RelayHealth = {
  url: string;
  node: string;
  connections: number;
  channels: number;
  published: number;
  deliveries: number;
  messagesIn: number;
  apiRequests: number;
  apiErrors: number;
  webhookAttemptsFailed: number;
  webhookEventsDropped: number;
  backpressureCloses: number;
  rssBytes: number;
};

export function relayBaseUrl(): string | null {
  if (env.RELAY_API_URL && !env.PUSHER_CLUSTER) return env.RELAY_API_URL.replace(/\/+$/, "");
  if (env.PUSHER_CLUSTER || env.PUSHER_HOST) return null;
  const host = env.RELAY_HOST === "0.0.0.0" ? "127.0.0.1" : env.RELAY_HOST;
  return `http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${env.RELAY_PORT}`;
}

/** Asks the relay at `base` (default: the configured one) for /healthz and /metrics. */
export async function relayHealth(base = relayBaseUrl()): Promise<RelayHealth | { notApplicable: string }> {
  if (!base) return { notApplicable: `Realtime runs on ${env.PUSHER_HOST ?? `Pusher (${env.PUSHER_CLUSTER})`}; see its own dashboard.` };
  const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS);
  const healthRes = await fetch(`${base}/healthz`, { signal, cache: "no-store" });
  if (!healthRes.ok) throw new Error(`/healthz answered ${healthRes.status}`);
  const health = (await healthRes.json()) as { status?: string; node?: string };
  if (health.status !== "ok") throw new Error(`/healthz says ${JSON.stringify(health).slice(0, 100)}`);
  const metricsRes = await fetch(`${base}/metrics`, { signal, cache: "no-store" });
  if (!metricsRes.ok) throw new Error(`/metrics answered ${metricsRes.status}`);
  const m = parsePrometheus(await metricsRes.text());
  const n = (name: string) => m.get(name) ?? 0;
  return {
    url: base,
    node: health.node ?? "?",
    connections: n("relay_connections"),
    channels: n("relay_channels"),
    published: n("relay_published_total"),
    deliveries: n("relay_deliveries_total"),
    messagesIn: n("relay_messages_in_total"),
    apiRequests: n("relay_api_requests_total"),
    apiErrors: n("relay_api_errors_total"),
    webhookAttemptsFailed: n("relay_webhook_attempts_failed_total"),
    webhookEventsDropped: n("relay_webhook_events_dropped_total"),
    backpressureCloses: n("relay_backpressure_closes_total"),
    rssBytes: n("process_resident_memory_bytes"),
  };
}

export type DatabaseHealth = { serverVersion: string; roundTripMs: number; serverTime: Date };

async function databaseHealth(): Promise<DatabaseHealth> {
  const started = performance.now();
  const rows = await db.$queryRaw<{ now: Date; version: string }[]>`SELECT now() AS now, current_setting('server_version') AS version`;
  return { serverVersion: rows[0]!.version, serverTime: rows[0]!.now, roundTripMs: Math.round((performance.now() - started) * 10) / 10 };
}

export type QueueDepth = {
  totalWaiting: number;
  totalOffered: number;
  orgs: { orgId: string; name: string; waiting: number; offered: number; oldestEnqueuedAt: Date | null }[];
};

async function queueDepth(): Promise<QueueDepth> {
  const groups = await db.queueEntry.groupBy({
    by: ["orgId", "status"],
    where: { status: { in: ["WAITING", "OFFERED"] } },
    _count: { _all: true },
    _min: { enqueuedAt: true },
  });
  const byOrg = new Map<string, { waiting: number; offered: number; oldestEnqueuedAt: Date | null }>();
  for (const g of groups) {
    const row = byOrg.get(g.orgId) ?? { waiting: 0, offered: 0, oldestEnqueuedAt: null };
    if (g.status === "WAITING") row.waiting = g._count._all;
    else row.offered = g._count._all;
    const min = g._min.enqueuedAt;
    if (min && (!row.oldestEnqueuedAt || min < row.oldestEnqueuedAt)) row.oldestEnqueuedAt = min;
    byOrg.set(g.orgId, row);
  }
  const names = new Map(
    (await db.organization.findMany({ where: { id: { in: [...byOrg.keys()] } }, select: { id: true, name: true } })).map((o) => [
      o.id,
      o.name,
    ]),
  );
  const orgs = [...byOrg.entries()]
    .map(([orgId, r]) => ({ orgId, name: names.get(orgId) ?? orgId, ...r }))
    .sort((a, b) => b.waiting + b.offered - (a.waiting + a.offered));
  return {
    totalWaiting: orgs.reduce((s, o) => s + o.waiting, 0),
    totalOffered: orgs.reduce((s, o) => s + o.offered, 0),
    orgs,
  };
}

export type JobBacklog = {
  queues: { name: string; ready: number; scheduled: number; retry: number; active: number; failed: number; completed: number }[];
};

/** pg-boss keeps jobs in its own schema (server/jobs/boss.ts); counted straight from its table. */
async function jobBacklog(): Promise<JobBacklog | { notApplicable: string }> {
  const exists = await db.$queryRaw<{ ok: boolean }[]>`SELECT to_regclass('pgboss.job') IS NOT NULL AS ok`;
  if (!exists[0]?.ok) return { notApplicable: "The job schema does not exist yet: the worker has not started on this database." };
  const rows = await db.$queryRaw<{ name: string; state: string; due: boolean; n: number }[]>`
    SELECT q.name, j.state::text AS state, (j.start_after <= now()) AS due, count(j.id)::int AS n
    FROM pgboss.queue q LEFT JOIN pgboss.job j ON j.name = q.name
    WHERE q.name NOT LIKE '\_\_pgboss\_\_%'
    GROUP BY q.name, j.state, due ORDER BY q.name`;
  const queues = new Map<string, JobBacklog["queues"][number]>();
  for (const r of rows) {
    const q = queues.get(r.name) ?? { name: r.name, ready: 0, scheduled: 0, retry: 0, active: 0, failed: 0, completed: 0 };
    if (r.state === "created") q[r.due ? "ready" : "scheduled"] += r.n;
    else if (r.state === "retry") q.retry += r.n;
    else if (r.state === "active") q.active += r.n;
    else if (r.state === "failed") q.failed += r.n;
    else if (r.state === "completed") q.completed += r.n;
    queues.set(r.name, q);
  }
  return { queues: [...queues.values()] };
}

export type SystemHealth = {
  relay: Probe<RelayHealth>;
  database: Probe<DatabaseHealth>;
  queues: Probe<QueueDepth>;
  jobs: Probe<JobBacklog>;
};

export async function systemHealth(): Promise<SystemHealth> {
  const [relay, database, queues, jobs] = await Promise.all([
    probe(() => relayHealth()),
    probe(databaseHealth),
    probe(queueDepth),
    probe(jobBacklog),
  ]);
  return { relay, database, queues, jobs };
}

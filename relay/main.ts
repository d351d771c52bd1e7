// `npm run relay`: the relay as its own process, configured from server/env.ts. With RELAY_WORKERS>1
// it forks that many workers on one port (node:cluster) that act as one relay through Redis.
// SIGTERM drains (docs/processes.md): /readyz turns 503, the listener closes, clients are told to
// reconnect (4200) spread over part of SHUTDOWN_GRACE_MS, and the process exits 0 by the end of it.
import cluster from "node:cluster";
import { getEnv, type Env } from "../server/env";
import type { Adapter } from "./adapters/adapter";
import { RedisAdapter } from "./adapters/redis";
import { startRelay, type RelayHandle } from "./server";
import type { Logger, LogLevel } from "./types";

const LEVELS: LogLevel[] = ["debug", "info", "warn", "error"];

function makeLogger(env: Env): Logger {
  const min = LEVELS.indexOf(env.LOG_LEVEL);
  const tag = cluster.isWorker ? `relay/${cluster.worker?.id}` : "relay";
  return (level, message) => {
    if (LEVELS.indexOf(level) < min) return;
    (level === "warn" || level === "error" ? console.error : console.log)(`[${tag}] ${level === "info" ? "" : level + ": "}${message}`);
  };
}

function webhookUrl(env: Env): string {
  return env.RELAY_WEBHOOK_URL ?? `${env.NEXTAUTH_URL.replace(/\/+$/, "")}/api/realtime/webhook`;
}

async function runNode(env: Env, log: Logger): Promise<RelayHandle> {
  let adapter: Adapter | undefined;
  // One stable prefix per app: every node of the app (workers here, or relays on other hosts)
  // must share it, and a restarted cluster reaps what a crashed one left behind.
  if (env.REDIS_URL) adapter = new RedisAdapter({ url: env.REDIS_URL, prefix: `relay:${env.PUSHER_APP_ID}` });
  return startRelay({
    host: env.RELAY_HOST,
    port: env.RELAY_PORT,
    apps: [
      { id: env.PUSHER_APP_ID, key: env.PUSHER_KEY, secret: env.PUSHER_SECRET, webhookUrl: webhookUrl(env), clientEventWebhooks: true },
    ],
    adapter,
    log,
  });
}

function onSignals(handler: (signal: NodeJS.Signals) => void) {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, handler);
}

/** 4200s go out at about 1,000 a second, in at most half the grace, so reconnects land spread out. */
function drainSpreadMs(connections: number, graceMs: number): number {
  return Math.min(Math.floor(graceMs / 2), connections);
}

/** Closes the relay within the grace and exits 0 (1 if closing failed outright). */
function drainAndExit(relay: RelayHandle, env: Env, log: Logger) {
  const spreadMs = drainSpreadMs(relay.metrics().connections, env.SHUTDOWN_GRACE_MS);
  setTimeout(() => {
    log("warn", `still closing after ${env.SHUTDOWN_GRACE_MS} ms; exiting`);
    process.exit(0);
  }, env.SHUTDOWN_GRACE_MS).unref();
  relay.close({ spreadMs }).then(
    () => process.exit(0),
    (err: unknown) => {
      log("error", `close failed: ${String(err)}`);
      process.exit(1);
    },
  );
}

async function single(env: Env, log: Logger) {
  const relay = await runNode(env, log);
  console.log(`relay listening on ${relay.url}`);
  onSignals((signal) => {
    log("info", `${signal}: closing`);
    drainAndExit(relay, env, log);
  });
}

async function worker(env: Env, log: Logger) {
  const relay = await runNode(env, log);
  process.send?.({ type: "listening", url: relay.url });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    drainAndExit(relay, env, log);
  };
  // The primary asks workers to stop; a terminal's Ctrl-C also reaches them directly.
  process.on("message", (msg: unknown) => {
    if ((msg as { type?: string } | null)?.type === "shutdown") stop();
  });
  onSignals(stop);
}

function primary(env: Env, log: Logger) {
  const count = env.RELAY_WORKERS;
  let listening = 0;
  let shuttingDown = false;
  const started = new Set<number>();
  const fork = () => cluster.fork();
  cluster.on("message", (w, msg: { type?: string; url?: string }) => {
    if (msg.type !== "listening") return;
    started.add(w.id);
    if (++listening === count) console.log(`relay listening on ${msg.url}`);
    log("debug", `${listening} workers listening`);
  });
  cluster.on("exit", (w, code, signal) => {
    if (shuttingDown) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A worker that never got to listen has a configuration problem (e.g. Redis unreachable):
    // restarting it would only loop, so stop and let the supervisor see the failure.
    if (!started.has(w.id)) {
      log("error", `worker ${w.id} failed to start (${signal ?? code}); stopping`);
      shuttingDown = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill("SIGKILL");
      process.exit(1);
    }
    log("error", `worker ${w.id} exited (${signal ?? code}); starting a new one`);
    setTimeout(fork, 1000);
  });
  for (let i = 0; i < count; i++) fork();
  onSignals((signal) => {
    shuttingDown = true;
    log("info", `${signal}: stopping ${count} workers`);
    for (const w of Object.values(cluster.workers ?? {})) w?.send({ type: "shutdown" });
    setTimeout(() => process.exit(0), env.SHUTDOWN_GRACE_MS + 2_000).unref();
  });
}

async function main() {
  const env = getEnv();
  const log = makeLogger(env);
  if (env.RELAY_WORKERS > 1 && !env.REDIS_URL) {
    console.error(
      `[relay] RELAY_WORKERS=${env.RELAY_WORKERS} needs REDIS_URL: workers share channels and presence through Redis. ` +
        "Set REDIS_URL (e.g. redis://127.0.0.1:6379) or RELAY_WORKERS=1.",
    );
    process.exit(1);
  }
  if (env.RELAY_WORKERS > 1 && cluster.isPrimary) return primary(env, log);
  if (cluster.isWorker) return worker(env, log);
  return single(env, log);
}

main().catch((err: unknown) => {
  console.error(`[relay] failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

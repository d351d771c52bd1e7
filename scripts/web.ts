// The web process: Next.js behind a small Node HTTP server of ours (Next's documented custom
// server), so that every request passes server/http/web-handler.ts first: the client's address
// from the socket (TRUSTED_PROXIES), security headers with a CSP nonce, 4xx for malformed
// server-action posts, and /healthz + /readyz. `npm run web` and scripts/start.ts run it; `--dev`
// runs Next in development mode. WEB_WORKERS > 1 forks that many processes on one port
// (node:cluster); what they must share lives in PostgreSQL or Redis (docs/processes.md).
// SIGTERM drains: /readyz answers 503, the listener closes, in-flight requests and queued publishes
// finish within SHUTDOWN_GRACE_MS, then exit 0.
import cluster from "node:cluster";
import { createServer, type Server } from "node:http";
import path from "node:path";
import next from "next";
import { db, disconnectDb } from "../server/db";
import { getEnv, type Env } from "../server/env";
import { parseTrustedProxies } from "../server/http/client-address";
import { databaseAnswers } from "../server/http/health";
import { createWebHandler } from "../server/http/web-handler";
import { clientRealtimeConfig } from "../server/realtime/config";
import { drainPublishes } from "../server/realtime/notices";
import { drainCoalesced } from "../server/routing/coalesce";

const ROOT = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const tag = cluster.isWorker ? `[web/${cluster.worker?.id}]` : "[web]";

/** Dispatch rounds started inline finish, then the publishes they and every request queued go out. */
async function drainWork(): Promise<void> {
  await drainCoalesced();
  await drainPublishes();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

async function serve(env: Env) {
  const httpServer = createServer();
  const app = next({ dev, dir: ROOT, port: env.PORT, httpServer });
  await app.prepare();
  const handle = app.getRequestHandler();
  // /api/trpc without Next's route machinery in production (server/http/trpc-handler.ts); loaded
  // once Next has set up its runtime, which next-auth's module needs.
  const trpc = dev ? null : await import("../server/http/trpc-handler");
  let draining = false;
  const handleRequest = createWebHandler({
    handle: (req, res) => (trpc?.isTrpcRequest(req) ? trpc.handleTrpc(req, res) : handle(req, res)),
    trusted: parseTrustedProxies(env.TRUSTED_PROXIES),
    dev,
    publicUrl: env.NEXTAUTH_URL,
    realtimeFor: (host) => clientRealtimeConfig(host),
    ready: async () => (draining ? "draining: shutting down" : databaseAnswers(() => db.$queryRaw`SELECT 1`)),
  });
  httpServer.on("request", (req, res) => {
    // Keep-alive connections would otherwise outlive the drain with requests nobody finishes.
    if (draining) res.setHeader("Connection", "close");
    handleRequest(req, res).catch((e: unknown) => {
      console.error("request failed:", e);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  if (dev) {
    const upgrade = app.getUpgradeHandler();
    httpServer.on("upgrade", (req, socket, head) => void upgrade(req, socket, head));
  }
  await new Promise<void>((resolve) => httpServer.listen(env.PORT, resolve));
  console.log(`${tag} ready on port ${env.PORT} (${dev ? "development" : "production"}, pid ${process.pid})`);
  process.send?.({ type: "listening" });

  const stop = (signal: string) => {
    if (draining) return;
    draining = true;
    console.log(`${tag} ${signal}: draining (up to ${env.SHUTDOWN_GRACE_MS} ms)`);
    void drain(httpServer, env.SHUTDOWN_GRACE_MS).then(() => process.exit(0));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop(signal));
  // A cluster worker is asked by the primary (a terminal's Ctrl-C reaches it directly too).
  process.on("message", (msg: unknown) => {
    if ((msg as { type?: string } | null)?.type === "shutdown") stop("shutdown");
  });
}

/** Stop taking connections, let in-flight requests and queued publishes finish, all within `graceMs`. */
async function drain(server: Server, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await Promise.race([closed, sleep(graceMs)]);
  await Promise.race([drainWork().catch(() => undefined), sleep(Math.max(0, deadline - Date.now()))]);
  server.closeAllConnections();
  await Promise.race([disconnectDb().catch(() => undefined), sleep(1000)]);
}

function primary(env: Env) {
  const count = env.WEB_WORKERS;
  const started = new Set<number>();
  let stopping = false;
  cluster.on("message", (w, msg: { type?: string }) => {
    if (msg.type !== "listening") return;
    started.add(w.id);
    if (started.size === count) console.log(`${tag} ${count} workers ready on port ${env.PORT}`);
  });
  cluster.on("exit", (w, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // One that never listened has a configuration problem: restarting it would only loop.
    if (!started.has(w.id)) {
      console.error(`${tag} worker ${w.id} failed to start (${signal ?? code}); stopping`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGKILL");
      process.exit(1);
    }
    console.error(`${tag} worker ${w.id} exited (${signal ?? code}); starting a new one`);
    setTimeout(() => cluster.fork(), 1000);
  });
  for (let i = 0; i < count; i++) cluster.fork();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stopping = true;
      console.log(`${tag} ${signal}: draining ${count} workers`);
      for (const w of Object.values(cluster.workers ?? {})) w?.send({ type: "shutdown" });
      setTimeout(() => process.exit(0), env.SHUTDOWN_GRACE_MS + 2000).unref();
    });
  }
}

async function main() {
  const env = getEnv();
  // Development runs one Next compiler; several would only compete for the same files.
  if (!dev && env.WEB_WORKERS > 1 && cluster.isPrimary) return primary(env);
  return serve(env);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

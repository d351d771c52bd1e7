// The relay process's network side: one HTTP server for the Pusher HTTP API, /healthz, /readyz and
// /metrics, and WebSocket upgrades on /app/{key}. Takes plain options so tests start it in-process.
import { randomBytes, randomInt } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import { hostname } from "node:os";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Adapter } from "./adapters/adapter";
import { LocalAdapter } from "./adapters/local";
import { ChannelHub } from "./channels";
import { Connection, type ConnectionContext } from "./connection";
import { HttpApi } from "./http-api";
import { Counters, renderPrometheus, snapshot, type RelayMetrics } from "./metrics";
import { Code, DEFAULT_LIMITS, SUPPORTED_PROTOCOLS, connectionEstablished, errorMessage, type Limits } from "./protocol";
import type { Logger, RelayHandle, RelayOptions } from "./types";
import { DEFAULT_WEBHOOK_OPTIONS, WebhookSender } from "./webhooks";

export type { RelayHandle, RelayOptions, AppConfig, Logger } from "./types";
export type { Limits } from "./protocol";
export type { RelayMetrics } from "./metrics";

const defaultLog: Logger = (level, message) => {
  if (level === "warn" || level === "error") console.error(`[relay] ${level}: ${message}`);
};

function validate(opts: RelayOptions) {
  if (opts.apps.length === 0) throw new Error("startRelay: at least one app is required");
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const app of opts.apps) {
    // App ids and keys travel in URLs and in the Redis bus framing.
    if (!/^[A-Za-z0-9_\-.]+$/.test(app.id) || !/^[A-Za-z0-9_\-.]+$/.test(app.key)) {
      throw new Error(`startRelay: app id and key must match [A-Za-z0-9_.-]+ (app ${app.id})`);
    }
    if (!app.secret) throw new Error(`startRelay: app ${app.id} has no secret`);
    if (ids.has(app.id) || keys.has(app.key)) throw new Error(`startRelay: duplicate app id or key (${app.id})`);
    ids.add(app.id);
    keys.add(app.key);
  }
}

export async function startRelay(opts: RelayOptions): Promise<RelayHandle> {
  validate(opts);
  const log = opts.log ?? defaultLog;
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const nodeId = opts.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  if (/\s/.test(nodeId)) throw new Error("startRelay: nodeId must not contain whitespace");
  const activityTimeoutSec = opts.activityTimeoutSec ?? 120;
  const pongTimeoutMs = (opts.pongTimeoutSec ?? 30) * 1000;
  const closeGraceMs = opts.closeGraceMs ?? 2000;
  const counters = new Counters();
  const webhooks = new WebhookSender({ ...DEFAULT_WEBHOOK_OPTIONS, ...opts.webhooks }, counters, log);
  const adapter: Adapter = opts.adapter ?? new LocalAdapter();
  const hub = new ChannelHub(nodeId, adapter, limits, counters, webhooks, log, opts.apps);
  const api = new HttpApi(hub, limits, counters);
  const ctx: ConnectionContext = { hub, limits, counters, log, closeGraceMs };
  await adapter.start(hub);

  // socket_id is "A.B": A is random per node, B counts up, so ids never repeat within a node and
  // collide across nodes only if two nodes draw the same A (1 in 2^31).
  const socketPrefix = randomInt(1, 2 ** 31);
  let socketCounter = 0;
  const connections = new Set<Connection>();
  const cleanups = new Set<Promise<void>>();
  let closing = false;
  let allClosed: (() => void) | undefined;

  const metrics = (): RelayMetrics => snapshot(counters, { nodeId, adapter: adapter.kind, channels: hub.localChannelCount() });

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") {
      // socketPrefix: the "A" of the socket ids this node hands out ("A.B"), to tell which node holds a socket.
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ status: "ok", node: nodeId, socketPrefix: String(socketPrefix) }));
    } else if (path === "/readyz") {
      // Not ready while draining, or while the cluster bus is down (messages would not cross nodes).
      const reason = closing ? "draining: shutting down" : (adapter.notReady?.() ?? null);
      res
        .writeHead(reason ? 503 : 200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" })
        .end(`${reason ?? "ready"}\n`);
    } else if (path === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(renderPrometheus(metrics()));
    } else if (path?.startsWith("/apps/")) {
      void api.handle(req, res);
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
    }
  });

  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: limits.maxMessageBytes,
  });

  /** Tells the client why (pusher:error) and closes with the same code, as protocol 7 expects. */
  function refuse(ws: WebSocket, code: number, message: string) {
    ws.send(errorMessage(code, message));
    ws.close(code, message.slice(0, 120));
    setTimeout(() => ws.terminate(), closeGraceMs).unref();
  }

  function accept(ws: WebSocket, req: IncomingMessage) {
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const match = /^\/app\/([^/]+)\/?$/.exec(q < 0 ? rawUrl : rawUrl.slice(0, q));
    if (closing) return refuse(ws, Code.ReconnectNow, "Server is shutting down; reconnect");
    if (!match) return refuse(ws, Code.PathNotFound, "Path not found: connect to /app/{key}");
    const key = safeDecode(match[1]!);
    const app = key === undefined ? undefined : hub.appsByKey.get(key);
    if (!app) return refuse(ws, Code.AppNotFound, `App key ${key ?? match[1]} does not exist`);
    if (app.config.enabled === false) return refuse(ws, Code.AppDisabled, "App is disabled");
    const protocol = new URLSearchParams(q < 0 ? "" : rawUrl.slice(q + 1)).get("protocol");
    if (protocol === null) return refuse(ws, Code.NoProtocol, "No protocol version supplied");
    if (!SUPPORTED_PROTOCOLS.has(Number(protocol))) {
      return refuse(ws, Code.UnsupportedProtocol, `Unsupported protocol version ${protocol.slice(0, 16)}`);
    }
    if (connections.size >= limits.maxConnections) return refuse(ws, Code.OverCapacity, "Over capacity; try again later");
    if (app.connections >= limits.maxConnectionsPerApp) return refuse(ws, Code.AppOverQuota, "App is over its connection quota");

    const conn = new Connection(ws, `${socketPrefix}.${++socketCounter}`, app, ctx);
    connections.add(conn);
    app.connections++;
    counters.connections++;
    counters.connectionsTotal++;
    ws.on("message", (data, isBinary) => conn.onMessage(data, isBinary));
    ws.on("pong", () => conn.onPong());
    ws.once("close", () => {
      connections.delete(conn);
      app.connections--;
      counters.connections--;
      const done = conn.cleanup().finally(() => {
        cleanups.delete(done);
        if (closing && connections.size === 0 && cleanups.size === 0) allClosed?.();
      });
      cleanups.add(done);
    });
    conn.send(connectionEstablished(conn.id, activityTimeoutSec));
  }

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    wss.handleUpgrade(req, socket, head, (ws) => {
      // ws reports protocol violations (e.g. a frame over maxPayload) as an error and closes that
      // socket itself (1009/1002); without a listener the error would crash the process.
      ws.on("error", (err) => log("debug", `socket error: ${err.message}`));
      accept(ws, req);
    });
  });

  // One sweep for all sockets instead of a timer each (timers are the bulk of idle memory).
  const sweepMs = Math.max(50, Math.min(1000, (activityTimeoutSec * 1000) / 4));
  const activityMs = activityTimeoutSec * 1000;
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const conn of connections) {
      if (conn.closing) continue;
      if (conn.pingSentAt > 0) {
        if (now - conn.pingSentAt > pongTimeoutMs) {
          counters.pongTimeouts++;
          conn.close(Code.PongTimeout, "Pong reply not received");
        }
      } else if (now - conn.lastSeen > activityMs) {
        conn.ping();
      }
    }
  }, sweepMs);
  sweep.unref();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: opts.host, port: opts.port }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  const urlHost = opts.host.includes(":") ? `[${opts.host}]` : opts.host;

  let closed: Promise<void> | undefined;
  async function close(spreadMs: number): Promise<void> {
    closing = true;
    clearInterval(sweep);
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    const drained = new Promise<void>((resolve) => {
      allClosed = resolve;
      if (connections.size === 0 && cleanups.size === 0) resolve();
    });
    // 4200: pusher-js reconnects at once, to another node or to this one restarted. Spread evenly
    // over spreadMs, in at most 50 steps, so the reconnects do not all land in one instant.
    const all = [...connections];
    const steps = spreadMs > 0 ? Math.min(50, all.length) : 1;
    for (let step = 0; step < steps; step++) {
      if (step > 0) await new Promise((resolve) => setTimeout(resolve, spreadMs / steps));
      const from = Math.floor((all.length * step) / steps);
      const to = Math.floor((all.length * (step + 1)) / steps);
      for (const conn of all.slice(from, to)) {
        if (conn.closing) continue;
        conn.send(errorMessage(Code.ReconnectNow, "Server shutting down; reconnect"));
        conn.close(Code.ReconnectNow, "Server shutting down; reconnect");
      }
    }
    await drained;
    await webhooks.close(closeGraceMs);
    await adapter.close();
    server.closeAllConnections();
    await serverClosed;
  }

  return {
    port,
    host: opts.host,
    url: `http://${urlHost}:${port}`,
    nodeId,
    close: (o) => (closed ??= close(Math.max(0, o?.spreadMs ?? 0))),
    metrics,
  };
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

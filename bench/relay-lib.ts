// Shared by the relay benchmarks. Also a child-process entry (`node --import tsx bench/relay-lib.ts
// ROLE`), so subscribers and servers never share a process (or a core's event loop) with the code
// they measure:
//   baseline     a bare ws pub/sub server: frames each message once and writes it to its sockets
//   subscribers  opens WebSocket connections that complete the real handshake (private channel,
//                HMAC auth) and reports delivery times over IPC
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, request, type Agent, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import WebSocket, { WebSocketServer } from "ws";
import { prepare, writePrepared } from "../relay/frame";

const ROOT = path.resolve(import.meta.dirname, "..");
const LIB = path.join(ROOT, "bench", "relay-lib.ts");
const TSX = ["--import", "tsx"];

export const APP = { id: "bench", key: "bench-key", secret: "bench-secret-0123456789abcdef" };

// --- measurement helpers ---

/** The soft open-files limit every process here inherits (Node cannot raise it). */
export function fdLimit(): number {
  const out = spawnSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).stdout.trim();
  return out === "unlimited" ? 1_000_000 : Number(out);
}

const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** CPU seconds (user+system) and RSS bytes of a process and its children, from /proc. */
export function procStats(pid: number): { cpuSec: number; rssBytes: number } {
  const pids = [pid, ...childPids(pid)];
  let ticks = 0;
  let rss = 0;
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      rss += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // exited meanwhile
    }
  }
  return { cpuSec: ticks / CLK_TCK, rssBytes: rss };
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const ms = (ns: bigint | number) => Number(ns) / 1e6;
export const fmt = (v: number, digits = 1) => v.toFixed(digits).padStart(8);
export const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

/**
 * POST /apps/{id}/events signed exactly as the `pusher` SDK signs it, on plain node:http: the
 * chat load generator sends thousands a second, and the SDK's node-fetch would make the generator
 * (not the relay) the bottleneck on two cores.
 */
export function trigger(agent: Agent, server: { port: number; appId: string }, channel: string, name: string, data: string): Promise<void> {
  const body = JSON.stringify({ name, data, channels: [channel] });
  const path = `/apps/${server.appId}/events`;
  const qs =
    `auth_key=${APP.key}&auth_timestamp=${Math.floor(Date.now() / 1000)}&auth_version=1.0` +
    `&body_md5=${createHash("md5").update(body).digest("hex")}`;
  const signature = createHmac("sha256", APP.secret).update(`POST\n${path}\n${qs}`).digest("hex");
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: "127.0.0.1",
        port: server.port,
        method: "POST",
        path: `${path}?${qs}&auth_signature=${signature}`,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`trigger: HTTP ${res.statusCode}`))));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

// --- servers under test, each in its own process ---

export interface ServerProcess {
  url: string;
  appId: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = pattern.exec(line);
      if (m) resolve(m);
    });
    child.once("exit", (code) => reject(new Error(`${what} exited (${code}) before starting: ${stderr}`)));
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    });
}

/** `npm run relay` (relay/main.ts) as production runs it; workers > 1 needs redisUrl. */
export async function startRelayProcess(opts: {
  workers: number;
  redisUrl?: string;
  appId?: string;
  webhookUrl: string;
}): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    RELAY_HOST: "127.0.0.1",
    RELAY_PORT: "0",
    RELAY_WORKERS: String(opts.workers),
    REDIS_URL: opts.redisUrl ?? "",
    PUSHER_APP_ID: opts.appId ?? APP.id,
    PUSHER_KEY: APP.key,
    PUSHER_SECRET: APP.secret,
    NEXTAUTH_SECRET: "bench-only-nextauth-secret-0123456789abcdef",
    RELAY_WEBHOOK_URL: opts.webhookUrl,
    LOG_LEVEL: "warn",
  };
  const child = spawn(process.execPath, [...TSX, "relay/main.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const m = await waitForLine(child, /^relay listening on (http:\/\/127\.0\.0\.1:(\d+))$/, "relay");
  return { url: m[1]!, appId: env.PUSHER_APP_ID!, port: Number(m[2]), pid: child.pid!, stop: stopper(child) };
}

export async function startBaselineProcess(): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...TSX, LIB, "baseline"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const m = await waitForLine(child, /^baseline listening on (http:\/\/127\.0\.0\.1:(\d+))$/, "baseline");
  return { url: m[1]!, appId: APP.id, port: Number(m[2]), pid: child.pid!, stop: stopper(child) };
}

/** Receives the relay's webhooks (channel_occupied etc.) so they go somewhere real and cheap. */
export async function webhookSink(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// --- subscriber processes ---

export type SubscriberPlan =
  | { mode: "fanout"; channel: string; count: number }
  /** Two connections per channel `${prefix}${i}` for i in [first, first + pairs). */
  | { mode: "pairs"; prefix: string; first: number; pairs: number };

export type ToChild =
  { type: "arm"; expected: number } | { type: "collect" } | { type: "client-events"; durationMs: number } | { type: "close" };

export type FromChild =
  | { type: "ready"; connections: number }
  | { type: "armed" }
  | { type: "done"; first: string; last: string; count: number }
  | { type: "samples"; ids: number[]; times: string[]; latenciesNs: number[] };

export class SubscriberProcess {
  private listeners: ((m: FromChild) => void)[] = [];
  readonly exited: Promise<void>;

  constructor(readonly child: ChildProcess) {
    child.on("message", (m: FromChild) => {
      for (const l of [...this.listeners]) l(m);
    });
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
  }

  static spawn(url: string, plan: SubscriberPlan, baseline: boolean): SubscriberProcess {
    const child = spawn(process.execPath, [...TSX, LIB, "subscribers", url, JSON.stringify(plan), baseline ? "baseline" : "relay"], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return new SubscriberProcess(child);
  }

  next<T extends FromChild["type"]>(type: T): Promise<Extract<FromChild, { type: T }>> {
    return new Promise((resolve, reject) => {
      const onExit = () => reject(new Error("subscriber process exited"));
      this.child.once("exit", onExit);
      const l = (m: FromChild) => {
        if (m.type !== type) return;
        this.listeners = this.listeners.filter((x) => x !== l);
        this.child.off("exit", onExit);
        resolve(m as Extract<FromChild, { type: T }>);
      };
      this.listeners.push(l);
    });
  }

  send(m: ToChild): void {
    this.child.send(m);
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null) this.send({ type: "close" });
    await this.exited;
  }
}

// --- child roles ---

function runBaseline() {
  // Same duties as the relay on the hot path, none of its protocol: subscribe is accepted without
  // auth, a POST's body is {channel(s), name, data}, and the message is framed once and written
  // to every socket of the channel with the same pre-framed write the relay uses.
  const channels = new Map<string, Set<WebSocket>>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { name: string; data: string; channels?: string[]; channel?: string };
      for (const channel of body.channels ?? [body.channel!]) {
        const msg = prepare(JSON.stringify({ event: body.name, channel, data: body.data }));
        for (const ws of channels.get(channel) ?? []) writePrepared(ws, msg);
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  const wss = new WebSocketServer({ server, perMessageDeflate: false, clientTracking: false });
  let n = 0;
  wss.on("connection", (ws) => {
    const mine = new Set<string>();
    ws.send(
      JSON.stringify({ event: "pusher:connection_established", data: JSON.stringify({ socket_id: `1.${++n}`, activity_timeout: 120 }) }),
    );
    ws.on("message", (raw) => {
      const m = JSON.parse(String(raw)) as { event: string; channel?: string; data?: { channel?: string } };
      if (m.event === "pusher:subscribe" && m.data?.channel) {
        const c = m.data.channel;
        if (!channels.has(c)) channels.set(c, new Set());
        channels.get(c)!.add(ws);
        mine.add(c);
        ws.send(JSON.stringify({ event: "pusher_internal:subscription_succeeded", channel: c, data: "{}" }));
      } else if (m.event.startsWith("client-") && m.channel) {
        const msg = prepare(String(raw));
        for (const other of channels.get(m.channel) ?? []) if (other !== ws) writePrepared(other, msg);
      }
    });
    ws.on("close", () => {
      for (const c of mine) channels.get(c)?.delete(ws);
    });
  });
  server.listen(0, "127.0.0.1", () => console.log(`baseline listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  process.once("SIGTERM", () => process.exit(0));
}

function runSubscribers(url: string, plan: SubscriberPlan, isBaseline: boolean) {
  const send = (m: FromChild) => process.send!(m);
  const wsUrl = `${url.replace(/^http/, "ws")}/app/${APP.key}?protocol=7&client=bench&version=1`;
  const sockets: WebSocket[] = [];
  const channelsOf: string[] =
    plan.mode === "fanout"
      ? Array.from({ length: plan.count }, () => plan.channel)
      : Array.from({ length: plan.pairs * 2 }, (_, i) => `${plan.prefix}${plan.first + Math.floor(i / 2)}`);

  // Fan-out: count deliveries and keep first/last arrival (hrtime is CLOCK_MONOTONIC, comparable
  // across processes). Chat: keep (message id, arrival) pairs. No JSON parsing for fan-out.
  let expected = 0;
  let count = 0;
  let first = 0n;
  let last = 0n;
  const ids: number[] = [];
  const times: bigint[] = [];
  const latencies: number[] = [];
  const sentAt = new Map<string, bigint>();

  function onData(raw: WebSocket.RawData) {
    const t = process.hrtime.bigint();
    const buf = raw as Buffer;
    if (plan.mode === "fanout") {
      if (buf.length < 150) return;
      if (++count === 1) first = t;
      last = t;
      if (count === expected) send({ type: "done", first: first.toString(), last: last.toString(), count });
      return;
    }
    const text = buf.toString();
    const idAt = text.indexOf("#id:");
    if (idAt < 0) return;
    const id = text.slice(idAt + 4, text.indexOf("#", idAt + 4));
    if (text.includes('"event":"client-')) {
      const sent = sentAt.get(id);
      if (sent !== undefined) latencies.push(Number(t - sent));
    } else {
      ids.push(Number(id));
      times.push(t);
    }
  }

  function connect(channel: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
      ws.once("error", reject);
      ws.on("message", function handshake(raw) {
        const m = JSON.parse(String(raw)) as { event: string; data: string };
        if (m.event === "pusher:connection_established") {
          const socketId = (JSON.parse(m.data) as { socket_id: string }).socket_id;
          const auth = isBaseline ? "" : `${APP.key}:${createHmac("sha256", APP.secret).update(`${socketId}:${channel}`).digest("hex")}`;
          ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel, auth } }));
        } else if (m.event === "pusher_internal:subscription_succeeded") {
          ws.off("message", handshake);
          ws.on("message", onData);
          resolve(ws);
        } else {
          reject(new Error(`handshake: ${String(raw)}`));
        }
      });
    });
  }

  async function open() {
    const CONCURRENCY = 100;
    for (let i = 0; i < channelsOf.length; i += CONCURRENCY) {
      sockets.push(...(await Promise.all(channelsOf.slice(i, i + CONCURRENCY).map(connect))));
    }
    send({ type: "ready", connections: sockets.length });
  }

  let seq = 0;
  function clientEvents(durationMs: number) {
    // The first socket of each pair talks, once a second at its own offset, for durationMs.
    const pairs = sockets.length / 2;
    const start = Date.now();
    for (let p = 0; p < pairs; p++) {
      const ws = sockets[p * 2]!;
      const channel = channelsOf[p * 2]!;
      const tick = () => {
        if (Date.now() - start > durationMs) return;
        const id = `${seq++}`;
        sentAt.set(id, process.hrtime.bigint());
        ws.send(JSON.stringify({ event: "client-line", channel, data: { text: `#id:${id}#` } }));
        setTimeout(tick, 1000);
      };
      setTimeout(tick, (p / pairs) * 1000);
    }
  }

  process.on("message", (m: ToChild) => {
    if (m.type === "arm") {
      expected = m.expected;
      count = 0;
      send({ type: "armed" });
    } else if (m.type === "collect") {
      send({ type: "samples", ids: ids.splice(0), times: times.splice(0).map(String), latenciesNs: latencies.splice(0) });
    } else if (m.type === "client-events") {
      clientEvents(m.durationMs);
    } else if (m.type === "close") {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    }
  });
  open().catch((err: unknown) => {
    console.error(`subscribers: ${String(err)}`);
    process.exit(1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [role, url, plan, kind] = process.argv.slice(2);
  if (role === "baseline") runBaseline();
  else if (role === "subscribers") runSubscribers(url!, JSON.parse(plan!) as SubscriberPlan, kind === "baseline");
  else throw new Error(`unknown role ${role}`);
}

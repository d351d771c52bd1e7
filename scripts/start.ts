// `npm start`: the whole service on one machine with nothing configured.
// Embedded PostgreSQL (unless DATABASE_URL is set) -> migrations -> demo seed on an empty database
// -> a production build if none is current -> the web server, all under one supervisor that stops
// every child on Ctrl-C or as soon as any of them dies. `npm run dev` does the same with Next in dev mode.
// The web server is scripts/web.ts, Next's request handler behind our own (docs/security.md).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { getEnv } from "../server/env";
import { openDatabase } from "./lib/database";
import { applyMigrations } from "./lib/migrations";
import { buildIsCurrent, NEXT_BIN } from "./lib/next-build";
import { isPortFree, stopChild } from "./lib/postgres";
import { WEB_NODE_FLAGS } from "./lib/node-flags";

const ROOT = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");

const say = (line: string) => console.log(`[start] ${line}`);

type Child = { name: string; proc: ChildProcess; stopSignal: NodeJS.Signals; graceMs: number };
const children: Child[] = [];
let stopping = false;

/** Stops children in reverse start order (web before the database), then exits. */
async function shutdown(code: number, reason: string): Promise<never> {
  if (!stopping) {
    stopping = true;
    say(reason);
    for (const c of [...children].reverse()) await stopChild(c.proc, c.stopSignal, c.graceMs);
    say("all processes stopped");
  }
  process.exit(code);
}

function supervise(child: Child): void {
  children.push(child);
  child.proc.once("exit", (code, signal) => {
    if (!stopping) void shutdown(1, `${child.name} exited (${signal ?? `code ${code}`}); stopping everything`);
  });
}

function prefixOutput(name: string, proc: ChildProcess, filter: (line: string) => boolean = () => true): void {
  for (const stream of [proc.stdout, proc.stderr]) {
    stream?.setEncoding("utf8");
    let buffered = "";
    stream?.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      // During shutdown, children report the shutdown itself; that is noise.
      for (const line of lines) if (line.trim() && !stopping && filter(line)) console.log(`[${name}] ${line}`);
    });
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: ROOT, env, stdio: "inherit" });
    children.push({ name: "build", proc: p, stopSignal: "SIGTERM", graceMs: 5000 });
    p.once("exit", (code) => {
      children.splice(
        children.findIndex((c) => c.proc === p),
        1,
      );
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(" ")} failed with code ${code}`));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/**
 * True when prisma/schema.prisma changed after the client was generated (a pull without
 * `npm install`). The client is imported only after this check, so a stale one is never loaded.
 */
function clientIsStale(): boolean {
  const client = path.join(ROOT, "server/generated/prisma/client.ts");
  return !existsSync(client) || statSync(client).mtimeMs < statSync(path.join(ROOT, "prisma/schema.prisma")).mtimeMs;
}

async function main() {
  process.on("SIGINT", () => void shutdown(0, "stopping (Ctrl-C)"));
  process.on("SIGTERM", () => void shutdown(0, "stopping (SIGTERM)"));

  if (clientIsStale()) {
    say("the database schema changed since the Prisma client was generated: generating it again…");
    await run(process.execPath, ["--import", "tsx", "scripts/generate.ts"], process.env);
  }
  const { DEMO_PASSWORD, DEMO_RESELLER, DEMO_USERS, seedDemo } = await import("../prisma/seed");
  const { createDb } = await import("../server/db");

  const env = getEnv();
  if (env.RELAY_WORKERS > 1 && !env.REDIS_URL && !env.PUSHER_CLUSTER && !env.PUSHER_HOST) {
    throw new Error(
      `RELAY_WORKERS=${env.RELAY_WORKERS} needs REDIS_URL: relay workers share channels and presence through Redis. Set REDIS_URL (e.g. redis://127.0.0.1:6379) or RELAY_WORKERS=1.`,
    );
  }
  if (!(await isPortFree(env.PORT, "0.0.0.0"))) {
    throw new Error(`Port ${env.PORT} is already in use. Stop what runs there or set PORT to another port.`);
  }

  const database = await openDatabase(env, say);
  if (database.embedded) {
    supervise({ name: "postgres", proc: database.embedded.child, stopSignal: "SIGINT", graceMs: 15_000 });
    prefixOutput("postgres", database.embedded.child, (l) => /ERROR|FATAL|PANIC/.test(l) || env.LOG_LEVEL === "debug");
    say(`embedded PostgreSQL on 127.0.0.1:${database.embedded.port} (data in ${path.join(env.DATA_DIR, "pg")})`);
  } else {
    say(`using PostgreSQL at ${new URL(database.url).host}${database.embedded === null && !env.DATABASE_URL ? " (already running)" : ""}`);
  }

  const migrations = await applyMigrations(database.url, { log: say });
  say(`database schema up to date (${migrations.applied.length} migration(s) applied now)`);

  const db = createDb(database.url);
  let demo = false;
  try {
    if ((await db.organization.count()) === 0) {
      await seedDemo(db, { baseUrl: env.NEXTAUTH_URL });
      say("seeded the demo organization");
    }
    demo = (await db.organization.count({ where: { slug: "demo-co" } })) > 0;
  } finally {
    await db.$disconnect();
  }

  // Children get the resolved configuration, including generated secrets, through their environment
  // (WEB_WORKERS, RELAY_WORKERS, REDIS_URL, SHUTDOWN_GRACE_MS pass through as set).
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_URL: env.NEXTAUTH_URL,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET,
    PUSHER_SECRET: env.PUSHER_SECRET,
    PORT: String(env.PORT),
    NEXT_TELEMETRY_DISABLED: "1",
  };

  // Background services first, so the web app never answers before realtime and routing can run.
  // Each child drains within SHUTDOWN_GRACE_MS of SIGTERM (docs/processes.md); a little more before SIGKILL.
  const graceMs = env.SHUTDOWN_GRACE_MS + 5_000;
  const usingOwnRelay = !env.PUSHER_CLUSTER && !env.PUSHER_HOST;
  if (usingOwnRelay) {
    if (!(await isPortFree(env.RELAY_PORT, env.RELAY_HOST === "0.0.0.0" ? "0.0.0.0" : env.RELAY_HOST))) {
      throw new Error(`Relay port ${env.RELAY_PORT} is already in use. Stop what runs there or set RELAY_PORT.`);
    }
    const relay = spawn(process.execPath, ["--import", "tsx", "relay/main.ts"], {
      cwd: ROOT,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    supervise({ name: "relay", proc: relay, stopSignal: "SIGTERM", graceMs });
    prefixOutput("relay", relay);
  }
  const worker = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], {
    cwd: ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  supervise({ name: "worker", proc: worker, stopSignal: "SIGTERM", graceMs });
  prefixOutput("worker", worker);

  if (dev) {
    const web = spawn(process.execPath, ["--import", "tsx", "scripts/web.ts", "--dev"], {
      cwd: ROOT,
      env: { ...childEnv, NODE_ENV: "development" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    supervise({ name: "web", proc: web, stopSignal: "SIGTERM", graceMs });
    prefixOutput("web", web);
  } else {
    const distDir = path.join(ROOT, process.env.NEXT_DIST_DIR || ".next");
    if (!buildIsCurrent(distDir)) {
      say("building the app (first start or sources changed; takes a minute or two)…");
      await run(process.execPath, [NEXT_BIN, "build"], { ...childEnv, NODE_ENV: "production" });
    }
    // Our server around Next (scripts/web.ts): client address, security headers, action-post checks.
    // The same V8 flags as `npm run web` (scripts/lib/node-flags.ts); cluster workers inherit them.
    const web = spawn(process.execPath, [...WEB_NODE_FLAGS, "--import", "tsx", "scripts/web.ts"], {
      cwd: ROOT,
      env: { ...childEnv, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    supervise({ name: "web", proc: web, stopSignal: "SIGTERM", graceMs });
    prefixOutput("web", web);
  }

  await waitForHttp(`http://127.0.0.1:${env.PORT}/sign-in`, dev ? 120_000 : 60_000);
  const base = env.NEXTAUTH_URL.replace(/\/$/, "");
  const lines = [
    "",
    "  iSession is running",
    "",
    `  App        ${base}/`,
    `  Sign in    ${base}/sign-in`,
    `  Launcher   ${base}/l/demo`,
    `  Realtime   ${usingOwnRelay ? `relay on ws://${env.RELAY_HOST}:${env.RELAY_PORT}${env.RELAY_WORKERS > 1 ? ` (${env.RELAY_WORKERS} workers, Redis)` : ""}` : "managed Pusher"}`,
    `  Web        ${dev ? 1 : env.WEB_WORKERS} process(es) on port ${env.PORT}`,
    "",
  ];
  if (demo) {
    lines.push(`  Demo logins (password: ${DEMO_PASSWORD})`);
    for (const u of DEMO_USERS) lines.push(`    ${u.email.padEnd(22)} ${u.role ? u.role.toLowerCase() : "operator (platform admin)"}`);
    lines.push(`    ${DEMO_RESELLER.email.padEnd(22)} reseller (${DEMO_RESELLER.resellerName}, /reseller)`);
    lines.push("");
  }
  lines.push("  Press Ctrl-C to stop.", "");
  console.log(lines.join("\n"));
}

main().catch((e: unknown) => {
  console.error(`[start] ${(e as Error).message}`);
  void shutdown(1, "start-up failed; stopping");
});

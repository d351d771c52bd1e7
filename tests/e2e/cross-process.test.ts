// The service across processes (issue 14, item 3), in real Chromium: a visitor and an agent whose
// pages and requests are served by two different web processes and whose sockets are held by two
// different relay workers sharing Redis. Chat and typing both ways, leading, the presence-driven
// leave, and a relay worker killed (SIGKILL) while lines are sent: every line is archived once and
// both pages show each exactly once after reconnecting (gap fill).
//
// How placement is made deterministic, and honest:
// - Web: two scripts/web.ts processes on two ports (a WEB_WORKERS cluster deals connections
//   round-robin and a browser's keep-alive connections could land anywhere). The visitor's page
//   is on one, the agent's on the other; every HTTP request each page makes is checked to have gone
//   to its own process. The relay's webhooks go through a forwarder here that alternates between the
//   two, so both process webhooks (checked). WEB_WORKERS=2 itself (one port, two processes) and the
//   SIGTERM drain of an in-flight request run in the last test.
// - Relay: relay/main.ts with RELAY_WORKERS=2 on one port, as deployed: a killed worker is replaced
//   and clients reconnect to the same address. A socket's worker is read from its socket id ("A.B",
//   A per worker, seen in the page's /api/realtime/auth requests) against each worker's /healthz
//   (socketPrefix, and the pid inside its node id). If the agent lands on the visitor's worker, the
//   agent's page is reloaded until it does not (the cluster deals round-robin, so one reload does).
// Everything runs against a database of its own on the e2e's PostgreSQL, with its own worker, so
// the e2e app's relay and worker never see it. Skipped (and says so) without Chromium, or without
// Redis outside CI.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedDemo } from "../../prisma/seed";
import { applyMigrations } from "../../scripts/lib/migrations";
import { dropDatabase, ensureDatabase, findFreePort, withDatabase } from "../../scripts/lib/postgres";
import { createDb } from "../../server/db";
import { REDIS_URL, requireRedis } from "../helpers/redis";
import { launchBrowser, screenshot } from "./browser";
import { joinAndBeServed, setReady, signIn } from "./demo";

const ROOT = path.resolve(import.meta.dirname, "../..");
const appUrl = inject("appUrl");
const appDatabaseUrl = inject("appDatabaseUrl");
const hasRedis = appUrl ? await requireRedis("the cross-process e2e") : false;
if (!appUrl) console.warn("[e2e] cross-process SKIPPED: no Chromium (see the e2e setup's message).");

type Proc = {
  name: string;
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
  waitFor: (re: RegExp) => Promise<RegExpExecArray>;
};
const procs: Proc[] = [];

function start(name: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const waiters: { re: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  const onData = (c: Buffer) => {
    output += c.toString();
    for (const w of [...waiters]) {
      const m = w.re.exec(output);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const proc: Proc = {
    name,
    child,
    exit,
    output: () => output,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const m = re.exec(output);
        if (m) return resolve(m);
        waiters.push({ re, resolve });
        void exit.then((code) => reject(new Error(`${name} exited (${code}) before ${re}:\n${output.slice(-3000)}`)));
      }),
  };
  procs.push(proc);
  return proc;
}

/** GET on a fresh connection (a kept-alive one would always reach the same cluster worker). */
function freshGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

/** Each live relay worker (both, once a killed one is replaced): socket id prefix -> pid. */
async function relayWorkers(relayUrl: string): Promise<Map<string, number>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const seen = new Map<string, number>();
    for (let i = 0; i < 20 && seen.size < 2; i++) {
      const r = await freshGet(`${relayUrl}/healthz`).catch(() => null);
      if (r?.status !== 200) continue;
      const h = JSON.parse(r.body) as { node: string; socketPrefix: string };
      seen.set(h.socketPrefix, Number(h.node.split("-").at(-2)));
    }
    const alive = [...seen.values()].every((pid) => {
      try {
        return process.kill(pid, 0);
      } catch {
        return false;
      }
    });
    if (seen.size === 2 && alive) return seen;
    if (Date.now() > deadline) throw new Error(`only ${seen.size} live relay worker(s) answered /healthz`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!appUrl || !hasRedis)("across processes: two web processes, two relay workers, Redis", () => {
  const tag = randomBytes(4).toString("hex");
  const appId = `xproc-${tag}`;
  const dbName = `isession_xproc_${tag}`;
  const serverUrl = appDatabaseUrl ? withDatabase(appDatabaseUrl, "postgres") : "";
  const dbUrl = appDatabaseUrl ? withDatabase(appDatabaseUrl, dbName) : "";
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "isession-xproc-"));
  let env: NodeJS.ProcessEnv;
  let relayUrl = "";
  let relay: Proc;
  const web: { url: string; proc: Proc }[] = [];
  let site: http.Server;
  let siteUrl = "";
  let hooks: http.Server;
  const hookHits = [0, 0];
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let visitor: Page;
  let agent: Page;
  const errors: string[] = [];
  /** The latest socket id each page authorised a channel with, and the origins it sent requests to. */
  const sockets = new Map<Page, string>();
  const origins = new Map<Page, Set<string>>();
  let sessionId = "";

  async function openPage(width: number, height: number): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width, height } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    origins.set(page, new Set());
    page.on("request", (req) => {
      const u = new URL(req.url());
      if (u.protocol.startsWith("http") && u.origin !== siteUrl) origins.get(page)!.add(u.origin);
      if (u.pathname === "/api/realtime/auth") {
        const id = new URLSearchParams(req.postData() ?? "").get("socket_id");
        if (id) sockets.set(page, id);
      }
    });
    return page;
  }

  const prefixOf = (page: Page) => sockets.get(page)?.split(".")[0];

  beforeAll(async () => {
    const spread = Math.floor(Math.random() * 90) * 10;
    await ensureDatabase(serverUrl, dbName);
    await applyMigrations(dbUrl);
    const w1 = await findFreePort(19100 + spread);
    const w2 = await findFreePort(w1 + 1);
    const relayPort = await findFreePort(21100 + spread);
    const seedDb = createDb(dbUrl);
    try {
      await seedDemo(seedDb, { baseUrl: `http://localhost:${w1}` });
    } finally {
      await seedDb.$disconnect();
    }

    // Webhooks alternate between the two web processes.
    hooks = http.createServer((req, res) => {
      const i = (hookHits[0]! + hookHits[1]!) % 2;
      hookHits[i]!++;
      const target = new URL(req.url ?? "/", web[i]!.url);
      const fwd = http.request(target, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      fwd.on("error", () => res.writeHead(502).end());
      req.pipe(fwd);
    });
    await new Promise<void>((r) => hooks.listen(0, "127.0.0.1", r));
    const hooksUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/api/realtime/webhook`;

    // The client's site: pages the agent leads to (127.0.0.1 is an allowed domain of Demo Co).
    site = http.createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><title>Shop ${req.url}</title><h1 id="page">Shop page ${req.url}</h1>`);
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

    env = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: ".next-e2e",
      DATA_DIR: dataDir,
      DATABASE_URL: dbUrl,
      NEXTAUTH_SECRET: `xproc-nextauth-${tag}-0123456789abcdef0123456789`,
      PUSHER_SECRET: `xproc-pusher-${tag}-0123456789`,
      PUSHER_APP_ID: appId,
      PUSHER_KEY: `xproc-key-${tag}`,
      PUSHER_CLUSTER: "",
      PUSHER_HOST: "",
      RELAY_HOST: "127.0.0.1",
      RELAY_PORT: String(relayPort),
      RELAY_WORKERS: "2",
      REDIS_URL,
      RELAY_WEBHOOK_URL: hooksUrl,
      FRAME_PROBE_ALLOW_HOSTS: "127.0.0.1,localhost",
      PRESENCE_LEAVE_GRACE_MS: "3000",
      WEB_WORKERS: "1",
      LOG_LEVEL: "info",
    };
    relay = start("relay", ["relay/main.ts"], env);
    const listening = await relay.waitFor(/relay listening on (http:\/\/\S+)/);
    relayUrl = listening[1]!;
    const worker = start("worker", ["worker/main.ts"], env);
    for (const port of [w1, w2]) {
      const url = `http://localhost:${port}`;
      web.push({ url, proc: start(`web:${port}`, ["scripts/web.ts"], { ...env, PORT: String(port), NEXTAUTH_URL: url }) });
    }
    await Promise.all([...web.map((w) => w.proc.waitFor(/ready on port/)), worker.waitFor(/worker ready/)]);
    browser = await launchBrowser();
    visitor = await openPage(390, 844);
    agent = await openPage(1280, 860);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGTERM");
    await Promise.all(
      procs.map((p) =>
        Promise.race([p.exit, new Promise((r) => setTimeout(r, 15_000))]).then(() => {
          if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
        }),
      ),
    );
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
    await new Promise<void>((r) => (hooks ? hooks.close(() => r()) : r()));
    if (serverUrl) await dropDatabase(serverUrl, dbName).catch(() => undefined);
    const redis = new Redis(REDIS_URL);
    const left = await redis.keys(`relay:${appId}:*`);
    if (left.length > 0) await redis.del(...left);
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("serves the visitor from one web process and the agent from the other, their sockets on different relay workers", async () => {
    const [visitorWeb, agentWeb] = [web[0]!.url, web[1]!.url];
    await signIn(agent, agentWeb, "agent2@demo.test", "/agent");
    await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
    await setReady(agent, true);
    await visitor.goto(`${visitorWeb}/l/demo`);
    await joinAndBeServed(visitor, agent, `Across processes? (${tag})`);
    sessionId = new URL(agent.url()).pathname.split("/")[2]!;
    expect(new URL(visitor.url()).pathname).toBe(`/s/${sessionId}`);
    await visitor.getByText("Live", { exact: true }).waitFor();
    await agent.getByText("Live", { exact: true }).waitFor();

    for (let i = 0; i < 6 && prefixOf(agent) === prefixOf(visitor); i++) {
      await agent.reload();
      await agent.getByText("Live", { exact: true }).waitFor();
      await expect.poll(() => prefixOf(agent)).toBeDefined();
    }
    const workers = await relayWorkers(relayUrl);
    expect(workers.has(prefixOf(visitor)!)).toBe(true);
    expect(workers.has(prefixOf(agent)!)).toBe(true);
    expect(prefixOf(visitor)).not.toBe(prefixOf(agent));
    expect([...origins.get(visitor)!]).toEqual([visitorWeb]);
    expect([...origins.get(agent)!]).toEqual([agentWeb]);
  });

  it("chats both ways, each side seeing the other type", async () => {
    await visitor.getByLabel("Message").pressSequentially("Hello from web one", { delay: 30 });
    await agent.getByText("is typing: Hello from web one").waitFor({ timeout: 10_000 });
    await visitor.getByLabel("Message").press("Enter");
    await agent.locator("ol[role=log]").getByText("Hello from web one").waitFor();
    await expect.poll(() => agent.locator("[data-typing-from]").count()).toBe(0);

    await agent.getByLabel("Message").pressSequentially("Hello from web two", { delay: 30 });
    await visitor.getByText("is typing: Hello from web two").waitFor({ timeout: 10_000 });
    await agent.getByLabel("Message").press("Enter");
    await visitor.locator("ol[role=log]").getByText("Hello from web two").waitFor();
  });

  it("leads the visitor's view to a page", async () => {
    await agent.getByLabel("Lead everyone to").fill(`${siteUrl}/plans`);
    await agent.getByRole("button", { name: "Lead", exact: true }).click();
    const frame = visitor.frameLocator('iframe[title="Page shared by the leader"]');
    await expect.poll(() => frame.locator("#page").textContent({ timeout: 10_000 })).toBe("Shop page /plans");
  });

  /** Sends `texts` alternately from the visitor and the agent, each accepted (numbered) by the server before the next; `midway` runs after the third. */
  async function sendLines(texts: string[], midway: () => Promise<void>) {
    for (const [i, text] of texts.entries()) {
      const from = i % 2 === 0 ? visitor : agent;
      await from.getByLabel("Message").fill(text);
      await from.getByLabel("Message").press("Enter");
      await from.locator("ol[role=log] li[data-seq]").filter({ hasText: text }).first().waitFor({ timeout: 20_000 });
      if (i === 2) await midway();
    }
  }

  async function eachOnceEverywhere(texts: string[]) {
    for (const page of [visitor, agent]) {
      for (const text of texts) {
        await expect.poll(() => page.locator("ol[role=log] li[data-seq]").filter({ hasText: text }).count(), { timeout: 20_000 }).toBe(1);
      }
    }
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      const r = await client.query<{ text: string; n: number }>(
        `SELECT payload->>'text' AS text, count(*)::int AS n FROM "SessionEvent" WHERE "sessionId" = $1 AND type = 'chat' AND payload->>'text' = ANY($2) GROUP BY 1 ORDER BY 1`,
        [sessionId, texts],
      );
      expect(r.rows).toEqual([...texts].sort().map((text) => ({ text, n: 1 })));
    } finally {
      await client.end();
    }
  }

  for (const side of ["visitor", "agent"] as const) {
    it(`loses no line when the ${side}'s relay worker is killed mid-session: it reconnects, both pages fill the gap, each line archived once`, async () => {
      const page = side === "visitor" ? visitor : agent;
      const other = side === "visitor" ? agent : visitor;
      const killed = prefixOf(page)!;
      const pid = (await relayWorkers(relayUrl)).get(killed)!;
      expect(pid).toBeGreaterThan(0);
      const texts = Array.from({ length: 8 }, (_, i) => `kill-${side}-${tag}-${String(i).padStart(2, "0")}#`);
      await sendLines(texts, async () => {
        process.kill(pid, "SIGKILL");
      });
      // The killed worker's page came back on a live worker (the other page too, if it was there).
      await expect.poll(() => prefixOf(page), { timeout: 20_000 }).not.toBe(killed);
      await expect.poll(() => prefixOf(other), { timeout: 20_000 }).not.toBe(killed);
      await page.getByText("Live", { exact: true }).waitFor();
      expect(relay.output()).toMatch(/worker \d+ exited \(SIGKILL\); starting a new one/);
      await eachOnceEverywhere(texts);
      await screenshot(page, `cross-process-after-kill-${side}`);
    });
  }

  it("tells the agent the visitor left when the visitor closes the page (the relay's webhook reaching either web process)", async () => {
    await visitor.close();
    await agent.getByRole("region", { name: "The visitor left" }).waitFor({ timeout: 30_000 });
    // Both web processes handled webhooks.
    expect(hookHits[0]).toBeGreaterThan(0);
    expect(hookHits[1]).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it("runs WEB_WORKERS=2 on one port, and a SIGTERM lets an in-flight request finish before exit 0", async () => {
    const port = await findFreePort(Number(new URL(web[1]!.url).port) + 1);
    const cluster = start("web-cluster", ["scripts/web.ts"], {
      ...env,
      PORT: String(port),
      NEXTAUTH_URL: `http://localhost:${port}`,
      WEB_WORKERS: "2",
      SHUTDOWN_GRACE_MS: "8000",
    });
    await cluster.waitFor(/2 workers ready on port/);
    const pids = new Set([...cluster.output().matchAll(/ready on port \d+ \(production, pid (\d+)\)/g)].map((m) => m[1]));
    expect(pids.size).toBe(2);
    // Ready once PostgreSQL answers: a fresh worker's first connection can take longer than the
    // check's 2 s on a loaded machine, and readiness is what a load balancer polls, so this polls too.
    await expect.poll(async () => (await freshGet(`http://127.0.0.1:${port}/readyz`)).status, { timeout: 20_000 }).toBe(200);

    // A server-action post whose body is half sent: our handler is reading it when SIGTERM comes.
    const body = JSON.stringify(["in-flight"]);
    const socket = net.connect(port, "127.0.0.1");
    await new Promise<void>((r) => socket.once("connect", () => r()));
    let response = "";
    socket.on("data", (c: Buffer) => (response += c.toString()));
    const ended = new Promise<void>((r) => socket.once("close", () => r()));
    socket.write(
      `POST / HTTP/1.1\r\nHost: localhost:${port}\r\nNext-Action: 0000\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
        body.slice(0, 5),
    );
    cluster.child.kill("SIGTERM");
    await cluster.waitFor(/\[web\/\d+\] shutdown: draining[\s\S]*\[web\/\d+\] shutdown: draining/);
    expect(response).toBe("");
    socket.write(body.slice(5));
    await ended;
    expect(response).toMatch(/^HTTP\/1\.1 \d{3} /);
    expect(await cluster.exit).toBe(0);
  });
});

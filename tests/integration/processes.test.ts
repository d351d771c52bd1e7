// What holds with more than one process (docs/processes.md): the web server's /healthz and
// /readyz (server/http/health.ts through the web handler), the worker's health port and its
// SIGTERM exit, and the auditorium join limit counted once for all processes through Redis.
// The web process itself (scripts/web.ts: WEB_WORKERS, SIGTERM drain) runs in
// tests/e2e/cross-process.test.ts, which has a build of the app.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { findFreePort } from "../../scripts/lib/postgres";
import { createDb, db } from "../../server/db";
import { databaseAnswers } from "../../server/http/health";
import { parseTrustedProxies } from "../../server/http/client-address";
import { createWebHandler } from "../../server/http/web-handler";
import { REDIS_URL, requireRedis } from "../helpers/redis";

const ROOT = path.resolve(import.meta.dirname, "../..");
const hasRedis = await requireRedis("the shared join limit test");
// Before anything reads the environment (server/env.ts parses it once, on first use).
if (hasRedis) process.env.REDIS_URL = REDIS_URL;

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function webServer(ready: () => Promise<string | null>): Promise<{ url: string; nextCalls: string[] }> {
  const nextCalls: string[] = [];
  const handler = createWebHandler({
    trusted: parseTrustedProxies(""),
    dev: false,
    publicUrl: "http://localhost:3000",
    realtimeFor: () => ({ cluster: "local", wsHost: "localhost", wsPort: 6001, wssPort: 6001, forceTLS: false }),
    handle: async (req, res) => {
      nextCalls.push(req.url ?? "");
      res.end("next");
    },
    ready,
  });
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, nextCalls };
}

const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, text: (await res.text()).trim(), cache: res.headers.get("cache-control") };
};

describe("web /healthz and /readyz", () => {
  it("healthz answers ok without asking the database; readyz is 200 while PostgreSQL answers SELECT 1", async () => {
    let asked = 0;
    const web = await webServer(() => {
      asked++;
      return databaseAnswers(() => db.$queryRaw`SELECT 1`);
    });
    expect(await get(`${web.url}/healthz`)).toEqual({ status: 200, text: "ok", cache: "no-store" });
    expect(asked).toBe(0);
    expect(await get(`${web.url}/readyz`)).toEqual({ status: 200, text: "ready", cache: "no-store" });
    expect(asked).toBe(1);
    expect(web.nextCalls).toEqual([]);
    // Every other path still goes to Next.
    expect((await get(`${web.url}/healthz/x`)).text).toBe("next");
  });

  it("readyz is 503 with a short reason when PostgreSQL cannot be reached (the driver's detail only in the log), and while draining", async () => {
    const port = await findFreePort(23000 + Math.floor(Math.random() * 2000));
    const unreachable = createDb(`postgresql://nobody@127.0.0.1:${port}/none`);
    try {
      const web = await webServer(() => databaseAnswers(() => unreachable.$queryRaw`SELECT 1`));
      const r = await get(`${web.url}/readyz`);
      expect(r.status).toBe(503);
      expect(r.text).toBe("database unreachable");
      expect(r.text).not.toContain(String(port));
      expect((await get(`${web.url}/healthz`)).status).toBe(200);
    } finally {
      await unreachable.$disconnect();
    }
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    const draining = await webServer(async () => "draining: shutting down");
    expect(await get(`${draining.url}/readyz`)).toEqual({ status: 503, text: "draining: shutting down", cache: "no-store" });
  });

  it("a database slower than the limit is not ready", async () => {
    expect(await databaseAnswers(() => new Promise(() => undefined), 50)).toBe("database did not answer within 50 ms");
  });
});

describe("the worker's health port", () => {
  it("answers /healthz and /readyz once its jobs run, and exits 0 on SIGTERM", async () => {
    const port = await findFreePort(24000 + Math.floor(Math.random() * 2000));
    const child = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], {
      cwd: ROOT,
      env: { ...process.env, WORKER_HEALTH_PORT: String(port), SHUTDOWN_GRACE_MS: "3000" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        createInterface({ input: child.stdout }).on("line", (line) => line.startsWith("worker ready") && resolve());
        void exit.then((code) => reject(new Error(`worker exited (${code}): ${stderr}`)));
      });
      const base = `http://127.0.0.1:${port}`;
      expect(await get(`${base}/healthz`)).toEqual({ status: 200, text: "ok", cache: "no-store" });
      expect(await get(`${base}/readyz`)).toEqual({ status: 200, text: "ready", cache: "no-store" });
      expect((await fetch(`${base}/other`)).status).toBe(404);
      child.kill("SIGTERM");
      expect(await exit).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe.skipIf(!hasRedis)("the auditorium join limit across processes", () => {
  it("joins counted in one process count in another: the limit is one for all web processes", async () => {
    const { JOIN_LIMIT, joinLimit } = await import("../../server/auditorium/join");
    const key = `event-${randomBytes(6).toString("hex")}`;
    for (let i = 0; i < JOIN_LIMIT.points; i++) expect(await joinLimit("203.0.113.9", key)).toBe(true);
    // Another process (as another web worker would be): the same address is over the limit there too.
    const script = `const { joinLimit } = await import("./server/auditorium/join.ts");
      console.log(JSON.stringify([await joinLimit("203.0.113.9", ${JSON.stringify(key)}), await joinLimit("203.0.113.10", ${JSON.stringify(key)})]));
      process.exit(0);`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL, WEB_WORKERS: "2" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    expect(await new Promise((resolve) => child.once("exit", resolve))).toBe(0);
    expect(JSON.parse(out.trim())).toEqual([false, true]);
  });
});

// `npm run relay` as a real process: configuration from the environment, the startup line, clean
// shutdown on SIGTERM, and cluster mode (which needs Redis and says so without it).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Redis } from "ioredis";
import Pusher from "pusher";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "pusher-js";
import { REDIS_URL, requireRedis } from "../helpers/redis";
import { APP, client, connected, nextError, raw, subscribed, waitFor, WebhookReceiver } from "./helpers";

const ROOT = path.resolve(import.meta.dirname, "../..");
const hasRedis = await requireRedis("relay/main.ts cluster mode");
const running = new Set<ChildProcess>();
// The default webhook URL is the app's (NEXTAUTH_URL); point it here instead of at whatever runs there.
let hooks: WebhookReceiver;

beforeAll(async () => {
  hooks = await new WebhookReceiver().start();
});

afterAll(async () => {
  for (const child of running) child.kill("SIGKILL");
  await hooks.close();
});

interface Started {
  child: ChildProcess;
  url: string;
  port: number;
  exit: Promise<number | null>;
  stderr: () => string;
}

function startMain(env: Record<string, string | undefined>): Promise<Started> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "relay-main-")),
    RELAY_HOST: "127.0.0.1",
    RELAY_PORT: "0",
    REDIS_URL: undefined,
    RELAY_WORKERS: undefined,
    LOG_LEVEL: "info",
    RELAY_WEBHOOK_URL: hooks.url,
    ...env,
  };
  const child = spawn(process.execPath, ["--import", "tsx", "relay/main.ts"], {
    cwd: ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = /^relay listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
      if (m) resolve({ child, url: m[1]!, port: Number(m[2]), exit, stderr: () => stderr });
    });
    void exit.then((code) => reject(new Error(`relay exited (${code}) before listening: ${stderr}`)));
  });
}

/** GET on a new connection each time (fetch keeps one alive, and so would always reach one worker). */
function freshGet(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve(JSON.parse(body)));
      })
      .on("error", reject);
  });
}

describe("relay/main.ts", () => {
  it("starts from the environment, logs its URL, and exits 0 on SIGTERM closing sockets with 4200", async () => {
    const relay = await startMain({ PUSHER_APP_ID: "main-test", PUSHER_KEY: "main-key" });
    const health = await fetch(`${relay.url}/healthz`);
    expect(health.status).toBe(200);
    const r = raw(relay, "/app/main-key?protocol=7");
    await r.socketId();
    relay.child.kill("SIGTERM");
    expect((await r.closed).code).toBe(4200);
    expect(await relay.exit).toBe(0);
  });

  it("refuses cluster mode without REDIS_URL with a clear message", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "relay/main.ts"], {
      cwd: ROOT,
      env: { ...process.env, RELAY_WORKERS: "2", REDIS_URL: "", RELAY_PORT: "0" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/RELAY_WORKERS=2 needs REDIS_URL/);
  });

  it.skipIf(!hasRedis)("runs two workers on one port that act as one relay through Redis, and cleans up on SIGTERM", async () => {
    const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined);
    await probe.connect();
    const appId = `main-cluster-${randomBytes(4).toString("hex")}`;
    const relay = await startMain({ PUSHER_APP_ID: appId, PUSHER_KEY: "cluster-key", RELAY_WORKERS: "2", REDIS_URL });
    try {
      // Connections are spread over the workers; with several, both workers serve some.
      const clients = Array.from({ length: 6 }, () => raw(relay, "/app/cluster-key?protocol=7"));
      for (const c of clients) expect((await c.subscribe("spread")).event).toBe("pusher_internal:subscription_succeeded");
      const sdk = new Pusher({
        appId,
        key: "cluster-key",
        secret: process.env.PUSHER_SECRET!,
        host: "127.0.0.1",
        port: String(relay.port),
        useTLS: false,
      });
      await sdk.trigger("spread", "e", { n: 1 });
      await Promise.all(clients.map((c) => c.event("e", "spread")));
      // Occupied once for the cluster, though both workers have subscribers.
      await waitFor(() => hooks.events(sdk).some((e) => e.name === "channel_occupied" && e.channel === "spread"), "webhook");
      expect(hooks.events(sdk).filter((e) => e.channel === "spread")).toEqual([{ name: "channel_occupied", channel: "spread" }]);
      // socket_id is "{node}.{n}": two prefixes mean the event crossed from one worker to the other.
      const nodes = new Set(await Promise.all(clients.map(async (c) => (await c.socketId()).split(".")[0])));
      expect(nodes.size).toBe(2);
      relay.child.kill("SIGTERM");
      expect(await relay.exit).toBe(0);
      await Promise.all(clients.map((c) => c.closed));
      expect(await probe.keys(`relay:${appId}:*`)).toEqual([]);
    } finally {
      const left = await probe.keys(`relay:${appId}:*`);
      if (left.length > 0) await probe.del(...left);
      probe.disconnect();
    }
  });

  it.skipIf(!hasRedis)(
    "a worker sent SIGTERM tells its clients to reconnect (4200); they come back on the other worker and still get events",
    async () => {
      const appId = `main-drain-${randomBytes(4).toString("hex")}`;
      const relay = await startMain({
        PUSHER_APP_ID: appId,
        PUSHER_KEY: APP.key,
        PUSHER_SECRET: APP.secret,
        RELAY_WORKERS: "2",
        REDIS_URL,
        SHUTDOWN_GRACE_MS: "2000",
      });
      const probe = new Redis(REDIS_URL);
      try {
        // Which worker hands out which socket ids, and its pid (node id = host-pid-random).
        const workers = new Map<string, number>();
        await waitFor(async () => {
          const h = (await freshGet(`${relay.url}/healthz`)) as { node: string; socketPrefix: string };
          workers.set(h.socketPrefix, Number(h.node.split("-").at(-2)));
          return workers.size === 2;
        }, "both workers answering /healthz");
        const clients = Array.from({ length: 6 }, () => client(relay));
        const ids = await Promise.all(clients.map((c) => connected(c)));
        const prefixes = ids.map((id) => id.split(".")[0]!);
        const doomed = prefixes[0]!;
        const onDoomed = clients.filter((_, i) => prefixes[i] === doomed);
        const errors = onDoomed.map((c) => nextError(c));
        process.kill(workers.get(doomed)!, "SIGTERM");
        expect((await Promise.all(errors)).map((e) => e.code)).toEqual(onDoomed.map(() => 4200));
        // pusher-js reconnects at once; the drained worker no longer listens, so the other takes them.
        await waitFor(
          () => onDoomed.every((c) => c.connection.state === "connected" && !c.connection.socket_id.startsWith(`${doomed}.`)),
          "reconnected elsewhere",
        );
        const channels: Channel[] = clients.map((c) => c.subscribe("after-drain"));
        await Promise.all(channels.map((ch) => subscribed(ch)));
        const got = channels.map((ch) => new Promise((resolve) => ch.bind("e", resolve)));
        await new Pusher({ appId, key: APP.key, secret: APP.secret, host: "127.0.0.1", port: String(relay.port), useTLS: false }).trigger(
          "after-drain",
          "e",
          { n: 1 },
        );
        expect(await Promise.all(got)).toEqual(clients.map(() => ({ n: 1 })));
        for (const c of clients) c.disconnect();
        relay.child.kill("SIGTERM");
        expect(await relay.exit).toBe(0);
      } finally {
        const left = await probe.keys(`relay:${appId}:*`);
        if (left.length > 0) await probe.del(...left);
        probe.disconnect();
      }
    },
  );
});

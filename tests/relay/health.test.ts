// The relay's readiness and drain (docs/processes.md): /readyz is 503 while its Redis bus is cut
// and 200 again when it is back; close({ spreadMs }) tells every client to reconnect (4200) spread
// over the window, refusing new sockets meanwhile. Redis through a TCP proxy the test can cut.
import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisAdapter } from "../../relay/adapters/redis";
import type { RelayHandle } from "../../relay/server";
import { REDIS_URL, requireRedis } from "../helpers/redis";
import { raw, startTestRelay, waitFor, type RawClient } from "./helpers";

const hasRedis = await requireRedis("the relay readiness suite (Redis bus)");

/** A TCP proxy to `target` whose open connections can be cut and new ones refused. */
async function cuttableProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let up = true;
  const server = net.createServer((client) => {
    if (!up) return client.destroy();
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cut() {
      up = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      up = true;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const readyz = async (relay: RelayHandle) => {
  const res = await fetch(`${relay.url}/readyz`);
  return { status: res.status, text: (await res.text()).trim() };
};

describe("relay readiness and drain", () => {
  it("a relay on its own is ready; closing it spreads 4200s over the window and refuses new sockets meanwhile", async () => {
    const relay = await startTestRelay();
    expect(await readyz(relay)).toEqual({ status: 200, text: "ready" });
    const clients: RawClient[] = Array.from({ length: 10 }, () => raw(relay));
    await Promise.all(clients.map((c) => c.socketId()));
    const closing = relay.close({ spreadMs: 2_000 });
    const codes: number[] = [];
    for (const c of clients) void c.closed.then(({ code }) => codes.push(code));
    await waitFor(() => codes.length > 0, "the first client told to reconnect");
    // Spread: when the first has gone, most are still connected (the last go ~2 s later).
    expect(codes.length).toBeLessThan(clients.length);
    await closing;
    await Promise.all(clients.map((c) => c.closed));
    expect(codes).toEqual(clients.map(() => 4200));
    for (const c of clients)
      expect(c.messages.some((m) => m.event === "pusher:error" && (m.data as { code: number }).code === 4200)).toBe(true);
  });

  describe.skipIf(!hasRedis)("with a Redis bus", () => {
    let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
    let relay: RelayHandle;

    beforeAll(async () => {
      proxy = await cuttableProxy(new URL(REDIS_URL));
      relay = await startTestRelay({
        adapter: new RedisAdapter({
          url: proxy.url,
          prefix: `relayhealth:${randomBytes(6).toString("hex")}`,
          heartbeatMs: 100,
          nodeTimeoutMs: 1000,
        }),
      });
    });
    afterAll(async () => {
      proxy.restore();
      await relay?.close();
      await proxy?.close();
    });

    it("is not ready while Redis is cut off, and ready again once it is back", async () => {
      expect(await readyz(relay)).toEqual({ status: 200, text: "ready" });
      proxy.cut();
      const down = await waitFor(async () => {
        const r = await readyz(relay);
        return r.status === 503 ? r : null;
      }, "readyz 503");
      expect(down.text).toMatch(/^redis at redis:\/\/127\.0\.0\.1:\d+\/? is \w+$/);
      proxy.restore();
      await waitFor(async () => (await readyz(relay)).status === 200, "readyz 200 again");
    });
  });
});

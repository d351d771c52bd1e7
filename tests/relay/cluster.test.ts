// Two relay nodes sharing Redis act as one: messages, client events, presence, channel info,
// terminate_connections and webhooks agree across nodes; a node killed without warning is reaped
// by the survivors. Uses REDIS_URL or redis://127.0.0.1:6379; skipped (and says so) without Redis,
// failed without it in CI (tests/helpers/redis.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline";
import { Redis } from "ioredis";
import type { Members, PresenceChannel } from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisAdapter } from "../../relay/adapters/redis";
import type { RelayHandle } from "../../relay/server";
import {
  APP,
  client,
  collect,
  connected,
  disconnectAll,
  nextEvent,
  serverSdk,
  startTestRelay,
  subscribed,
  waitFor,
  WebhookReceiver,
} from "./helpers";
import { REDIS_URL, requireRedis } from "../helpers/redis";

const hasRedis = await requireRedis("the cross-node relay suite");

// Unique per run, so parallel runs never share keys; everything under it is deleted afterwards.
const PREFIX = `relaytest:${randomBytes(6).toString("hex")}`;

async function keysUnder(redis: Redis): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${PREFIX}:*`, "COUNT", 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== "0");
  return found;
}

describe.skipIf(!hasRedis)("two relay nodes sharing Redis", () => {
  let a: RelayHandle;
  let b: RelayHandle;
  let hooks: WebhookReceiver;
  let redis: Redis;
  const children: ChildProcess[] = [];

  const node = (webhookUrl: string) =>
    startTestRelay({
      apps: [{ ...APP, webhookUrl }],
      adapter: new RedisAdapter({ url: REDIS_URL, prefix: PREFIX, heartbeatMs: 100, nodeTimeoutMs: 1000 }),
      webhooks: { batchMs: 10 },
    });

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    hooks = await new WebhookReceiver().start();
    [a, b] = await Promise.all([node(hooks.url), node(hooks.url)]);
  });

  afterAll(async () => {
    disconnectAll();
    for (const c of children) c.kill("SIGKILL");
    await Promise.allSettled([a?.close(), b?.close()]);
    await hooks?.close();
    const left = await keysUnder(redis);
    if (left.length > 0) await redis.del(...left);
    redis.disconnect();
  });

  it("delivers an event triggered on node A to subscribers on both nodes", async () => {
    const onA = client(a).subscribe("news");
    const onB = client(b).subscribe("news");
    await Promise.all([subscribed(onA), subscribed(onB)]);
    const [gotA, gotB] = [nextEvent(onA, "e"), nextEvent(onB, "e")];
    await serverSdk(a).trigger("news", "e", { from: "A" });
    expect((await gotA).data).toEqual({ from: "A" });
    expect((await gotB).data).toEqual({ from: "A" });
  });

  it("excludes a socket_id that lives on the other node", async () => {
    const pa = client(a);
    const pb = client(b);
    const [chA, chB] = [pa.subscribe("excl-x"), pb.subscribe("excl-x")];
    await Promise.all([subscribed(chA), subscribed(chB)]);
    const bSeen = collect(chB, "e");
    const aGot = nextEvent(chA, "e");
    await serverSdk(a).trigger("excl-x", "e", {}, { socket_id: await connected(pb) });
    await aGot;
    const marker = nextEvent(chB, "marker");
    await serverSdk(a).trigger("excl-x", "marker", {});
    await marker;
    expect(bSeen).toEqual([]);
  });

  it("carries client events across nodes without echo", async () => {
    const pa = client(a, { user: { id: "typist" } });
    const pb = client(b, { user: { id: "reader" } });
    const chA = pa.subscribe("presence-typing");
    const chB = pb.subscribe("presence-typing");
    await Promise.all([subscribed(chA), subscribed(chB)]);
    const echoed = collect(chA, "client-typing");
    const got = nextEvent(chB, "client-typing");
    chA.trigger("client-typing", { on: true });
    const { data, metadata } = await got;
    expect(data).toEqual({ on: true });
    expect(metadata.user_id).toBe("typist");
    const marker = nextEvent(chA, "marker");
    await serverSdk(b).trigger("presence-typing", "marker", {});
    await marker;
    expect(echoed).toEqual([]);
  });

  it("agrees on presence across nodes, one member per user however many nodes it is on", async () => {
    const channel = "presence-session-x";
    const join = async (relay: RelayHandle, id: string) => {
      const p = client(relay, { user: { id, info: { on: relay === a ? "A" : "B" } } });
      const ch = p.subscribe(channel) as PresenceChannel;
      return { p, ch, members: await subscribed<Members>(ch) };
    };
    const u1 = await join(a, "u1");
    const added = nextEvent<{ id: string }>(u1.ch, "pusher:member_added");
    const u2b = await join(b, "u2");
    expect((await added).data.id).toBe("u2");
    expect(u2b.members.count).toBe(2);

    const addedAgain = collect(u1.ch, "pusher:member_added");
    const removedEvents = collect(u1.ch, "pusher:member_removed");
    const u2a = await join(a, "u2");
    expect(u2a.members.count).toBe(2);

    for (const relay of [a, b]) {
      const sdk = serverSdk(relay);
      const info = await (await sdk.get({ path: `/channels/${channel}`, params: { info: "user_count,subscription_count" } })).json();
      expect(info).toEqual({ occupied: true, user_count: 2, subscription_count: 3 });
      const users = (await (await sdk.get({ path: `/channels/${channel}/users` })).json()) as { users: { id: string }[] };
      expect(users.users.map((u) => u.id).sort()).toEqual(["u1", "u2"]);
      const list = await (
        await sdk.get({ path: "/channels", params: { filter_by_prefix: "presence-session-", info: "user_count" } })
      ).json();
      expect(list).toEqual({ channels: { [channel]: { user_count: 2 } } });
    }

    // u2 leaves node B but is still on A: still a member.
    u2b.p.disconnect();
    const sdk = serverSdk(a);
    await waitFor(async () => {
      const info = (await (await sdk.get({ path: `/channels/${channel}`, params: { info: "subscription_count" } })).json()) as {
        subscription_count: number;
      };
      return info.subscription_count === 2;
    }, "B's socket to be gone");
    const marker = nextEvent(u1.ch, "marker");
    await sdk.trigger(channel, "marker", {});
    await marker;
    expect(removedEvents).toEqual([]);
    expect(addedAgain).toEqual([]);

    const removed = nextEvent<{ id: string }>(u1.ch, "pusher:member_removed");
    u2a.p.disconnect();
    expect((await removed).data.id).toBe("u2");
  });

  it("terminates a user's connections on the other node", async () => {
    const p = client(b, { signin: { id: "remote-user" } });
    await connected(p);
    const signedIn = new Promise<void>((resolve) =>
      p.connection.bind("message", (m: { event: string }) => m.event === "pusher:signin_success" && resolve()),
    );
    p.signin();
    await signedIn;
    await serverSdk(a).terminateUserConnections("remote-user");
    await waitFor(() => p.connection.state === "disconnected", "the remote user's connection to close");
  });

  it("sends channel_occupied and channel_vacated once for the cluster", async () => {
    const sdk = serverSdk(a);
    const pa = client(a);
    const pb = client(b);
    await subscribed(pa.subscribe("private-hooked"));
    await subscribed(pb.subscribe("private-hooked"));
    pa.disconnect();
    pb.disconnect();
    const ofChannel = (name: string) => hooks.events(sdk).filter((e) => e.channel === name);
    await waitFor(() => ofChannel("private-hooked").some((e) => e.name === "channel_vacated"), "vacated");
    // Each node sends its webhooks in order: once each node's later marker arrived, nothing
    // earlier from that node is still on its way.
    await subscribed(client(a).subscribe("marker-a"));
    await subscribed(client(b).subscribe("marker-b"));
    await waitFor(() => ofChannel("marker-a").length > 0 && ofChannel("marker-b").length > 0, "markers");
    expect(ofChannel("private-hooked").map((e) => e.name)).toEqual(["channel_occupied", "channel_vacated"]);
  });

  it("reaps a node killed without warning: its members leave and its channels vacate", async () => {
    const fixture = path.join(import.meta.dirname, "fixtures", "redis-node.ts");
    const child = spawn(process.execPath, ["--import", "tsx", fixture, REDIS_URL, PREFIX, hooks.url], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`node C exited early (${code})`)));
    });
    const c = { port: (JSON.parse(line) as { port: number }).port };

    const watcher = client(a, { user: { id: "watcher" } });
    const wch = watcher.subscribe("presence-crash") as PresenceChannel;
    await subscribed(wch);
    const ghostAdded = nextEvent<{ id: string }>(wch, "pusher:member_added");
    const ghost = client(c, { user: { id: "ghost" } });
    await Promise.all([subscribed(ghost.subscribe("presence-crash")), subscribed(ghost.subscribe("only-on-c"))]);
    expect((await ghostAdded).data.id).toBe("ghost");

    const ghostRemoved = nextEvent<{ id: string }>(wch, "pusher:member_removed");
    child.kill("SIGKILL");
    ghost.disconnect();
    expect((await ghostRemoved).data.id).toBe("ghost");

    const sdk = serverSdk(b);
    expect(await (await sdk.get({ path: "/channels/only-on-c" })).json()).toEqual({ occupied: false });
    const users = (await (await sdk.get({ path: "/channels/presence-crash/users" })).json()) as { users: { id: string }[] };
    expect(users.users.map((u) => u.id)).toEqual(["watcher"]);
    await waitFor(
      () =>
        hooks.events(sdk).some((e) => e.name === "channel_vacated" && e.channel === "only-on-c") &&
        hooks.events(sdk).some((e) => e.name === "member_removed" && e.user_id === "ghost"),
      "webhooks for the dead node's state",
    );
  });

  it("leaves no Redis keys behind once every node is closed", async () => {
    disconnectAll();
    await Promise.all([a.close(), b.close()]);
    expect(await keysUnder(redis)).toEqual([]);
  });
});

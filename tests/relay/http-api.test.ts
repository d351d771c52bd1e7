// The HTTP API through the `pusher` SDK (and hand-signed requests for what the SDK never sends).
import { createHash, createHmac } from "node:crypto";
import Pusher from "pusher";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RelayHandle } from "../../relay/server";
import { APP, client, connected, disconnectAll, nextEvent, raw, serverSdk, startTestRelay, subscribed, waitFor } from "./helpers";

let relay: RelayHandle;
let sdk: Pusher;
beforeAll(async () => {
  relay = await startTestRelay();
  sdk = serverSdk(relay);
});
afterEach(() => disconnectAll());
afterAll(async () => {
  await relay.close();
});

/** The SDK's RequestError carries status and body; anything else is a test failure. */
async function failure(p: Promise<unknown>): Promise<{ status: number; body: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof Pusher.RequestError) return { status: err.status ?? 0, body: err.body ?? "" };
    throw err;
  }
  throw new Error("request unexpectedly succeeded");
}

/** sdk.post with a raw body object: the SDK JSON-encodes `body` although its types say string. */
function post(path: string, body: unknown) {
  return sdk.post({ path, body: body as string });
}

/** A request signed by hand, to vary what the SDK always gets right. */
function signed(method: string, path: string, body: string, params: Record<string, string | number>, secret = APP.secret) {
  const all: Record<string, string | number> = {
    auth_key: APP.key,
    auth_timestamp: Math.floor(Date.now() / 1000),
    auth_version: "1.0",
    ...params,
  };
  if (body && all.body_md5 === undefined) all.body_md5 = createHash("md5").update(body).digest("hex");
  const qs = Object.entries(all)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const signature = createHmac("sha256", secret).update(`${method}\n${path}\n${qs}`).digest("hex");
  return fetch(`${relay.url}${path}?${qs}&auth_signature=${signature}`, {
    method,
    body: body || undefined,
    headers: body ? { "content-type": "application/json" } : {},
  });
}

describe("triggering", () => {
  it("triggers to several channels at once and answers {}", async () => {
    const p = client(relay);
    const [a, b] = [p.subscribe("multi-a"), p.subscribe("multi-b")];
    await Promise.all([subscribed(a), subscribed(b)]);
    const [gotA, gotB] = [nextEvent(a, "e"), nextEvent(b, "e")];
    const res = await sdk.trigger(["multi-a", "multi-b"], "e", { x: 1 });
    expect(await res.json()).toEqual({});
    expect((await gotA).data).toEqual({ x: 1 });
    expect((await gotB).data).toEqual({ x: 1 });
  });

  it("triggers a batch in order, with info when asked", async () => {
    const p = client(relay);
    const ch = p.subscribe("batchy");
    await subscribed(ch);
    const seen: number[] = [];
    const all = new Promise<void>((resolve) =>
      ch.bind("n", (d: { i: number }) => {
        seen.push(d.i);
        if (seen.length === 10) resolve();
      }),
    );
    const batch = Array.from({ length: 10 }, (_, i) => ({ channel: "batchy", name: "n", data: { i } }));
    batch[0] = { ...batch[0]!, info: "subscription_count" } as (typeof batch)[number];
    const res = await sdk.triggerBatch(batch);
    await all;
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const body = (await res.json()) as { batch: Record<string, number>[] };
    expect(body.batch[0]).toEqual({ subscription_count: 1 });
  });

  it("returns channel attributes from a trigger with info", async () => {
    const p = client(relay, { user: { id: "i1" } });
    await subscribed(p.subscribe("presence-info"));
    const res = await sdk.trigger("presence-info", "e", {}, { info: "user_count,subscription_count" });
    expect(await res.json()).toEqual({ channels: { "presence-info": { user_count: 1, subscription_count: 1 } } });
  });

  it("excludes the socket_id given", async () => {
    const a = client(relay);
    const b = client(relay);
    const [chA, chB] = [a.subscribe("excl"), b.subscribe("excl")];
    await Promise.all([subscribed(chA), subscribed(chB)]);
    let aGot = 0;
    chA.bind("e", () => aGot++);
    const bGot = nextEvent(chB, "e");
    await sdk.trigger("excl", "e", {}, { socket_id: await connected(a) });
    await bGot;
    const marker = nextEvent(chA, "marker");
    await sdk.trigger("excl", "marker", {});
    await marker;
    expect(aGot).toBe(0);
  });
});

describe("limits", () => {
  it("answers 413 for data over 10 KB and 400 for too many channels or events", async () => {
    expect(await failure(sdk.trigger("big", "e", "x".repeat(10 * 1024 + 1)))).toMatchObject({ status: 413 });
    const channels = Array.from({ length: 101 }, (_, i) => `c${i}`);
    // The SDK refuses >100 channels itself; post the body directly to see the relay refuse it.
    expect(await failure(post("/events", { name: "e", data: "{}", channels }))).toMatchObject({ status: 400 });
    const batch = Array.from({ length: 11 }, () => ({ channel: "c", name: "e", data: "{}" }));
    expect(await failure(post("/batch_events", { batch }))).toMatchObject({ status: 400 });
  });

  it("answers 413 for a body over the request limit", async () => {
    const res = await signed(
      "POST",
      `/apps/${APP.id}/events`,
      JSON.stringify({ name: "e", data: "x".repeat(300 * 1024), channel: "c" }),
      {},
    );
    expect(res.status).toBe(413);
  });

  it("answers 400 for invalid events", async () => {
    for (const body of [
      { name: "e", data: { not: "a string" }, channel: "c" },
      { name: "", data: "{}", channel: "c" },
      { name: "e", data: "{}", channel: "bad name" },
      { name: "e", data: "{}", channels: ["private-encrypted-a", "b"] },
      { name: "e", data: "{}", channel: "c", socket_id: "nope" },
    ]) {
      expect(await failure(post("/events", body))).toMatchObject({ status: 400 });
    }
  });
});

describe("authentication", () => {
  it("answers 401 to a wrong secret, an unknown key, a stale timestamp or a tampered body", async () => {
    expect(await failure(serverSdk(relay, "not-the-secret-123456").trigger("c", "e", {}))).toMatchObject({ status: 401 });
    expect(await failure(serverSdk(relay, APP.secret, "other-key").trigger("c", "e", {}))).toMatchObject({ status: 401 });
    const body = JSON.stringify({ name: "e", data: "{}", channel: "c" });
    const stale = await signed("POST", `/apps/${APP.id}/events`, body, { auth_timestamp: Math.floor(Date.now() / 1000) - 601 });
    expect(stale.status).toBe(401);
    expect(await stale.text()).toMatch(/Timestamp expired/);
    const tampered = await signed("POST", `/apps/${APP.id}/events`, body, { body_md5: createHash("md5").update("other").digest("hex") });
    expect(tampered.status).toBe(401);
    const ok = await signed("POST", `/apps/${APP.id}/events`, body, {});
    expect(ok.status).toBe(200);
    const unsigned = await fetch(`${relay.url}/apps/${APP.id}/channels`);
    expect(unsigned.status).toBe(401);
  });

  it("answers 404 for an unknown app or path", async () => {
    expect((await fetch(`${relay.url}/apps/nope/channels`)).status).toBe(404);
    expect((await signed("GET", `/apps/${APP.id}/nothing`, "", {})).status).toBe(404);
  });
});

describe("channel queries", () => {
  it("lists occupied channels by prefix with user counts for presence", async () => {
    const p = client(relay, { user: { id: "q1" } });
    await Promise.all([
      subscribed(p.subscribe("presence-q-1")),
      subscribed(p.subscribe("presence-q-2")),
      subscribed(p.subscribe("q-public")),
    ]);
    const all = (await (await sdk.get({ path: "/channels" })).json()) as { channels: Record<string, unknown> };
    expect(all.channels).toMatchObject({ "presence-q-1": {}, "presence-q-2": {}, "q-public": {} });
    const presence = await (await sdk.get({ path: "/channels", params: { filter_by_prefix: "presence-q-", info: "user_count" } })).json();
    expect(presence).toEqual({ channels: { "presence-q-1": { user_count: 1 }, "presence-q-2": { user_count: 1 } } });
    expect(await failure(sdk.get({ path: "/channels", params: { info: "user_count" } }))).toMatchObject({ status: 400 });
  });

  it("reports one channel's state and refuses user_count or users for non-presence channels", async () => {
    const idle = await (await sdk.get({ path: "/channels/empty-one", params: { info: "subscription_count" } })).json();
    expect(idle).toEqual({ occupied: false, subscription_count: 0 });
    expect(await failure(sdk.get({ path: "/channels/public-one", params: { info: "user_count" } }))).toMatchObject({ status: 400 });
    expect(await failure(sdk.get({ path: "/channels/public-one/users" }))).toMatchObject({ status: 400 });
  });
});

describe("users", () => {
  it("terminates a signed-in user's connections with 4009, and pusher-js stays down", async () => {
    const p = client(relay, { signin: { id: "kick-me" } });
    const other = client(relay, { signin: { id: "stay" } });
    await Promise.all([connected(p), connected(other)]);
    const signedIn = (c: typeof p) =>
      new Promise<void>((resolve) =>
        c.connection.bind("message", (m: { event: string }) => m.event === "pusher:signin_success" && resolve()),
      );
    const ready = Promise.all([signedIn(p), signedIn(other)]);
    p.signin();
    other.signin();
    await ready;
    type CloseError = { data?: { code?: number }; error?: { data?: { code?: number } } };
    const closed = new Promise<number>((resolve) =>
      p.connection.bind("error", (e: CloseError) => {
        const code = e.data?.code ?? e.error?.data?.code;
        if (code) resolve(code);
      }),
    );
    const res = await sdk.terminateUserConnections("kick-me");
    expect(await res.json()).toEqual({});
    expect(await closed).toBe(4009);
    // 4000-4099 means "do not reconnect": pusher-js settles in disconnected.
    await waitFor(() => p.connection.state === "disconnected", "pusher-js to give up");
    expect(other.connection.state).toBe("connected");
  });

  it("refuses a signin with a bad signature", async () => {
    const r = raw(relay);
    const socketId = await r.socketId();
    const auth = serverSdk(relay, "wrong-secret-0123456789").authenticateUser(socketId, { id: "x" });
    r.send({ event: "pusher:signin", data: auth });
    expect((await r.event("pusher:error")).data).toMatchObject({ code: 4009 });
    r.close();
  });
});

// Connection and subscription conformance with the official SDKs: pusher-js in Node as the client,
// the `pusher` SDK as the app server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RelayHandle } from "../../relay/server";
import {
  APP,
  DEFAULT_PATH,
  client,
  collect,
  connected,
  disconnectAll,
  nextError,
  nextEvent,
  raw,
  serverSdk,
  startTestRelay,
  subscribed,
  subscriptionError,
  waitFor,
} from "./helpers";

let relay: RelayHandle;
beforeAll(async () => {
  relay = await startTestRelay();
});
afterEach(() => disconnectAll());
afterAll(async () => {
  await relay.close();
});

describe("connection", () => {
  it("establishes with a socket_id of the form N.N and the activity timeout", async () => {
    const r = raw(relay);
    const m = await r.event("pusher:connection_established");
    expect(m.data).toMatchObject({ activity_timeout: 120 });
    expect((m.data as { socket_id: string }).socket_id).toMatch(/^\d+\.\d+$/);
    r.close();
    const p = client(relay);
    expect(await connected(p)).toMatch(/^\d+\.\d+$/);
  });

  it.each([
    ["an unknown app key", "/app/nope?protocol=7", 4001],
    ["a path other than /app/{key}", "/socket?protocol=7", 4005],
    ["an unsupported protocol version", `/app/${APP.key}?protocol=3`, 4007],
    ["no protocol version", `/app/${APP.key}`, 4008],
  ])("refuses %s with pusher:error and close code", async (_what, path, code) => {
    const r = raw(relay, path);
    const err = await r.event("pusher:error");
    expect((err.data as { code: number }).code).toBe(code);
    expect((await r.closed).code).toBe(code);
  });

  it("answers pusher:ping with pusher:pong", async () => {
    const r = raw(relay);
    await r.socketId();
    r.send({ event: "pusher:ping", data: {} });
    await r.event("pusher:pong");
    r.close();
  });

  it("serves /healthz and /metrics", async () => {
    const health = await fetch(`${relay.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    for (const name of [
      "relay_connections",
      "relay_channels",
      "relay_messages_in_total",
      "relay_messages_out_total",
      "relay_deliveries_total",
      "process_resident_memory_bytes",
    ]) {
      expect(metrics).toMatch(new RegExp(`^${name}\\{node="[^"]+"\\} \\d+$`, "m"));
    }
  });
});

describe("channels", () => {
  it("delivers a triggered event on a public channel", async () => {
    const p = client(relay);
    const ch = p.subscribe("news");
    await subscribed(ch);
    const got = nextEvent(ch, "story");
    await serverSdk(relay).trigger("news", "story", { title: "hello" });
    expect((await got).data).toEqual({ title: "hello" });
  });

  it("delivers on a private channel authorized by the SDK's signature", async () => {
    const p = client(relay);
    const ch = p.subscribe("private-org-1-staff");
    await subscribed(ch);
    const got = nextEvent(ch, "queue-changed");
    await serverSdk(relay).trigger("private-org-1-staff", "queue-changed", { waiting: 3 });
    expect((await got).data).toEqual({ waiting: 3 });
  });

  it("refuses a private or presence subscription with a bad signature", async () => {
    const p = client(relay, { badAuth: true, user: { id: "u1" } });
    await connected(p);
    const error = nextError(p);
    const refused = subscriptionError(p.subscribe("private-secret"));
    expect((await error).code).toBe(4009);
    expect(await refused).toMatchObject({ type: "AuthError", status: 401 });
    const presenceRefused = subscriptionError(p.subscribe("presence-secret"));
    expect(await presenceRefused).toMatchObject({ type: "AuthError" });
    const info = await serverSdk(relay).get({ path: "/channels/private-secret", params: { info: "subscription_count" } });
    expect(await info.json()).toEqual({ occupied: false, subscription_count: 0 });
  });

  it("refuses a signature made for another socket", async () => {
    const a = raw(relay);
    const b = raw(relay);
    const sdk = serverSdk(relay);
    const stolen = sdk.authorizeChannel(await a.socketId(), "private-x");
    await b.socketId();
    b.send({ event: "pusher:subscribe", data: { channel: "private-x", ...stolen } });
    expect((await b.event("pusher:error")).data).toMatchObject({ code: 4009 });
    a.close();
    b.close();
  });

  it("delivers end-to-end encrypted events on private-encrypted- channels", async () => {
    const p = client(relay);
    const ch = p.subscribe("private-encrypted-notes");
    await subscribed(ch);
    const got = nextEvent(ch, "note");
    await serverSdk(relay).trigger("private-encrypted-notes", "note", { text: "secret" });
    expect((await got).data).toEqual({ text: "secret" });
  });

  it("unsubscribes", async () => {
    const p = client(relay);
    const ch = p.subscribe("temp");
    await subscribed(ch);
    const sdk = serverSdk(relay);
    const count = async () =>
      ((await (await sdk.get({ path: "/channels/temp", params: { info: "subscription_count" } })).json()) as { subscription_count: number })
        .subscription_count;
    expect(await count()).toBe(1);
    p.unsubscribe("temp");
    await waitFor(async () => (await count()) === 0, "unsubscribe");
  });

  it("refuses invalid channel names", async () => {
    const r = raw(relay);
    await r.socketId();
    r.send({ event: "pusher:subscribe", data: { channel: "bad channel!" } });
    expect((await r.event("pusher:error")).data).toMatchObject({ code: 4300 });
    r.send({ event: "pusher:subscribe", data: { channel: "x".repeat(201) } });
    await r.sync();
    expect(r.messages.filter((m) => m.event === "pusher:error")).toHaveLength(2);
    r.close();
  });

  it("lets a signed-in user receive events sent to the user", async () => {
    const p = client(relay, { signin: { id: "agent-7", user_info: { name: "Ann" } } });
    await connected(p);
    const signedIn = new Promise<void>((resolve) =>
      p.connection.bind("message", (m: { event: string }) => m.event === "pusher:signin_success" && resolve()),
    );
    p.signin();
    await signedIn;
    // pusher-js subscribes to #server-to-user-{id} right after signin_success.
    const sdk = serverSdk(relay);
    const got = new Promise<unknown>((resolve) => p.user.bind("offer", resolve));
    await waitFor(async () => {
      await sdk.sendToUser("agent-7", "offer", { entry: 1 });
      return Promise.race([got.then(() => true), new Promise((r) => setTimeout(() => r(false), 100))]);
    }, "user event");
    expect(await got).toEqual({ entry: 1 });
  });

  it("refuses #server-to-user- for anyone but that user", async () => {
    const r = raw(relay);
    await r.socketId();
    r.send({ event: "pusher:subscribe", data: { channel: "#server-to-user-someone" } });
    expect((await r.event("pusher:error")).data).toMatchObject({ code: 4009 });
    r.close();
  });
});

describe("activity", () => {
  it("pings an idle client, keeps pusher-js (which answers) and closes a silent socket with 4201", async () => {
    const fast = await startTestRelay({ activityTimeoutSec: 0.3, pongTimeoutSec: 0.3 });
    try {
      const p = client(fast);
      await connected(p);
      // A client that ignores pusher:ping and does not answer protocol pings either.
      const silent = raw(fast, DEFAULT_PATH, { autoPong: false });
      await silent.socketId();
      await silent.event("pusher:ping");
      expect((await silent.closed).code).toBe(4201);
      expect(fast.metrics().pongTimeouts).toBeGreaterThanOrEqual(1);
      expect(p.connection.state).toBe("connected");
      await waitFor(() => fast.metrics().connections === 1, "the silent socket to be gone");
    } finally {
      disconnectAll();
      await fast.close();
    }
  });
});

describe("malformed input", () => {
  it("answers garbage with pusher:error and closes only an oversized socket, others unharmed", async () => {
    const bystander = client(relay);
    const ch = bystander.subscribe("calm");
    await subscribed(ch);
    const bad = raw(relay);
    await bad.socketId();
    bad.send("{not json");
    bad.send(JSON.stringify([1, 2]));
    bad.send({ event: "pusher:unknown", data: {} });
    bad.send({ event: "whatever", data: {} });
    bad.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    bad.send({ event: "pusher:subscribe", data: "not json either" });
    await bad.sync();
    const errors = bad.messages.filter((m) => m.event === "pusher:error");
    expect(errors).toHaveLength(6);
    expect(errors.every((e) => (e.data as { code: number }).code === 4300)).toBe(true);

    bad.send("x".repeat(70 * 1024));
    expect((await bad.closed).code).toBe(1009);

    const got = nextEvent(ch, "still-here");
    await serverSdk(relay).trigger("calm", "still-here", { ok: true });
    expect((await got).data).toEqual({ ok: true });
    expect(bystander.connection.state).toBe("connected");
  });

  it("uses the pre-framed fast path for every write", async () => {
    const p = client(relay);
    const ch = p.subscribe("fast-path");
    await subscribed(ch);
    const got = nextEvent(ch, "e");
    await serverSdk(relay).trigger("fast-path", "e", {});
    await got;
    expect(relay.metrics().deliveries).toBeGreaterThan(0);
    expect(relay.metrics().slowPathWrites).toBe(0);
  });
});

describe("events are not echoed", () => {
  it("excludes nobody by default and the given socket_id when asked", async () => {
    const a = client(relay);
    const b = client(relay);
    const [chA, chB] = [a.subscribe("room"), b.subscribe("room")];
    await Promise.all([subscribed(chA), subscribed(chB)]);
    const aSeen = collect(chA, "msg");
    const bGot = nextEvent(chB, "msg");
    await serverSdk(relay).trigger("room", "msg", { n: 1 }, { socket_id: a.connection.socket_id });
    expect((await bGot).data).toEqual({ n: 1 });
    // A marker after it: by the time A has it, A would have had the excluded one.
    const marker = nextEvent(chA, "marker");
    await serverSdk(relay).trigger("room", "marker", {});
    await marker;
    expect(aSeen).toEqual([]);
  });
});

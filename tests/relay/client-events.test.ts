// client-* events: only on private/presence channels the sender joined, never echoed, user_id on
// presence, rate-limited per connection.
import type { PresenceChannel } from "pusher-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RelayHandle } from "../../relay/server";
import {
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

describe("client events", () => {
  it("reach the other subscribers of a private channel, not the sender", async () => {
    const a = client(relay);
    const b = client(relay);
    const [chA, chB] = [a.subscribe("private-chat"), b.subscribe("private-chat")];
    await Promise.all([subscribed(chA), subscribed(chB)]);
    const echoed = collect(chA, "client-typing");
    const got = nextEvent(chB, "client-typing");
    chA.trigger("client-typing", { typing: true });
    expect((await got).data).toEqual({ typing: true });
    const marker = nextEvent(chA, "marker");
    await serverSdk(relay).trigger("private-chat", "marker", {});
    await marker;
    expect(echoed).toEqual([]);
  });

  it("carry the sender's user_id on presence channels", async () => {
    const a = client(relay, { user: { id: "agent-1" } });
    const b = client(relay, { user: { id: "visitor-9" } });
    const chA = a.subscribe("presence-room") as PresenceChannel;
    const chB = b.subscribe("presence-room") as PresenceChannel;
    await Promise.all([subscribed(chA), subscribed(chB)]);
    const got = nextEvent(chB, "client-typing");
    chA.trigger("client-typing", { on: 1 });
    const { data, metadata } = await got;
    expect(data).toEqual({ on: 1 });
    expect(metadata.user_id).toBe("agent-1");
  });

  it("are refused on public channels, on channels not joined, and on encrypted channels", async () => {
    const p = client(relay);
    const pub = p.subscribe("lobby");
    await subscribed(pub);
    let err = nextError(p);
    pub.trigger("client-x", {});
    expect((await err).code).toBe(4009);

    const r = raw(relay);
    await r.socketId();
    r.send({ event: "client-x", channel: "private-never-joined", data: {} });
    expect((await r.event("pusher:error")).data).toMatchObject({ code: 4009 });
    const enc = await r.subscribe("private-encrypted-x", serverSdk(relay));
    expect(enc.event).toBe("pusher_internal:subscription_succeeded");
    const before = r.messages.length;
    r.send({ event: "client-x", channel: "private-encrypted-x", data: {} });
    expect((await r.next((m) => m.event === "pusher:error", before)).data).toMatchObject({ code: 4009 });
    r.close();

    await connected(p);
    err = nextError(p);
    p.send_event("client-x", "x".repeat(11 * 1024), "private-big");
    expect((await err).code).toBe(4009);
  });

  it("are rate-limited per connection with 4301, the excess dropped", async () => {
    const sdk = serverSdk(relay);
    const sender = raw(relay);
    const receiver = raw(relay);
    expect((await sender.subscribe("private-burst", sdk)).event).toBe("pusher_internal:subscription_succeeded");
    expect((await receiver.subscribe("private-burst", sdk)).event).toBe("pusher_internal:subscription_succeeded");
    for (let i = 0; i < 30; i++) sender.send({ event: "client-n", channel: "private-burst", data: { i } });
    await sender.sync();
    const limited = sender.messages.filter((m) => m.event === "pusher:error" && (m.data as { code: number }).code === 4301);
    expect(limited.length).toBeGreaterThanOrEqual(15);
    const accepted = 30 - limited.length;
    await waitFor(() => receiver.messages.filter((m) => m.event === "client-n").length === accepted, "accepted client events");
    expect(relay.metrics().clientEventsRateLimited).toBeGreaterThanOrEqual(limited.length);
    sender.close();
    receiver.close();
  });

  it("refuse data over the 10 KB limit", async () => {
    const r = raw(relay);
    await r.subscribe("private-size", serverSdk(relay));
    const before = r.messages.length;
    r.send({ event: "client-big", channel: "private-size", data: "x".repeat(10 * 1024 + 1) });
    expect((await r.next((m) => m.event === "pusher:error", before)).data).toMatchObject({ code: 4300 });
    r.close();
  });
});

// Webhooks as the app receives them, verified with the `pusher` SDK's own webhook check.
import { afterEach, describe, expect, it } from "vitest";
import type { RelayHandle, RelayOptions } from "../../relay/server";
import { APP, client, disconnectAll, nextEvent, serverSdk, startTestRelay, subscribed, waitFor, WebhookReceiver } from "./helpers";

let relay: RelayHandle | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  disconnectAll();
  await relay?.close();
  await receiver?.close();
  relay = receiver = undefined;
});

async function setup(webhooks: RelayOptions["webhooks"], app: { clientEventWebhooks?: boolean } = {}) {
  receiver = await new WebhookReceiver().start();
  relay = await startTestRelay({ apps: [{ ...APP, ...app, webhookUrl: receiver.url }], webhooks });
  return { relay, receiver, sdk: serverSdk(relay) };
}

describe("webhooks", () => {
  it("reports occupied, member_added, member_removed and vacated, signed and batched", async () => {
    const { relay: r, receiver: hooks, sdk } = await setup({ batchMs: 20 });
    const a = client(r, { user: { id: "ann" } });
    const b = client(r, { user: { id: "bob" } });
    const chA = a.subscribe("presence-hooks");
    await subscribed(chA);
    await subscribed(b.subscribe("presence-hooks"));
    await waitFor(() => hooks.events(sdk).length >= 3, "join webhooks");
    const removed = nextEvent(chA, "pusher:member_removed");
    b.disconnect();
    await removed;
    a.disconnect();
    await waitFor(() => hooks.events(sdk).length === 6, "all six events");
    expect(hooks.events(sdk)).toEqual([
      { name: "channel_occupied", channel: "presence-hooks" },
      { name: "member_added", channel: "presence-hooks", user_id: "ann" },
      { name: "member_added", channel: "presence-hooks", user_id: "bob" },
      { name: "member_removed", channel: "presence-hooks", user_id: "bob" },
      { name: "member_removed", channel: "presence-hooks", user_id: "ann" },
      { name: "channel_vacated", channel: "presence-hooks" },
    ]);
    const first = hooks.received[0]!;
    expect(first.headers["x-pusher-key"]).toBe(APP.key);
    expect(first.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(first.rawBody)).toHaveProperty("time_ms");
    // Batching: the join's occupied + member_added went out together.
    expect(hooks.received.length).toBeLessThan(6);
  });

  it("sends member_removed only when a user's last connection leaves (Pusher's semantics: tabs are one member)", async () => {
    const { relay: r, receiver: hooks, sdk } = await setup({ batchMs: 5 });
    const tab1 = client(r, { user: { id: "ann" } });
    const tab2 = client(r, { user: { id: "ann" } });
    const watcher = client(r, { user: { id: "bob" } });
    await subscribed(watcher.subscribe("presence-tabs"));
    await subscribed(tab1.subscribe("presence-tabs"));
    await subscribed(tab2.subscribe("presence-tabs"));
    const memberEvents = () => hooks.events(sdk).filter((e) => e.name === "member_added" || e.name === "member_removed");
    await waitFor(() => memberEvents().length === 2, "bob and ann added");
    tab1.disconnect();
    // A marker after the first tab's close: webhooks arrive in order, so anything it caused is in by then.
    const marker = client(r, { user: { id: "cid" } });
    await subscribed(marker.subscribe("presence-tabs"));
    await waitFor(() => memberEvents().some((e) => e.user_id === "cid"), "the marker's member_added");
    expect(memberEvents().filter((e) => e.user_id === "ann")).toEqual([{ name: "member_added", channel: "presence-tabs", user_id: "ann" }]);
    tab2.disconnect();
    await waitFor(() => memberEvents().some((e) => e.name === "member_removed" && e.user_id === "ann"), "ann removed");
    expect(memberEvents().filter((e) => e.user_id === "ann")).toEqual([
      { name: "member_added", channel: "presence-tabs", user_id: "ann" },
      { name: "member_removed", channel: "presence-tabs", user_id: "ann" },
    ]);
  });

  it("rejects a tampered webhook under the SDK's check", async () => {
    const { relay: r, receiver: hooks, sdk } = await setup({ batchMs: 5 });
    const p = client(r);
    await subscribed(p.subscribe("tamper"));
    await waitFor(() => hooks.received.length >= 1, "a webhook");
    const w = hooks.received[0]!;
    expect(sdk.webhook({ headers: w.headers, rawBody: w.rawBody }).isValid()).toBe(true);
    expect(sdk.webhook({ headers: w.headers, rawBody: w.rawBody.replace("tamper", "tamped") }).isValid()).toBe(false);
  });

  it("retries a failing endpoint with backoff, in order, without holding up messages", async () => {
    const { relay: r, receiver: hooks, sdk } = await setup({ batchMs: 5, retryBaseMs: 20 });
    hooks.statuses = [500, 503];
    const p = client(r);
    const ch = p.subscribe("retry-me");
    await subscribed(ch);
    // Delivery goes on while webhooks are failing.
    const got = nextEvent(ch, "e");
    await sdk.trigger("retry-me", "e", { during: "retries" });
    expect((await got).data).toEqual({ during: "retries" });
    await waitFor(() => hooks.events(sdk).length === 1, "webhook after retries");
    expect(hooks.events(sdk)).toEqual([{ name: "channel_occupied", channel: "retry-me" }]);
    expect(r.metrics().webhookAttemptsFailed).toBe(2);
  });

  it("gives up after the attempt limit and counts the dropped events", async () => {
    const { relay: r, receiver: hooks } = await setup({ batchMs: 5, retryBaseMs: 10, maxAttempts: 3 });
    hooks.statuses = [500, 500, 500, 500];
    const p = client(r);
    await subscribed(p.subscribe("doomed"));
    await waitFor(() => r.metrics().webhookEventsDropped === 1, "drop after 3 attempts");
    expect(r.metrics().webhookAttemptsFailed).toBe(3);
    expect(hooks.received).toHaveLength(0);
  });

  it("sends client_event webhooks only when the app asks for them, with the presence member's user_id", async () => {
    const { relay: r, receiver: hooks, sdk } = await setup({ batchMs: 5 }, { clientEventWebhooks: true });
    const a = client(r, { user: { id: "ann" } });
    const b = client(r, { user: { id: "bob" } });
    const chA = a.subscribe("presence-typing");
    await subscribed(chA);
    const chB = b.subscribe("presence-typing");
    await subscribed(chB);
    const got = nextEvent(chB, "client-typing");
    chA.trigger("client-typing", { typing: true, text: "hel" });
    await got;
    await waitFor(() => hooks.events(sdk).some((e) => e.name === "client_event"), "client_event webhook");
    const hook = hooks.events(sdk).find((e) => e.name === "client_event") as unknown as Record<string, unknown>;
    expect(hook).toMatchObject({ name: "client_event", channel: "presence-typing", event: "client-typing", user_id: "ann" });
    expect(JSON.parse(hook.data as string)).toEqual({ typing: true, text: "hel" });
    expect(typeof hook.socket_id).toBe("string");
  });

  it("sends no client_event webhook by default (Pusher's default)", async () => {
    const { relay: r, receiver: hooks, sdk } = await setup({ batchMs: 5 });
    const a = client(r, { user: { id: "ann" } });
    const b = client(r, { user: { id: "bob" } });
    const chA = a.subscribe("presence-quiet");
    await subscribed(chA);
    const chB = b.subscribe("presence-quiet");
    await subscribed(chB);
    const got = nextEvent(chB, "client-typing");
    chA.trigger("client-typing", { typing: true });
    await got;
    // A later, ordinary webhook proves the queue drained past the client event.
    b.disconnect();
    await waitFor(() => hooks.events(sdk).some((e) => e.name === "member_removed"), "member_removed");
    expect(hooks.events(sdk).filter((e) => e.name === "client_event")).toEqual([]);
  });
});

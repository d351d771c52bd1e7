// Presence with pusher-js: one member per user_id however many connections, member events to the
// others, and the limits on members and user_info.
import type { Members, PresenceChannel } from "pusher-js";
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
  subscriptionError,
} from "./helpers";

let relay: RelayHandle;
beforeAll(async () => {
  relay = await startTestRelay({ limits: { maxPresenceMembers: 3 } });
});
afterEach(() => disconnectAll());
afterAll(async () => {
  await relay.close();
});

const ids = (m: Members) => {
  const out: string[] = [];
  m.each((member: { id: string }) => out.push(member.id));
  return out.sort();
};

async function join(channel: string, userId: string, info?: Record<string, unknown>) {
  const p = client(relay, { user: { id: userId, info } });
  const ch = p.subscribe(channel) as PresenceChannel;
  const members = await subscribed<Members>(ch);
  return { p, ch, members };
}

describe("presence", () => {
  it("sends the member list on join and member_added/member_removed to the others", async () => {
    const sdk = serverSdk(relay);
    const a = await join("presence-session-1", "u1", { name: "Ann" });
    expect(a.members.count).toBe(1);
    expect(a.members.me).toEqual({ id: "u1", info: { name: "Ann" } });

    const added = nextEvent<{ id: string; info: unknown }>(a.ch, "pusher:member_added");
    const b = await join("presence-session-1", "u2", { name: "Bob" });
    expect(ids(b.members)).toEqual(["u1", "u2"]);
    expect(b.members.get("u1")).toEqual({ id: "u1", info: { name: "Ann" } });
    expect((await added).data).toEqual({ id: "u2", info: { name: "Bob" } });

    const users = await (await sdk.get({ path: "/channels/presence-session-1/users" })).json();
    expect(users).toEqual({ users: expect.arrayContaining([{ id: "u1" }, { id: "u2" }]) as unknown });

    const removed = nextEvent<{ id: string }>(a.ch, "pusher:member_removed");
    b.p.disconnect();
    expect((await removed).data).toMatchObject({ id: "u2" });
    expect(a.members.count).toBe(1);
  });

  it("counts a user with two connections once, and removes it only when both are gone", async () => {
    const sdk = serverSdk(relay);
    const watcher = await join("presence-session-2", "watcher");
    const addedEvents = collect<{ id: string }>(watcher.ch, "pusher:member_added");
    const removedEvents = collect<{ id: string }>(watcher.ch, "pusher:member_removed");

    const tab1 = await join("presence-session-2", "u7", { tab: 1 });
    const tab2 = await join("presence-session-2", "u7", { tab: 2 });
    expect(tab2.members.count).toBe(2);
    expect(ids(tab2.members)).toEqual(["u7", "watcher"]);

    const info = await (await sdk.get({ path: "/channels/presence-session-2", params: { info: "user_count,subscription_count" } })).json();
    expect(info).toEqual({ occupied: true, user_count: 2, subscription_count: 3 });

    tab1.p.disconnect();
    // Closing one tab must not remove the user: a server event after it proves nothing came first.
    const marker = nextEvent(watcher.ch, "marker");
    await waitUntilSubscriptions(sdk, "presence-session-2", 2);
    await sdk.trigger("presence-session-2", "marker", {});
    await marker;
    expect(removedEvents).toEqual([]);

    const removed = nextEvent<{ id: string }>(watcher.ch, "pusher:member_removed");
    tab2.p.disconnect();
    expect((await removed).data).toMatchObject({ id: "u7" });
    expect(addedEvents.map((m) => m.id)).toEqual(["u7"]);
  });

  it("refuses a member beyond the limit with 4100, not an extra connection of a present user", async () => {
    const channel = "presence-full";
    await join(channel, "a");
    await join(channel, "b");
    await join(channel, "c");
    await join(channel, "c");
    const p = client(relay, { user: { id: "d" } });
    await connected(p);
    const error = nextError(p);
    const refused = subscriptionError(p.subscribe(channel));
    expect((await error).code).toBe(4100);
    expect(await refused).toMatchObject({ type: "LimitReached" });
  });

  it("refuses user_info over 1 KB and channel_data without a user_id", async () => {
    const big = client(relay, { user: { id: "big", info: { bio: "x".repeat(1100) } } });
    await connected(big);
    expect(await subscriptionError(big.subscribe("presence-limits"))).toMatchObject({
      error: expect.stringContaining("user_info") as unknown,
    });

    const r = raw(relay);
    const reply = await r.subscribe("presence-limits", serverSdk(relay), { no_user: true } as unknown as { user_id: string });
    expect(reply.event).toBe("pusher:subscription_error");
    r.close();
  });

  it("accepts numeric user ids as strings", async () => {
    const { members } = await join("presence-numeric", 42 as unknown as string);
    expect(ids(members)).toEqual(["42"]);
    expect(members.me).not.toBeNull();
  });
});

async function waitUntilSubscriptions(sdk: ReturnType<typeof serverSdk>, channel: string, n: number) {
  for (;;) {
    const res = (await (await sdk.get({ path: `/channels/${channel}`, params: { info: "subscription_count" } })).json()) as {
      subscription_count: number;
    };
    if (res.subscription_count === n) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

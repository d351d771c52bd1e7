// Publishing after commit never holds the caller: messages are queued and sent in batches, a
// channel's in order, and a message the relay refuses is given up without failing anything else
// (subscribers that miss one fill the gap from the archive: docs/performance.md). Real relay.
import { afterEach, describe, expect, it } from "vitest";
import { drainPublishes, publishAfterCommit } from "../../server/realtime/outbox";
import { collect, connect, disconnectAll, subscribed } from "../helpers/realtime";

afterEach(disconnectAll);

const channel = () => `test-outbox-${Math.random().toString(36).slice(2, 10)}`;
// Public channels: no authorisation involved.
const caller = { visitorCookieId: "outbox-test-cookie-0001" };

async function listener(name: string) {
  const p = connect(caller);
  return collect<{ n: number }>(await subscribed(p, name), "test.outbox");
}

describe("publishAfterCommit", () => {
  it("returns before the relay is asked; drainPublishes waits until it was", async () => {
    const name = channel();
    const got = await listener(name);
    // Returned within this turn of the event loop: a publish that waited for the relay's answer
    // (an HTTP round trip, several turns) would let the next turn come first.
    const order: string[] = [];
    const returned = publishAfterCommit([{ channel: name, event: "test.outbox", data: { n: 1 } }]).then(() => order.push("returned"));
    await new Promise<void>((r) => setImmediate(r));
    order.push("next turn");
    await returned;
    expect(order).toEqual(["returned", "next turn"]);
    await drainPublishes();
    await expect.poll(() => got).toEqual([{ n: 1 }]);
  });

  it("delivers a channel's messages in the order they were queued, across many batches", async () => {
    const name = channel();
    const got = await listener(name);
    for (let n = 0; n < 35; n++) void publishAfterCommit([{ channel: name, event: "test.outbox", data: { n } }]);
    await drainPublishes();
    await expect.poll(() => got.length).toBe(35);
    expect(got.map((m) => m.n)).toEqual(Array.from({ length: 35 }, (_, n) => n));
  });

  it("sends every channel's messages queued while requests are out, short batches included", async () => {
    // 23 channels queued in three turns: full batches go out at once, the short rest once a request is back.
    const names = Array.from({ length: 23 }, channel);
    const got = await Promise.all(names.map(listener));
    for (let turn = 0; turn < 3; turn++) {
      for (let i = turn; i < names.length; i += 3) void publishAfterCommit([{ channel: names[i]!, event: "test.outbox", data: { n: i } }]);
      await new Promise<void>((r) => setImmediate(r));
    }
    await drainPublishes();
    for (let i = 0; i < names.length; i++) await expect.poll(() => got[i]).toEqual([{ n: i }]);
  });

  it("gives up a message the relay refuses without failing the caller or losing the others of its batch", async () => {
    const name = channel();
    const got = await listener(name);
    const tooLarge = { n: -1, pad: "x".repeat(20_000) };
    await expect(
      publishAfterCommit([
        { channel: name, event: "test.outbox", data: { n: 1 } },
        { channel: name, event: "test.outbox", data: tooLarge },
        { channel: name, event: "test.outbox", data: { n: 2 } },
      ]),
    ).resolves.toBeUndefined();
    await drainPublishes();
    await expect.poll(() => got.map((m) => m.n)).toEqual([1, 2]);
  });
});

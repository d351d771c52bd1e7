// A subscriber that stops reading is cut off (4100) once its queue passes the limit, instead of
// the relay buffering for it without bound; everyone else keeps receiving everything.
import { afterAll, describe, expect, it } from "vitest";
import { client, disconnectAll, raw, serverSdk, startTestRelay, subscribed, waitFor } from "./helpers";

describe("backpressure", () => {
  const relayReady = startTestRelay({ limits: { maxBufferedBytes: 64 * 1024 }, closeGraceMs: 20_000 });
  afterAll(async () => {
    disconnectAll();
    await (await relayReady).close();
  });

  it("closes a socket that does not read with 4100 and keeps delivering to the rest", async () => {
    const relay = await relayReady;
    const sdk = serverSdk(relay);
    const slow = raw(relay);
    expect((await slow.subscribe("firehose")).event).toBe("pusher_internal:subscription_succeeded");
    const healthy = client(relay);
    const ch = healthy.subscribe("firehose");
    await subscribed(ch);
    let healthyGot = 0;
    ch.bind("blob", () => healthyGot++);

    slow.ws.pause();
    const data = "x".repeat(10_000);
    const batch = Array.from({ length: 10 }, () => ({ channel: "firehose", name: "blob", data }));
    let sent = 0;
    // Kernel socket buffers absorb the first few MB; keep sending until the relay's own queue for
    // the slow socket passes the limit. Bounded so a regression fails instead of looping.
    while (relay.metrics().backpressureCloses === 0 && sent < 20_000) {
      await sdk.triggerBatch(batch);
      sent += batch.length;
    }
    expect(relay.metrics().backpressureCloses).toBe(1);

    slow.ws.resume();
    expect((await slow.closed).code).toBe(4100);
    await waitFor(() => healthyGot === sent, "the healthy subscriber to get every event");
    expect(healthy.connection.state).toBe("connected");
  });
});

// Webhooks from the relay: the signature (HMAC-SHA256 of the raw body with the app secret) decides.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { onRealtimeWebhook, receiveRealtimeWebhook, type RealtimeWebhookEvent } from "../../server/realtime/webhooks";

const SECRET = "test-only-pusher-secret-0123"; // vitest.config.ts test env
const sign = (body: string, secret = SECRET) => createHmac("sha256", secret).update(body).digest("hex");
const headers = (body: string, over: Record<string, string> = {}) =>
  new Headers({
    "content-type": "application/json; charset=utf-8",
    "x-pusher-key": "isession-key",
    "x-pusher-signature": sign(body),
    ...over,
  });

describe("realtime webhook receiver", () => {
  const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: "member_removed", channel: "presence-session-s1", user_id: "p1" }] });

  it("accepts a correctly signed batch and hands each event to the handlers", async () => {
    const seen: RealtimeWebhookEvent[] = [];
    onRealtimeWebhook((e) => {
      seen.push(e);
      return Promise.resolve();
    });
    expect(await receiveRealtimeWebhook(headers(body), body)).toEqual({ status: 200, body: { ok: true, events: 1 } });
    expect(seen).toContainEqual({ name: "member_removed", channel: "presence-session-s1", user_id: "p1" });
  });

  it("refuses a wrong signature, a wrong key, or a body changed after signing", async () => {
    expect((await receiveRealtimeWebhook(headers(body, { "x-pusher-signature": sign(body, "another-secret") }), body)).status).toBe(401);
    expect((await receiveRealtimeWebhook(headers(body, { "x-pusher-key": "other-key" }), body)).status).toBe(401);
    expect((await receiveRealtimeWebhook(headers(body), body.replace("p1", "p2"))).status).toBe(401);
  });
});

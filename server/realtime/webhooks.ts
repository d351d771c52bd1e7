// Webhooks from the relay (or Pusher): verified with the app secret, then handed to the handlers
// of the domains that care. Later issues register theirs (sessions: presence left; routing:
// agent console disconnected).
import "server-only";
import { pusherServer } from "./publish";

export type RealtimeWebhookEvent =
  | { name: "channel_occupied" | "channel_vacated"; channel: string }
  | { name: "member_added" | "member_removed"; channel: string; user_id: string }
  /** Sent by our relay for every client event (Pusher: the app's "client events" webhook option). */
  | { name: "client_event"; channel: string; event: string; data: string; socket_id: string; user_id?: string };

/** timeMs: the webhook's signed time_ms (when the relay sent the batch, just after the events happened). */
export type WebhookHandler = (event: RealtimeWebhookEvent, meta: { timeMs: number }) => Promise<void>;

const handlers: WebhookHandler[] = [];

export function onRealtimeWebhook(handler: WebhookHandler): void {
  handlers.push(handler);
}

export type WebhookResult = { status: number; body: { ok: boolean; events?: number; error?: string } };

export async function receiveRealtimeWebhook(headers: Headers, rawBody: string): Promise<WebhookResult> {
  const webhook = pusherServer().webhook({
    headers: {
      "x-pusher-key": headers.get("x-pusher-key") ?? "",
      "x-pusher-signature": headers.get("x-pusher-signature") ?? "",
      // The SDK accepts exactly "application/json"; a charset parameter must not fail a valid hook.
      "content-type": (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase(),
    },
    rawBody,
  });
  if (!webhook.isValid()) return { status: 401, body: { ok: false, error: "invalid webhook signature" } };
  const events = webhook.getEvents() as RealtimeWebhookEvent[];
  const sent = webhook.getTime().getTime();
  const meta = { timeMs: Number.isFinite(sent) && sent > 0 ? sent : Date.now() };
  for (const event of events) for (const handle of handlers) await handle(event, meta);
  return { status: 200, body: { ok: true, events: events.length } };
}

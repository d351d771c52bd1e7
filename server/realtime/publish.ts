// Publishing through the official `pusher` SDK, to our relay or to managed Pusher alike.
// Call only after the database transaction commits (docs/architecture.md): a client that hears an event
// must be able to read what it describes.
import "server-only";
import http from "node:http";
import https from "node:https";
import Pusher from "pusher";
import { serverRealtimeConfig } from "./config";

let client: Pusher | undefined;

const PUBLISH_TIMEOUT_MS = 5_000;

export function pusherServer(): Pusher {
  if (!client) {
    const { cluster, host, port, ...rest } = serverRealtimeConfig();
    // Keep-alive: every chat line is a publish; a new TCP connection per line would cost more than the line.
    const agent = rest.useTLS ? new https.Agent({ keepAlive: true, maxSockets: 32 }) : new http.Agent({ keepAlive: true, maxSockets: 32 });
    // A relay that accepts but never answers must not hold the outbox's requests for ever.
    const common = { ...rest, agent, timeout: PUBLISH_TIMEOUT_MS };
    client = host ? new Pusher({ ...common, host, ...(port ? { port } : {}) }) : new Pusher({ ...common, cluster: cluster! });
  }
  return client;
}

/** Pusher's limit per trigger; larger audiences are split. */
const MAX_CHANNELS_PER_TRIGGER = 100;

export async function publish(
  channel: string | string[],
  event: string,
  data: unknown,
  opts: { excludeSocketId?: string } = {},
): Promise<void> {
  const list = Array.isArray(channel) ? channel : [channel];
  for (let i = 0; i < list.length; i += MAX_CHANNELS_PER_TRIGGER) {
    const chunk = list.slice(i, i + MAX_CHANNELS_PER_TRIGGER);
    await pusherServer().trigger(chunk, event, data, opts.excludeSocketId ? { socket_id: opts.excludeSocketId } : undefined);
  }
}

/** Several events in one request (Pusher allows 10 per batch). */
export async function publishBatch(events: { channel: string; event: string; data: unknown }[]): Promise<void> {
  for (let i = 0; i < events.length; i += 10) {
    await pusherServer().triggerBatch(events.slice(i, i + 10).map((e) => ({ channel: e.channel, name: e.event, data: e.data })));
  }
}

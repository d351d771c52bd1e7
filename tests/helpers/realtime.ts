// Real pusher-js clients (the browser SDK, in Node) against the relay started for the run,
// authorised by our auth endpoint's own function: nothing mocked.
import PusherJs, { type Channel } from "pusher-js";
import { inject } from "vitest";
import { answerChannelAuth } from "../../server/realtime/auth-endpoint";
import type { RealtimeCaller } from "../../server/realtime/authorize";
import { drainPublishes } from "../../server/realtime/outbox";
import { publish } from "../../server/realtime/publish";

const clients: PusherJs[] = [];

/** `port`: another relay than the run's (a test file that starts its own, e.g. to get its webhooks). */
export function connect(caller: RealtimeCaller, opts: { port?: number } = {}): PusherJs {
  const p = new PusherJs("isession-key", {
    wsHost: "127.0.0.1",
    wsPort: opts.port ?? inject("relayPort"),
    forceTLS: false,
    enabledTransports: ["ws"],
    cluster: "local",
    disableStats: true,
    channelAuthorization: {
      endpoint: "unused",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => {
        answerChannelAuth(caller, new URLSearchParams({ socket_id: socketId, channel_name: channelName })).then(
          (r) => (r.status === 200 ? callback(null, r.body as { auth: string }) : callback(new Error(`refused ${r.status}`), null)),
          (e: Error) => callback(e, null),
        );
      },
    },
  });
  clients.push(p);
  return p;
}

/** Disconnect every client made by `connect` (call in afterEach). */
export function disconnectAll(): void {
  for (const c of clients.splice(0)) c.disconnect();
}

export function subscribed(p: PusherJs, name: string): Promise<Channel> {
  return new Promise((resolve, reject) => {
    const ch = p.subscribe(name);
    ch.bind("pusher:subscription_succeeded", () => resolve(ch));
    ch.bind("pusher:subscription_error", (e: unknown) => reject(new Error(`subscription refused: ${JSON.stringify(e)}`)));
  });
}

export function next<T>(ch: Channel, event: string): Promise<T> {
  return new Promise((resolve) => ch.bind(event, (data: T) => resolve(data)));
}

/** Everything `event` delivers on `ch` from now on. */
export function collect<T>(ch: Channel, event: string): T[] {
  const got: T[] = [];
  ch.bind(event, (data: T) => got.push(data));
  return got;
}

/** One client on several channels, with everything each channel delivered, in order. */
export type Listener = { channels: string[]; seen: { channel: string; event: string; data: unknown }[] };

export async function listen(caller: RealtimeCaller, names: string[]): Promise<Listener> {
  const p = connect(caller);
  const l: Listener = { channels: names, seen: [] };
  for (const name of names) {
    const ch = await subscribed(p, name);
    ch.bind_global((event: string, data: unknown) => {
      if (!event.startsWith("pusher")) l.seen.push({ channel: name, event, data });
    });
  }
  return l;
}

const BARRIER = "test.barrier";
let barriers = 0;

/**
 * Waits until every listener has received a fresh marker on every one of its channels. A channel
 * delivers in order over one socket, so whatever was published to it before the marker has
 * arrived by then: what a listener has not seen, it will never get. Publishing after commit is
 * queued (server/realtime/outbox.ts): the queue is sent first.
 */
export async function barrier(...listeners: Listener[]): Promise<void> {
  await drainPublishes();
  const mark = `b${barriers++}`;
  const all = [...new Set(listeners.flatMap((l) => l.channels))];
  await publish(all, BARRIER, { mark });
  const arrived = (l: Listener) =>
    l.channels.every((c) => l.seen.some((s) => s.channel === c && s.event === BARRIER && (s.data as { mark?: string }).mark === mark));
  await new Promise<void>((resolve) => {
    const tick = () => (listeners.every(arrived) ? resolve() : setTimeout(tick, 10));
    tick();
  });
}

/** What a listener received apart from barriers. */
export function received(l: Listener) {
  return l.seen.filter((s) => s.event !== BARRIER);
}

// Real clients against an in-process relay: pusher-js (the browser SDK, in Node), the `pusher`
// server SDK, and raw `ws` sockets for what pusher-js would never send.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Pusher from "pusher";
import PusherJs, { type Channel } from "pusher-js";
import WebSocket from "ws";
import { startRelay, type RelayHandle, type RelayOptions } from "../../relay/server";

export const APP = { id: "test-app", key: "test-key", secret: "test-secret-0123456789abcdef" };
/** For private-encrypted- channels (32 bytes, base64). */
export const ENCRYPTION_KEY = randomBytes(32).toString("base64");

export const quiet = () => undefined;

export function startTestRelay(opts: Partial<RelayOptions> = {}): Promise<RelayHandle> {
  return startRelay({ host: "127.0.0.1", port: 0, apps: [APP], log: quiet, ...opts });
}

export function serverSdk(relay: { port: number }, secret = APP.secret, key = APP.key): Pusher {
  return new Pusher({
    appId: APP.id,
    key,
    secret,
    host: "127.0.0.1",
    port: String(relay.port),
    useTLS: false,
    encryptionMasterKeyBase64: ENCRYPTION_KEY,
  });
}

export interface ClientOptions {
  /** Presence identity put in channel_data by the auth handler. */
  user?: { id: string; info?: Record<string, unknown> };
  /** Identity for pusher:signin (user authentication). */
  signin?: { id: string; user_info?: unknown };
  /** Makes the auth handler sign with a wrong secret. */
  badAuth?: boolean;
  activityTimeout?: number;
}

const openClients = new Set<PusherJs>();

/** pusher-js configured as the app will be, its auth endpoint replaced by the SDK's own signing. */
export function client(relay: { port: number }, opts: ClientOptions = {}): PusherJs {
  const signer = serverSdk(relay, opts.badAuth ? "wrong-secret-0123456789" : APP.secret);
  const p = new PusherJs(APP.key, {
    wsHost: "127.0.0.1",
    wsPort: relay.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    cluster: "local",
    disableStats: true,
    activityTimeout: opts.activityTimeout,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        const data = channelName.startsWith("presence-") && opts.user ? { user_id: opts.user.id, user_info: opts.user.info } : undefined;
        callback(null, signer.authorizeChannel(socketId, channelName, data));
      },
    },
    userAuthentication: {
      customHandler: ({ socketId }, callback) => {
        if (!opts.signin) return callback(new Error("no user"), null);
        callback(null, signer.authenticateUser(socketId, opts.signin));
      },
    },
  });
  openClients.add(p);
  return p;
}

export function disconnectAll(): void {
  for (const p of openClients) p.disconnect();
  openClients.clear();
}

export function connected(p: PusherJs): Promise<string> {
  return new Promise((resolve, reject) => {
    if (p.connection.state === "connected") return resolve(p.connection.socket_id);
    const onState = ({ current }: { current: string }) => {
      if (current === "connected") {
        p.connection.unbind("state_change", onState);
        resolve(p.connection.socket_id);
      } else if (current === "failed" || current === "unavailable") {
        reject(new Error(`pusher-js ${current}`));
      }
    };
    p.connection.bind("state_change", onState);
  });
}

export function subscribed<T = unknown>(channel: Channel): Promise<T> {
  return new Promise((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", (data: T) => resolve(data));
    channel.bind("pusher:subscription_error", (err: unknown) => reject(new Error(`subscription_error ${JSON.stringify(err)}`)));
  });
}

export function subscriptionError(channel: Channel): Promise<{ type: string; error: string; status: number }> {
  return new Promise((resolve, reject) => {
    channel.bind("pusher:subscription_error", resolve);
    channel.bind("pusher:subscription_succeeded", () => reject(new Error("subscription unexpectedly succeeded")));
  });
}

/** Resolves with the next pusher:error the connection reports. */
export function nextError(p: PusherJs): Promise<{ code: number | null; message: string }> {
  return new Promise((resolve) => {
    const onError = (e: { type?: string; data?: { code: number | null; message: string } }) => {
      if (e.type !== "PusherError" || !e.data) return;
      p.connection.unbind("error", onError);
      resolve(e.data);
    };
    p.connection.bind("error", onError);
  });
}

export function nextEvent<T = unknown>(channel: Channel, event: string): Promise<{ data: T; metadata: { user_id?: string } }> {
  return new Promise((resolve) => {
    const handler = (data: T, metadata: { user_id?: string }) => {
      channel.unbind(event, handler);
      resolve({ data, metadata });
    };
    channel.bind(event, handler);
  });
}

/** Collects every occurrence of an event, for asserting that something did NOT arrive. */
export function collect<T = unknown>(channel: Channel, event: string): T[] {
  const seen: T[] = [];
  channel.bind(event, (data: T) => seen.push(data));
  return seen;
}

/** Polls until `fn` returns a truthy value (state that has no event to wait on, e.g. counts). */
export async function waitFor<T>(fn: () => T | Promise<T>, what = "condition", timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// --- raw WebSocket client ---

export interface RawMessage {
  event: string;
  channel?: string;
  data?: unknown;
  user_id?: string;
}

export class RawClient {
  readonly messages: RawMessage[] = [];
  private waiters: { pred: (m: RawMessage) => boolean; resolve: (m: RawMessage) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(readonly ws: WebSocket) {
    ws.on("error", () => undefined);
    this.opened = new Promise((resolve) => ws.once("open", () => resolve()));
    this.closed = new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on("message", (raw) => {
      const m = JSON.parse(Buffer.from(raw as Buffer).toString()) as RawMessage;
      if (typeof m.data === "string") {
        try {
          m.data = JSON.parse(m.data);
        } catch {
          // data that is not JSON stays a string
        }
      }
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
  }

  /** The next message (from now, or already received and not yet consumed by `since`) matching. */
  next(pred: (m: RawMessage) => boolean, fromIndex = 0): Promise<RawMessage> {
    const found = this.messages.slice(fromIndex).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  event(name: string, channel?: string): Promise<RawMessage> {
    return this.next((m) => m.event === name && (channel === undefined || m.channel === channel));
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === "string" ? msg : JSON.stringify(msg));
  }

  async socketId(): Promise<string> {
    const m = await this.event("pusher:connection_established");
    return (m.data as { socket_id: string }).socket_id;
  }

  /** Subscribes with a signature from the SDK (pass `sdk` for private/presence). */
  async subscribe(channel: string, sdk?: Pusher, channelData?: Pusher.PresenceChannelData): Promise<RawMessage> {
    const socketId = await this.socketId();
    const auth = sdk ? sdk.authorizeChannel(socketId, channel, channelData) : { auth: "" };
    this.send({ event: "pusher:subscribe", data: { channel, ...auth } });
    return this.next(
      (m) => m.channel === channel && (m.event === "pusher_internal:subscription_succeeded" || m.event === "pusher:subscription_error"),
    );
  }

  /** A round trip: every message sent before it has been handled once this resolves. */
  async sync(): Promise<void> {
    const from = this.messages.length;
    this.send({ event: "pusher:ping", data: {} });
    await this.next((m) => m.event === "pusher:pong", from);
  }

  close(): void {
    this.ws.terminate();
  }
}

export const DEFAULT_PATH = `/app/${APP.key}?protocol=7&client=js&version=8.6.0`;

export function raw(relay: { port: number }, path = DEFAULT_PATH, options: WebSocket.ClientOptions = {}): RawClient {
  return new RawClient(new WebSocket(`ws://127.0.0.1:${relay.port}${path}`, options));
}

// --- webhook receiver ---

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
}

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Status to answer with, per request in arrival order; 200 once exhausted. */
  statuses: number[] = [];
  private server: Server;
  url = "";

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const status = this.statuses.shift() ?? 200;
        if (status === 200) this.received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString() });
        res.writeHead(status).end();
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`;
    return this;
  }

  /** All events received so far, in order, after checking each request's signature with the SDK. */
  events(sdk: Pusher): { name: string; channel: string; user_id?: string }[] {
    return this.received.flatMap((w) => {
      const hook = sdk.webhook({ headers: w.headers, rawBody: w.rawBody });
      if (!hook.isValid()) throw new Error("webhook signature invalid");
      return hook.getEvents() as { name: string; channel: string; user_id?: string }[];
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

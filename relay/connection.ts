// One client WebSocket: the protocol messages it may send, and everything the relay tells it.
// Refusals use these pusher:error codes: 4009 not authorized (bad signature, a channel the socket
// may not use), 4100 over capacity (presence channel full), 4301 client event rate limit, 4300 any
// other invalid message. Only abuse of the transport itself (not reading, no pong) closes the socket.
import type WebSocket from "ws";
import { verifyChannelAuth, verifyUserAuth } from "./auth";
import type { AppRuntime, ChannelHub, Subscriber } from "./channels";
import { prepare, writePrepared, type PreparedMessage } from "./frame";
import type { Counters } from "./metrics";
import {
  Code,
  PING,
  PONG,
  USER_CHANNEL_PREFIX,
  allowsClientEvents,
  channelKind,
  channelNameError,
  errorMessage,
  isValidUserId,
  presenceData,
  signinSuccess,
  subscriptionErrorMessage,
  subscriptionSucceeded,
  type ChannelKind,
  type Limits,
  type PresenceMember,
} from "./protocol";
import type { Logger } from "./types";

export interface ConnectionContext {
  readonly hub: ChannelHub;
  readonly limits: Limits;
  readonly counters: Counters;
  readonly log: Logger;
  readonly closeGraceMs: number;
}

interface Subscription {
  kind: ChannelKind;
  /** Presence: the member this socket joined as. */
  userId?: string;
  /** subscription_succeeded sent: client events are allowed from here on. */
  ready: boolean;
}

const PING_MSG = prepare(PING);
const PONG_MSG = prepare(PONG);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export class Connection implements Subscriber {
  readonly subscriptions = new Map<string, Subscription>();
  user: { id: string; userData: string; infoJson: string } | undefined;
  /** Last time anything arrived from the client (ms); the server's sweep pings after silence. */
  lastSeen = Date.now();
  pingSentAt = 0;
  closing = false;
  private tokens: number;
  private refilledAt = Date.now();
  /** Subscribe, unsubscribe and cleanup run one at a time per socket, in arrival order. */
  private ops: Promise<void> = Promise.resolve();

  constructor(
    readonly ws: WebSocket,
    readonly id: string,
    readonly app: AppRuntime,
    private readonly ctx: ConnectionContext,
  ) {
    this.tokens = ctx.limits.clientEventsPerSecond;
  }

  // --- output ---

  deliver(msg: PreparedMessage): boolean {
    const ws = this.ws;
    if (this.closing || ws.readyState !== 1) return false;
    if (ws.bufferedAmount > this.ctx.limits.maxBufferedBytes) {
      this.ctx.counters.backpressureCloses++;
      this.close(Code.OverCapacity, "Client not reading fast enough");
      return false;
    }
    if (!writePrepared(ws, msg)) this.ctx.counters.slowPathWrites++;
    this.ctx.counters.messagesOut++;
    return true;
  }

  send(text: string): void {
    this.deliver(prepare(text));
  }

  ping(): void {
    this.pingSentAt = Date.now();
    this.deliver(PING_MSG);
    // A protocol-level ping too: browsers answer it without waking the page's JavaScript.
    if (this.ws.readyState === 1) this.ws.ping();
  }

  private error(code: number, message: string): void {
    this.send(errorMessage(code, message));
  }

  /** A refused subscription: pusher:error for the connection, pusher:subscription_error for the channel's listeners. */
  private refuse(channel: string | undefined, code: number, message: string, type = "SubscriptionError", status = 400) {
    this.error(code, message);
    if (channel) this.send(subscriptionErrorMessage(channel, type, message, status));
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.ws.close(code, reason.slice(0, 120));
    // ws waits for the peer's close frame; a client that stopped reading never sends one.
    setTimeout(() => this.ws.terminate(), this.ctx.closeGraceMs).unref();
  }

  // --- input ---

  onMessage(raw: WebSocket.RawData, isBinary: boolean): void {
    this.ctx.counters.messagesIn++;
    this.lastSeen = Date.now();
    this.pingSentAt = 0;
    if (this.closing) return;
    if (isBinary) return this.error(Code.Generic, "Binary frames are not supported");
    let msg: unknown;
    try {
      msg = JSON.parse(Array.isArray(raw) ? Buffer.concat(raw).toString() : Buffer.from(raw as Buffer).toString());
    } catch {
      return this.error(Code.Generic, "Invalid JSON");
    }
    if (!isObject(msg) || typeof msg.event !== "string") {
      return this.error(Code.Generic, "Invalid message: expected an object with an event name");
    }
    const data = parseData(msg.data);
    switch (msg.event) {
      case "pusher:ping":
        this.deliver(PONG_MSG);
        return;
      case "pusher:pong":
        return;
      case "pusher:subscribe":
        void this.enqueue(() => this.subscribe(data));
        return;
      case "pusher:unsubscribe":
        void this.enqueue(() => this.unsubscribe(data));
        return;
      case "pusher:signin":
        return this.signin(data);
    }
    if (msg.event.startsWith("client-")) return this.clientEvent(msg.event, msg.channel, msg.data);
    this.error(Code.Generic, `Unsupported event: ${msg.event.slice(0, 64)}`);
  }

  onPong(): void {
    this.lastSeen = Date.now();
    this.pingSentAt = 0;
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.ops.then(op).catch((err: unknown) => this.ctx.log("error", `socket ${this.id}: ${String(err)}`));
    this.ops = next;
    return next;
  }

  private async subscribe(data: unknown): Promise<void> {
    const { hub, limits } = this.ctx;
    const channel = isObject(data) ? data.channel : undefined;
    const nameError = channelNameError(channel, limits, true);
    if (nameError || typeof channel !== "string") return this.refuse(undefined, Code.Generic, nameError ?? "Channel name missing");
    if (this.subscriptions.has(channel)) return this.error(Code.Generic, `Existing subscription to channel ${channel}`);
    const body = data as Json;
    const kind = channelKind(channel);
    let member: PresenceMember | undefined;
    if (kind === "user") {
      if (!this.user || channel !== USER_CHANNEL_PREFIX + this.user.id) {
        return this.refuse(channel, Code.Unauthorized, `Not signed in as the user of ${channel}`, "AuthError", 401);
      }
    } else if (kind !== "public") {
      // channel_data is signed (and meaningful) only for presence channels.
      const channelData = kind === "presence" && typeof body.channel_data === "string" ? body.channel_data : undefined;
      if (!verifyChannelAuth(this.app.config, this.id, channel, body.auth, channelData)) {
        return this.refuse(channel, Code.Unauthorized, `Invalid signature for channel ${channel}`, "AuthError", 401);
      }
      if (kind === "presence") {
        const parsed = this.presenceMember(channelData);
        if (typeof parsed === "string") return this.refuse(channel, Code.Generic, parsed);
        member = parsed;
      }
    }
    const sub: Subscription = { kind, userId: member?.userId, ready: false };
    this.subscriptions.set(channel, sub);
    let result;
    try {
      result = await hub.subscribe(this.app, this, channel, kind, member);
    } catch (err) {
      this.subscriptions.delete(channel);
      this.ctx.log("error", `subscribe ${channel} failed: ${String(err)}`);
      return this.refuse(channel, Code.Generic, "Internal error, try again", "ServerError", 500);
    }
    if (!result.ok) {
      this.subscriptions.delete(channel);
      return this.refuse(channel, result.code, result.message, result.type, result.status);
    }
    // A socket closed meanwhile is unsubscribed by its cleanup, queued behind this op.
    if (this.closing) return;
    this.send(subscriptionSucceeded(channel, result.members ? presenceData(result.members) : "{}"));
    sub.ready = true;
    hub.activate(this.app, this, channel);
  }

  /** The member from channel_data, or from the signed-in user when the auth carried none; a string is a refusal. */
  private presenceMember(channelData: string | undefined): PresenceMember | string {
    const { maxUserInfoBytes } = this.ctx.limits;
    if (channelData === undefined) {
      if (!this.user) return "Presence channels need channel_data (or a signed-in user)";
      return { userId: this.user.id, infoJson: this.user.infoJson };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(channelData);
    } catch {
      return "channel_data is not JSON";
    }
    if (!isObject(parsed)) return "channel_data must be an object";
    const rawId = parsed.user_id;
    const userId = typeof rawId === "number" && Number.isFinite(rawId) ? String(rawId) : rawId;
    if (!isValidUserId(userId)) return "channel_data.user_id must be a non-empty string without whitespace";
    const infoJson = parsed.user_info === undefined ? "null" : JSON.stringify(parsed.user_info);
    if (Buffer.byteLength(infoJson) > maxUserInfoBytes) return `user_info larger than ${maxUserInfoBytes} bytes`;
    return { userId, infoJson };
  }

  private async unsubscribe(data: unknown): Promise<void> {
    const channel = isObject(data) ? data.channel : undefined;
    if (typeof channel !== "string") return;
    const sub = this.subscriptions.get(channel);
    if (!sub) return;
    this.subscriptions.delete(channel);
    await this.ctx.hub.unsubscribe(this.app, this, channel, sub.userId);
  }

  private signin(data: unknown): void {
    const { hub, limits } = this.ctx;
    const userData = isObject(data) ? data.user_data : undefined;
    if (typeof userData !== "string" || !isObject(data)) return this.error(Code.Generic, "pusher:signin needs user_data and auth");
    if (Buffer.byteLength(userData) > limits.maxUserInfoBytes) {
      return this.error(Code.Generic, `user_data larger than ${limits.maxUserInfoBytes} bytes`);
    }
    if (!verifyUserAuth(this.app.config, this.id, userData, data.auth)) {
      return this.error(Code.Unauthorized, "Invalid signature for pusher:signin");
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(userData);
    } catch {
      return this.error(Code.Generic, "user_data is not JSON");
    }
    if (!isObject(parsed) || !isValidUserId(parsed.id)) return this.error(Code.Generic, "user_data.id must be a non-empty string");
    if (this.user && this.user.id !== parsed.id) hub.removeUser(this.app, this, this.user.id);
    const infoJson = parsed.user_info === undefined ? "null" : JSON.stringify(parsed.user_info);
    this.user = { id: parsed.id, userData, infoJson };
    hub.addUser(this.app, this, parsed.id);
    this.send(signinSuccess(userData));
  }

  private clientEvent(event: string, channel: unknown, data: unknown): void {
    const { limits, counters, hub } = this.ctx;
    const sub = typeof channel === "string" ? this.subscriptions.get(channel) : undefined;
    if (!sub?.ready || typeof channel !== "string") {
      return this.error(Code.Unauthorized, "Client event rejected: not subscribed to that channel");
    }
    if (!allowsClientEvents(sub.kind)) {
      return this.error(Code.Unauthorized, "Client events are only allowed on private and presence channels");
    }
    if (event.length > limits.maxEventNameLength) {
      return this.error(Code.Generic, `Event name longer than ${limits.maxEventNameLength} characters`);
    }
    if (!this.takeToken()) {
      counters.clientEventsRateLimited++;
      return this.error(Code.ClientEventRateLimit, "Client event rejected due to rate limit");
    }
    const dataJson = JSON.stringify(data ?? null);
    if (Buffer.byteLength(dataJson) > limits.maxEventDataBytes) {
      return this.error(Code.Generic, `Client event data larger than ${limits.maxEventDataBytes} bytes`);
    }
    const userPart = sub.kind === "presence" && sub.userId !== undefined ? `,"user_id":${JSON.stringify(sub.userId)}` : "";
    const payload = `{"event":${JSON.stringify(event)},"channel":${JSON.stringify(channel)},"data":${dataJson}${userPart}}`;
    counters.clientEvents++;
    hub
      .publish(this.app, channel, payload, this.id)
      .catch((err: unknown) => this.ctx.log("error", `client event publish failed: ${String(err)}`));
    if (this.app.config.clientEventWebhooks) {
      hub.channelEvent(this.app.config.id, {
        name: "client_event",
        channel,
        event,
        data: dataJson,
        socket_id: this.id,
        ...(sub.kind === "presence" && sub.userId !== undefined ? { user_id: sub.userId } : {}),
      });
    }
  }

  private takeToken(): boolean {
    const rate = this.ctx.limits.clientEventsPerSecond;
    const now = Date.now();
    this.tokens = Math.min(rate, this.tokens + ((now - this.refilledAt) / 1000) * rate);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** After the socket closed: leave every channel (presence included) and the user index. */
  cleanup(): Promise<void> {
    this.closing = true;
    return this.enqueue(async () => {
      const { hub } = this.ctx;
      if (this.user) hub.removeUser(this.app, this, this.user.id);
      const subs = [...this.subscriptions];
      this.subscriptions.clear();
      await Promise.all(subs.map(([channel, sub]) => hub.unsubscribe(this.app, this, channel, sub.userId)));
    });
  }
}

/** pusher-js sends `data` as an object; other clients send it JSON-encoded. */
function parseData(data: unknown): unknown {
  if (typeof data !== "string") return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

// Pusher Channels protocol 7: codes, limits, name rules and the JSON envelopes the relay sends.
// Codes follow the protocol's ranges, which pusher-js turns into reconnect behaviour:
// 4000-4099 never reconnect unchanged, 4100-4199 back off and retry, 4200-4299 retry at once,
// 4300-4399 other errors (sent in pusher:error; as a close code pusher-js gives up).

export const PROTOCOL_VERSION = 7;
/** Protocols 5-7 share the JSON envelope the relay speaks; 1-4 are retired by Pusher too. */
export const SUPPORTED_PROTOCOLS: ReadonlySet<number> = new Set([5, 6, 7]);

export const Code = {
  SslOnly: 4000,
  AppNotFound: 4001,
  AppDisabled: 4003,
  AppOverQuota: 4004,
  PathNotFound: 4005,
  InvalidVersion: 4006,
  UnsupportedProtocol: 4007,
  NoProtocol: 4008,
  Unauthorized: 4009,
  OverCapacity: 4100,
  ReconnectNow: 4200,
  PongTimeout: 4201,
  ClosedAfterInactivity: 4202,
  Generic: 4300,
  ClientEventRateLimit: 4301,
} as const;
export type CodeValue = (typeof Code)[keyof typeof Code];

export interface Limits {
  /** Bytes of an event's `data` (HTTP API and client events). Pusher: 10 KB. */
  maxEventDataBytes: number;
  maxEventNameLength: number;
  maxChannelNameLength: number;
  /** Channels in one trigger. Pusher: 100. */
  maxChannelsPerTrigger: number;
  /** Events in one batch_events call. Pusher: 10. */
  maxBatchSize: number;
  /** Distinct users in one presence channel. Pusher: 100. */
  maxPresenceMembers: number;
  /** Bytes of a presence member's serialized user_info (and of signin user_data). Pusher: 1 KB. */
  maxUserInfoBytes: number;
  /** Client events per connection per second (token bucket, burst = rate). Pusher: 10. */
  clientEventsPerSecond: number;
  /** A socket with more than this many bytes queued for it is closed (4100) instead of buffering on. */
  maxBufferedBytes: number;
  /** Largest WebSocket frame accepted from a client; bigger ones close that socket with 1009. */
  maxMessageBytes: number;
  /** Largest HTTP API request body; bigger ones get 413. */
  maxRequestBytes: number;
  /** Connections per app on this node (4004 beyond it). */
  maxConnectionsPerApp: number;
  /** Connections on this node across apps (4100 beyond it). */
  maxConnections: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxEventDataBytes: 10 * 1024,
  maxEventNameLength: 200,
  maxChannelNameLength: 200,
  maxChannelsPerTrigger: 100,
  maxBatchSize: 10,
  maxPresenceMembers: 100,
  maxUserInfoBytes: 1024,
  clientEventsPerSecond: 10,
  maxBufferedBytes: 1024 * 1024,
  maxMessageBytes: 64 * 1024,
  maxRequestBytes: 256 * 1024,
  maxConnectionsPerApp: Number.POSITIVE_INFINITY,
  maxConnections: Number.POSITIVE_INFINITY,
});

export type ChannelKind = "public" | "private" | "encrypted" | "presence" | "user";

export const USER_CHANNEL_PREFIX = "#server-to-user-";
const CHANNEL_CHARS = /^[A-Za-z0-9_\-=@,.;]+$/;
// User ids end up inside `#server-to-user-{id}` and in the Redis bus framing, so no whitespace or
// control characters; anything else the app uses as an id is fine.
const USER_ID = /^[^\s\u0000-\u001f\u007f]+$/;

export function channelKind(name: string): ChannelKind {
  if (name.startsWith("presence-")) return "presence";
  if (name.startsWith("private-encrypted-")) return "encrypted";
  if (name.startsWith("private-")) return "private";
  if (name.startsWith(USER_CHANNEL_PREFIX)) return "user";
  return "public";
}

export function isValidUserId(id: unknown, maxLength = 200): id is string {
  return typeof id === "string" && id.length > 0 && id.length <= maxLength && USER_ID.test(id);
}

/** Validates a channel name; `#server-to-user-{id}` is accepted only where `allowUserChannel`. */
export function channelNameError(name: unknown, limits: Limits, allowUserChannel: boolean): string | undefined {
  if (typeof name !== "string" || name === "") return "Channel name missing";
  if (name.length > limits.maxChannelNameLength) {
    return `Channel name longer than ${limits.maxChannelNameLength} characters`;
  }
  if (name.startsWith(USER_CHANNEL_PREFIX)) {
    if (!allowUserChannel) return `Invalid channel name: '${name}'`;
    return isValidUserId(name.slice(USER_CHANNEL_PREFIX.length)) ? undefined : `Invalid channel name: '${name}'`;
  }
  return CHANNEL_CHARS.test(name) ? undefined : `Invalid channel name: '${name}'`;
}

export const SOCKET_ID = /^\d+\.\d+$/;

/** True for channels that carry client events: private and presence, not encrypted (the relay cannot read them). */
export function allowsClientEvents(kind: ChannelKind): boolean {
  return kind === "private" || kind === "presence";
}

// --- envelopes (the relay always sends `data` as a JSON string, as Pusher does) ---

export function eventMessage(event: string, channel: string, data: string, userId?: string): string {
  const head = `{"event":${JSON.stringify(event)},"channel":${JSON.stringify(channel)},"data":${JSON.stringify(data)}`;
  return userId === undefined ? head + "}" : `${head},"user_id":${JSON.stringify(userId)}}`;
}

/** A client event keeps the sender's `data` value as sent (object or string), as Pusher forwards it. */
export function clientEventMessage(event: string, channel: string, data: unknown, userId?: string): string {
  const msg: Record<string, unknown> = { event, channel, data };
  if (userId !== undefined) msg.user_id = userId;
  return JSON.stringify(msg);
}

export function errorMessage(code: number | null, message: string): string {
  return JSON.stringify({ event: "pusher:error", data: { code, message } });
}

/** Channel-scoped refusal that pusher-js surfaces as `channel.bind("pusher:subscription_error")`. */
export function subscriptionErrorMessage(channel: string, type: string, error: string, status: number): string {
  return JSON.stringify({ event: "pusher:subscription_error", channel, data: { type, error, status } });
}

export function connectionEstablished(socketId: string, activityTimeoutSec: number): string {
  return JSON.stringify({
    event: "pusher:connection_established",
    data: JSON.stringify({ socket_id: socketId, activity_timeout: activityTimeoutSec }),
  });
}

export function subscriptionSucceeded(channel: string, data = "{}"): string {
  return JSON.stringify({ event: "pusher_internal:subscription_succeeded", channel, data });
}

export interface PresenceMember {
  userId: string;
  /** user_info serialized once at join; "null" when the auth response carried none. */
  infoJson: string;
}

/** `{presence:{ids,hash,count}}` built from pre-serialized user_info, so no member is re-parsed. */
export function presenceData(members: readonly PresenceMember[]): string {
  const ids = members.map((m) => JSON.stringify(m.userId));
  const hash = members.map((m, i) => `${ids[i]}:${m.infoJson}`);
  return `{"presence":{"ids":[${ids.join(",")}],"hash":{${hash.join(",")}},"count":${members.length}}}`;
}

export function memberAdded(channel: string, member: PresenceMember): string {
  return eventMessage(
    "pusher_internal:member_added",
    channel,
    `{"user_id":${JSON.stringify(member.userId)},"user_info":${member.infoJson}}`,
  );
}

export function memberRemoved(channel: string, userId: string): string {
  return eventMessage("pusher_internal:member_removed", channel, JSON.stringify({ user_id: userId }));
}

export const PING = JSON.stringify({ event: "pusher:ping", data: "{}" });
export const PONG = JSON.stringify({ event: "pusher:pong", data: "{}" });

export function signinSuccess(userData: string): string {
  return JSON.stringify({ event: "pusher:signin_success", data: JSON.stringify({ user_data: userData }) });
}

export type WebhookEvent =
  | { name: "channel_occupied" | "channel_vacated"; channel: string }
  | { name: "member_added" | "member_removed"; channel: string; user_id: string }
  /** Pusher's client-event webhook (an app option): data is the event's JSON text; user_id on presence channels. */
  | { name: "client_event"; channel: string; event: string; data: string; socket_id: string; user_id?: string };

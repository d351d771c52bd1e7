// Pusher's HTTP API, as the `pusher` SDK calls it: trigger, batch trigger, channel queries,
// terminate_connections. Every request is signed (auth.ts); errors are plain-text bodies with
// Pusher's statuses (400 invalid, 401 signature, 404 unknown, 413 too large), which the SDK surfaces
// as RequestError.status/body.
import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyApiRequest } from "./auth";
import type { AppRuntime, ChannelHub } from "./channels";
import type { Counters } from "./metrics";
import { SOCKET_ID, channelKind, channelNameError, eventMessage, isValidUserId, type Limits } from "./protocol";

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface TriggerEvent {
  name: string;
  data: string;
  channels: string[];
  socketId?: string;
  info: Set<string>;
}

export class HttpApi {
  constructor(
    private readonly hub: ChannelHub,
    private readonly limits: Limits,
    private readonly counters: Counters,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.counters.apiRequests++;
    try {
      const body = await this.route(req);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    } catch (err) {
      this.counters.apiErrors++;
      const status = err instanceof ApiError ? err.status : 500;
      const message = err instanceof ApiError ? err.message : "Internal error";
      const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
      // An oversized body may still be arriving; closing is cheaper than reading it.
      if (status === 413) headers.connection = "close";
      res.writeHead(status, headers).end(message + "\n");
      if (!(err instanceof ApiError)) this.hub.log("error", `HTTP API ${req.method} ${req.url}: ${String(err)}`);
    }
  }

  private async route(req: IncomingMessage): Promise<unknown> {
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : rawUrl.slice(q + 1));
    const parts = path.split("/").map(decodeSegment);
    // ["", "apps", id, ...rest]
    if (parts[1] !== "apps" || parts.length < 4) throw new ApiError(404, "Not found");
    const app = this.hub.apps.get(parts[2]!);
    if (!app) throw new ApiError(404, `Unknown app ${parts[2]}`);
    const method = req.method ?? "GET";
    const body = method === "POST" ? await readBody(req, this.limits.maxRequestBytes) : Buffer.alloc(0);
    const auth = verifyApiRequest(app.config, method, path, query, body, Math.floor(Date.now() / 1000));
    if (!auth.ok) throw new ApiError(401, auth.message);

    const [resource, name, sub] = parts.slice(3);
    const depth = parts.length - 3;
    if (method === "POST" && depth === 1 && resource === "events") return this.trigger(app, json(body));
    if (method === "POST" && depth === 1 && resource === "batch_events") return this.batch(app, json(body));
    if (method === "GET" && resource === "channels") {
      if (depth === 1) return this.listChannels(app, query);
      if (depth === 2) return this.channelInfo(app, name!, query);
      if (depth === 3 && sub === "users") return this.users(app, name!);
    }
    if (method === "POST" && depth === 3 && resource === "users" && sub === "terminate_connections") {
      return this.terminate(app, name!);
    }
    throw new ApiError(404, "Not found");
  }

  private parseEvent(raw: unknown, batch: boolean): TriggerEvent {
    if (typeof raw !== "object" || raw === null) throw new ApiError(400, "Event must be a JSON object");
    const e = raw as Record<string, unknown>;
    const { limits } = this;
    if (typeof e.name !== "string" || e.name === "") throw new ApiError(400, "Event name missing");
    if (e.name.length > limits.maxEventNameLength) {
      throw new ApiError(400, `Event name longer than ${limits.maxEventNameLength} characters`);
    }
    if (typeof e.data !== "string") throw new ApiError(400, "Event data must be a string (JSON-encode objects)");
    if (Buffer.byteLength(e.data) > limits.maxEventDataBytes) {
      throw new ApiError(413, `Event data larger than ${limits.maxEventDataBytes} bytes`);
    }
    const channels = batch ? [e.channel] : Array.isArray(e.channels) ? e.channels : [e.channel];
    if (channels.length === 0 || channels[0] === undefined) throw new ApiError(400, "No channel given");
    if (channels.length > limits.maxChannelsPerTrigger) {
      throw new ApiError(400, `More than ${limits.maxChannelsPerTrigger} channels in one trigger`);
    }
    for (const c of channels) {
      const err = channelNameError(c, limits, true);
      if (err) throw new ApiError(400, err);
    }
    const names = channels as string[];
    if (names.length > 1 && names.some((c) => channelKind(c) === "encrypted")) {
      throw new ApiError(400, "Encrypted channels cannot be triggered together with other channels");
    }
    if (e.socket_id !== undefined && (typeof e.socket_id !== "string" || !SOCKET_ID.test(e.socket_id))) {
      throw new ApiError(400, "Invalid socket_id");
    }
    return { name: e.name, data: e.data, channels: names, socketId: e.socket_id, info: parseInfo(e.info) };
  }

  private async publish(app: AppRuntime, e: TriggerEvent): Promise<void> {
    await Promise.all(e.channels.map((c) => this.hub.publish(app, c, eventMessage(e.name, c, e.data), e.socketId)));
  }

  /** Attributes asked for with `info` (subscription_count, user_count for presence). */
  private async attributes(app: AppRuntime, channel: string, info: Set<string>): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    if (info.size === 0 || channelKind(channel) === "user") return out;
    const counts = await this.hub.adapter.channelInfo(app.config.id, channel);
    if (info.has("subscription_count")) out.subscription_count = counts.subscriptionCount;
    if (info.has("user_count") && counts.userCount !== undefined) out.user_count = counts.userCount;
    return out;
  }

  private async trigger(app: AppRuntime, raw: unknown): Promise<unknown> {
    const e = this.parseEvent(raw, false);
    await this.publish(app, e);
    if (e.info.size === 0) return {};
    const channels: Record<string, Record<string, number>> = {};
    for (const c of e.channels) channels[c] = await this.attributes(app, c, e.info);
    return { channels };
  }

  private async batch(app: AppRuntime, raw: unknown): Promise<unknown> {
    const list = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).batch : undefined;
    if (!Array.isArray(list)) throw new ApiError(400, "Body must be {batch: [...]}");
    if (list.length > this.limits.maxBatchSize) throw new ApiError(400, `More than ${this.limits.maxBatchSize} events in one batch`);
    // Validate all before publishing any, so a bad batch changes nothing.
    const events = list.map((e) => this.parseEvent(e, true));
    for (const e of events) await this.publish(app, e);
    if (!events.some((e) => e.info.size > 0)) return {};
    return { batch: await Promise.all(events.map((e) => this.attributes(app, e.channels[0]!, e.info))) };
  }

  private async listChannels(app: AppRuntime, query: URLSearchParams): Promise<unknown> {
    const prefix = query.get("filter_by_prefix") ?? undefined;
    const info = parseInfo(query.get("info"));
    if (info.has("user_count") && !prefix?.startsWith("presence-")) {
      throw new ApiError(400, "user_count can only be requested for presence channels (filter_by_prefix=presence-)");
    }
    const found = await this.hub.adapter.channels(app.config.id, prefix);
    const channels: Record<string, Record<string, number>> = {};
    for (const [name, counts] of found) {
      const attrs: Record<string, number> = {};
      if (info.has("user_count") && counts.userCount !== undefined) attrs.user_count = counts.userCount;
      if (info.has("subscription_count")) attrs.subscription_count = counts.subscriptionCount;
      channels[name] = attrs;
    }
    return { channels };
  }

  private async channelInfo(app: AppRuntime, channel: string, query: URLSearchParams): Promise<unknown> {
    const err = channelNameError(channel, this.limits, false);
    if (err) throw new ApiError(400, err);
    const info = parseInfo(query.get("info"));
    if (info.has("user_count") && channelKind(channel) !== "presence") {
      throw new ApiError(400, "user_count is only available for presence channels");
    }
    const counts = await this.hub.adapter.channelInfo(app.config.id, channel);
    const out: Record<string, unknown> = { occupied: counts.subscriptionCount > 0 };
    if (info.has("user_count")) out.user_count = counts.userCount ?? 0;
    if (info.has("subscription_count")) out.subscription_count = counts.subscriptionCount;
    return out;
  }

  private async users(app: AppRuntime, channel: string): Promise<unknown> {
    const err = channelNameError(channel, this.limits, false);
    if (err) throw new ApiError(400, err);
    if (channelKind(channel) !== "presence") throw new ApiError(400, "Users are only available for presence channels");
    const members = await this.hub.adapter.presenceMembers(app.config.id, channel);
    return { users: members.map((m) => ({ id: m.userId })) };
  }

  private async terminate(app: AppRuntime, userId: string): Promise<unknown> {
    if (!isValidUserId(userId)) throw new ApiError(400, "Invalid user id");
    await this.hub.terminateUser(app, userId);
    return {};
  }
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new ApiError(400, "Malformed path");
  }
}

function parseInfo(v: unknown): Set<string> {
  return new Set(typeof v === "string" && v !== "" ? v.split(",").map((s) => s.trim()) : []);
}

function json(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new ApiError(400, "Body is not JSON");
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > limit) {
      reject(new ApiError(413, `Request body larger than ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiError(413, `Request body larger than ${limit} bytes`));
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

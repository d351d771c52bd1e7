// N relay nodes as one: messages cross nodes over one Redis pub/sub channel; subscription counts and
// presence live in Redis hashes per node, so a node that stops heartbeating is reaped by a survivor
// (its members leave with member_removed, its channels may vacate) and nothing it held lingers.
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { memberAdded, memberRemoved, type PresenceMember } from "../protocol";
import type { Adapter, AdapterHost, ChannelCounts, JoinOutcome } from "./adapter";
import { HEARTBEAT, JOIN, LEAVE, OCCUPANCY, REAP } from "./redis-scripts";

export interface RedisAdapterOptions {
  url: string;
  /** Namespace for every key and the pub/sub channel; nodes sharing it form one cluster. */
  prefix?: string;
  heartbeatMs?: number;
  /** A node silent for this long is presumed dead and reaped. */
  nodeTimeoutMs?: number;
}

interface PendingCount {
  appId: string;
  channel: string;
  count: number;
}

/** Occupancy triples per script call, to keep ARGV and script run time small. */
const MAX_TRIPLES = 500;

export class RedisAdapter implements Adapter {
  readonly kind = "redis";
  private readonly prefix: string;
  private readonly bus: string;
  private readonly heartbeatMs: number;
  private readonly nodeTimeoutMs: number;
  private readonly cmd: Redis;
  /** Publishes go out on their own connection, written at once (no auto-pipelining tick). */
  private readonly pub: Redis;
  private readonly sub: Redis;
  private host: AdapterHost | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private beating = false;
  private closed = false;
  private lastError = "";
  private readonly shas = new Map<string, string>();
  /** The Redis URL without credentials, for messages. */
  private readonly where: string;
  // Subscription counts are coalesced: every change in one tick goes to Redis in one script call,
  // and calls go one at a time so a later count never lands before an earlier one.
  private pendingCounts = new Map<string, PendingCount>();
  private countWaiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> | undefined;

  constructor(opts: RedisAdapterOptions) {
    this.prefix = opts.prefix ?? "relay";
    this.bus = `${this.prefix}:bus`;
    this.where = redact(opts.url);
    this.heartbeatMs = opts.heartbeatMs ?? 2000;
    this.nodeTimeoutMs = opts.nodeTimeoutMs ?? 10_000;
    if (this.nodeTimeoutMs < this.heartbeatMs * 2) throw new Error("nodeTimeoutMs must be at least twice heartbeatMs");
    // A command fails after a few reconnect attempts instead of ioredis's default ~20, so a Redis
    // outage surfaces as refused subscriptions / HTTP 500s within seconds, not a silent hang.
    const common = { lazyConnect: true, enableAutoPipelining: true, maxRetriesPerRequest: 5 } as const;
    this.cmd = new Redis(opts.url, common);
    this.pub = new Redis(opts.url, { ...common, enableAutoPipelining: false });
    this.sub = new Redis(opts.url, { ...common, enableAutoPipelining: false });
    for (const client of [this.cmd, this.pub, this.sub]) client.on("error", (err: Error) => this.onRedisError(err));
  }

  notReady(): string | null {
    const down = [this.cmd, this.pub, this.sub].find((c) => c.status !== "ready");
    return down ? `redis at ${this.where} is ${down.status}` : null;
  }

  private get nodeId(): string {
    return this.host!.nodeId;
  }

  private onRedisError(err: Error) {
    // ioredis reports every reconnect attempt; one line per distinct error is enough.
    if (err.message === this.lastError) return;
    this.lastError = err.message;
    this.host?.log("warn", `redis: ${err.message}`);
  }

  async start(host: AdapterHost): Promise<void> {
    if (/\s/.test(host.nodeId)) throw new Error("node id must not contain whitespace");
    this.host = host;
    try {
      await Promise.all([this.cmd.connect(), this.pub.connect(), this.sub.connect()]);
    } catch (err) {
      for (const client of [this.cmd, this.pub, this.sub]) client.disconnect();
      throw new Error(`Redis at ${this.where} is unreachable (${this.lastError || String(err)})`);
    }
    this.sub.on("message", (_channel: string, message: string) => this.onBus(message));
    await this.sub.subscribe(this.bus);
    await this.beat(true);
    this.heartbeat = setInterval(() => void this.beat(false), this.heartbeatMs);
    this.heartbeat.unref();
  }

  private async run(script: string, args: (string | number)[]): Promise<unknown> {
    let sha = this.shas.get(script);
    if (!sha) this.shas.set(script, (sha = createHash("sha1").update(script).digest("hex")));
    try {
      return await this.cmd.evalsha(sha, 0, ...args);
    } catch (err) {
      if (!String(err).includes("NOSCRIPT")) throw err;
      return this.cmd.eval(script, 0, ...args);
    }
  }

  // --- messages ---

  // Bus frames are "m{node}\n{app}\n{channel}\n{except}\n{payload}" and "t{node}\n{app}\n{user}":
  // none of the header fields can hold a newline (validated), and the payload is passed through
  // untouched, so a receiving node does no JSON work before its own fan-out.
  async publish(appId: string, channel: string, payload: string, exceptSocketId?: string): Promise<void> {
    await this.pub.publish(this.bus, `m${this.nodeId}\n${appId}\n${channel}\n${exceptSocketId ?? ""}\n${payload}`);
  }

  async terminateUser(appId: string, userId: string): Promise<void> {
    await this.pub.publish(this.bus, `t${this.nodeId}\n${appId}\n${userId}`);
  }

  private onBus(message: string) {
    try {
      this.dispatch(message);
    } catch (err) {
      // A bad frame must not take down ioredis's subscriber (and with it every later message).
      this.host?.log("error", `redis bus message dropped: ${String(err)}`);
    }
  }

  private dispatch(message: string) {
    const host = this.host;
    if (!host || this.closed) return;
    const n1 = message.indexOf("\n");
    if (message.slice(1, n1) === host.nodeId) return;
    const n2 = message.indexOf("\n", n1 + 1);
    if (message[0] === "t") {
      host.terminateLocalUser(message.slice(n1 + 1, n2), message.slice(n2 + 1));
      return;
    }
    const n3 = message.indexOf("\n", n2 + 1);
    const n4 = message.indexOf("\n", n3 + 1);
    if (n4 < 0) return;
    const except = message.slice(n3 + 1, n4);
    host.deliverLocal(message.slice(n1 + 1, n2), message.slice(n2 + 1, n3), message.slice(n4 + 1), except || undefined);
  }

  // --- occupancy ---

  syncOccupancy(appId: string, channel: string, localCount: number): Promise<void> {
    this.pendingCounts.set(`${appId}\n${channel}`, { appId, channel, count: localCount });
    return new Promise<void>((resolve, reject) => {
      this.countWaiters.push({ resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush() {
    if (this.flushScheduled || this.flushing) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushing = this.flushCounts().finally(() => {
        this.flushing = undefined;
        // Counts that arrived after the loop's last look but before this callback.
        if (this.pendingCounts.size > 0) this.scheduleFlush();
      });
    });
  }

  private async flushCounts(): Promise<void> {
    while (this.pendingCounts.size > 0) {
      const batch = [...this.pendingCounts.values()];
      const waiters = this.countWaiters;
      this.pendingCounts = new Map();
      this.countWaiters = [];
      try {
        for (let i = 0; i < batch.length; i += MAX_TRIPLES) {
          const part = batch.slice(i, i + MAX_TRIPLES);
          const args = part.flatMap((c) => [c.appId, c.channel, c.count]);
          const out = (await this.run(OCCUPANCY, [this.prefix, this.nodeId, ...args])) as number[];
          out.forEach((transition, j) => {
            const c = part[j]!;
            if (transition === 1) this.host!.channelEvent(c.appId, { name: "channel_occupied", channel: c.channel });
            if (transition === -1) this.host!.channelEvent(c.appId, { name: "channel_vacated", channel: c.channel });
          });
        }
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
    }
  }

  // --- presence ---

  async joinPresence(appId: string, channel: string, member: PresenceMember, maxMembers: number): Promise<JoinOutcome> {
    const max = Number.isFinite(maxMembers) ? maxMembers : -1;
    const out = (await this.run(JOIN, [this.prefix, this.nodeId, appId, channel, member.userId, member.infoJson, max])) as
      [number] | [number, string[]];
    if (out[0] === -1 || out.length < 2) return { status: "full" };
    return { status: out[0] === 1 ? "added" : "existing", members: toMembers(out[1]!) };
  }

  async leavePresence(appId: string, channel: string, userId: string): Promise<boolean> {
    return (await this.run(LEAVE, [this.prefix, this.nodeId, appId, channel, userId])) === 1;
  }

  async presenceMembers(appId: string, channel: string): Promise<PresenceMember[]> {
    return toMembers(await this.cmd.hgetall(this.key(appId, "pm", channel)).then(flatten));
  }

  private key(appId: string, kind: "occ" | "pm", channel: string) {
    return `${this.prefix}:a:${appId}:${kind}:${channel}`;
  }

  // --- queries ---

  async channelInfo(appId: string, channel: string): Promise<ChannelCounts> {
    const [counts, users] = await Promise.all([
      this.cmd.hvals(this.key(appId, "occ", channel)),
      channel.startsWith("presence-") ? this.cmd.hlen(this.key(appId, "pm", channel)) : undefined,
    ]);
    const subscriptionCount = counts.reduce((sum, v) => sum + Number(v), 0);
    return users === undefined ? { subscriptionCount } : { subscriptionCount, userCount: users };
  }

  async channels(appId: string, prefix?: string): Promise<Map<string, ChannelCounts>> {
    const names = (await this.cmd.smembers(`${this.prefix}:a:${appId}:chans`)).filter((c) => !prefix || c.startsWith(prefix));
    const infos = await Promise.all(names.map((c) => this.channelInfo(appId, c)));
    const out = new Map<string, ChannelCounts>();
    names.forEach((c, i) => {
      if (infos[i]!.subscriptionCount > 0) out.set(c, infos[i]!);
    });
    return out;
  }

  // --- liveness ---

  private async beat(first: boolean): Promise<void> {
    if (this.beating || this.closed) return;
    this.beating = true;
    try {
      const [known, dead] = (await this.run(HEARTBEAT, [this.prefix, this.nodeId, this.nodeTimeoutMs])) as [number, string[]];
      if (!first && known === 0) await this.reregister();
      for (const node of dead) if (node !== this.nodeId) await this.reap(node);
    } catch (err) {
      if (first) throw err;
      this.host?.log("warn", `redis heartbeat failed: ${String(err)}`);
    } finally {
      this.beating = false;
    }
  }

  private async reap(node: string): Promise<void> {
    const [removed, vacated] = (await this.run(REAP, [this.prefix, node])) as [string[], string[]];
    const host = this.host!;
    for (const entry of removed) {
      const [appId, channel, userId] = JSON.parse(entry) as [string, string, string];
      const payload = memberRemoved(channel, userId);
      host.deliverLocal(appId, channel, payload, undefined);
      await this.publish(appId, channel, payload);
      host.channelEvent(appId, { name: "member_removed", channel, user_id: userId });
    }
    for (const entry of vacated) {
      const [appId, channel] = JSON.parse(entry) as [string, string];
      host.channelEvent(appId, { name: "channel_vacated", channel });
    }
    if (node !== this.nodeId) {
      host.log("warn", `relay node ${node} stopped heartbeating: removed ${removed.length} members, ${vacated.length} channels vacated`);
    }
  }

  /** Another node reaped this one (it was silent too long, e.g. a long pause): put its state back. */
  private async reregister(): Promise<void> {
    const host = this.host!;
    host.log("warn", `relay node ${host.nodeId} was presumed dead by the cluster; re-registering its channels`);
    const counts: Promise<void>[] = [];
    for (const s of host.localState()) {
      counts.push(this.syncOccupancy(s.appId, s.channel, s.subscriptions));
      for (const m of s.members) {
        const out = await this.joinPresence(s.appId, s.channel, m, Number.POSITIVE_INFINITY);
        if (out.status !== "added") continue;
        const payload = memberAdded(s.channel, m);
        host.deliverLocal(s.appId, s.channel, payload, undefined);
        await this.publish(s.appId, s.channel, payload);
        host.channelEvent(s.appId, { name: "member_added", channel: s.channel, user_id: m.userId });
      }
    }
    await Promise.all(counts);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.heartbeat);
    while (this.flushScheduled || this.flushing) {
      await (this.flushing ?? new Promise<void>((resolve) => setImmediate(resolve)));
    }
    try {
      // Everything this node held should be gone by now (its sockets unsubscribed); reaping itself
      // clears any leftover and takes it out of the node set at once instead of after a timeout.
      await this.reap(this.nodeId);
    } catch (err) {
      this.host?.log("warn", `redis cleanup on close failed: ${String(err)}`);
    }
    this.closed = true;
    await Promise.allSettled([this.sub.quit(), this.pub.quit(), this.cmd.quit()]);
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return "(unparseable REDIS_URL)";
  }
}

function flatten(hash: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(hash)) out.push(k, v);
  return out;
}

function toMembers(flat: string[]): PresenceMember[] {
  const members: PresenceMember[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) members.push({ userId: flat[i]!, infoJson: flat[i + 1]! });
  return members;
}

// This node's channels and presence, and the one place that joins local state to the adapter's
// cluster-wide view: publish = deliver here + hand to the adapter; presence calls the adapter only
// on a user's node-local first join and last leave, so N tabs of one user are one member.
import type { Adapter, AdapterHost, JoinOutcome } from "./adapters/adapter";
import { prepare, type PreparedMessage } from "./frame";
import type { Counters } from "./metrics";
import { Code, memberAdded, memberRemoved, type ChannelKind, type Limits, type PresenceMember, type WebhookEvent } from "./protocol";
import type { AppConfig, Logger } from "./types";
import type { WebhookSender } from "./webhooks";

/** What the hub needs from a connection. */
export interface Subscriber {
  readonly id: string;
  /** Writes a prepared message unless the socket is closing; false when not written. */
  deliver(msg: PreparedMessage): boolean;
  close(code: number, reason: string): void;
}

export interface AppRuntime {
  readonly config: AppConfig;
  readonly channels: Map<string, LocalChannel>;
  /** Signed-in (pusher:signin) connections by user id, for terminate_connections. */
  readonly users: Map<string, Set<Subscriber>>;
  connections: number;
}

interface LocalMember {
  member: PresenceMember;
  /** This node's connections of the user in this channel. */
  conns: number;
  join: Promise<JoinOutcome>;
}

/** Messages queued for a subscription not yet confirmed; beyond this the socket is cut. */
const MAX_PENDING_MESSAGES = 1000;

export class LocalChannel {
  readonly ready = new Set<Subscriber>();
  /**
   * Subscribed, subscription_succeeded not sent yet: deliveries queue here so that the client sees
   * subscription_succeeded first, and a presence snapshot is never older than the member events
   * that follow it.
   */
  readonly pending = new Map<Subscriber, PreparedMessage[]>();
  readonly users: Map<string, LocalMember> | undefined;

  constructor(
    readonly name: string,
    readonly kind: ChannelKind,
  ) {
    this.users = kind === "presence" ? new Map() : undefined;
  }

  get size(): number {
    return this.ready.size + this.pending.size;
  }
}

export type SubscribeResult =
  { ok: true; members?: PresenceMember[] } | { ok: false; code: number; type: string; status: number; message: string };

export class ChannelHub implements AdapterHost {
  readonly apps = new Map<string, AppRuntime>();
  readonly appsByKey = new Map<string, AppRuntime>();

  constructor(
    readonly nodeId: string,
    readonly adapter: Adapter,
    private readonly limits: Limits,
    private readonly counters: Counters,
    private readonly webhooks: WebhookSender,
    private readonly logger: Logger,
    apps: AppConfig[],
  ) {
    for (const config of apps) {
      const app: AppRuntime = { config, channels: new Map(), users: new Map(), connections: 0 };
      this.apps.set(config.id, app);
      this.appsByKey.set(config.key, app);
    }
  }

  log(level: "debug" | "info" | "warn" | "error", message: string): void {
    this.logger(level, message);
  }

  // --- delivery ---

  /** Delivers to this node's subscribers (except one socket) and hands the message to the other nodes. */
  publish(app: AppRuntime, channel: string, payload: string, exceptSocketId?: string): Promise<void> {
    this.counters.published++;
    // Other nodes first: their fan-out then runs while this node does its own.
    const remote = this.adapter.publish(app.config.id, channel, payload, exceptSocketId);
    this.deliverLocal(app.config.id, channel, payload, exceptSocketId);
    return remote;
  }

  /** Fire-and-forget publish for protocol notices (member events); failures are logged. */
  private notify(app: AppRuntime, channel: string, payload: string, exceptSocketId?: string) {
    this.publish(app, channel, payload, exceptSocketId).catch((err: unknown) =>
      this.log("error", `publish to ${channel} failed: ${String(err)}`),
    );
  }

  deliverLocal(appId: string, channel: string, payload: string, exceptSocketId: string | undefined): void {
    const ch = this.apps.get(appId)?.channels.get(channel);
    if (!ch || ch.size === 0) return;
    const msg = prepare(payload);
    let delivered = 0;
    for (const s of ch.ready) {
      if (s.id !== exceptSocketId && s.deliver(msg)) delivered++;
    }
    this.counters.deliveries += delivered;
    for (const [s, queue] of ch.pending) {
      if (s.id === exceptSocketId) continue;
      if (queue.length >= MAX_PENDING_MESSAGES) s.close(Code.OverCapacity, "Too many messages before subscription completed");
      else queue.push(msg);
    }
  }

  // --- subscriptions ---

  async subscribe(
    app: AppRuntime,
    sub: Subscriber,
    name: string,
    kind: ChannelKind,
    member: PresenceMember | undefined,
  ): Promise<SubscribeResult> {
    let ch = app.channels.get(name);
    if (!ch) app.channels.set(name, (ch = new LocalChannel(name, kind)));
    ch.pending.set(sub, []);
    let joined = false;
    try {
      let members: PresenceMember[] | undefined;
      let announce = false;
      if (member && ch.users) {
        const { outcome, first } = await this.joinLocal(app, ch, member);
        if (outcome.status === "full") {
          ch.pending.delete(sub);
          this.dropIfEmpty(app, ch);
          return {
            ok: false,
            code: Code.OverCapacity,
            type: "LimitReached",
            status: 403,
            message: `Presence channel ${name} is full (${this.limits.maxPresenceMembers} members)`,
          };
        }
        members = outcome.members;
        joined = true;
        announce = first && outcome.status === "added";
      }
      if (kind !== "user") await this.syncCount(app, name);
      // After the count, so the app hears channel_occupied before member_added.
      if (announce && member) {
        this.notify(app, name, memberAdded(name, member), sub.id);
        this.webhook(app, { name: "member_added", channel: name, user_id: member.userId });
      }
      return { ok: true, members };
    } catch (err) {
      // A failed join has already undone its local presence; only a completed one needs a leave.
      await this.unsubscribe(app, sub, name, joined ? member?.userId : undefined).catch(() => undefined);
      throw err;
    }
  }

  /** After subscription_succeeded went out: deliver what queued meanwhile, then deliver directly. */
  activate(app: AppRuntime, sub: Subscriber, name: string): void {
    const ch = app.channels.get(name);
    const queue = ch?.pending.get(sub);
    if (!ch || !queue) return;
    ch.pending.delete(sub);
    ch.ready.add(sub);
    for (const msg of queue) if (sub.deliver(msg)) this.counters.deliveries++;
  }

  async unsubscribe(app: AppRuntime, sub: Subscriber, name: string, userId: string | undefined): Promise<void> {
    const ch = app.channels.get(name);
    if (!ch || !(ch.ready.delete(sub) || ch.pending.delete(sub))) return;
    // member_removed before channel_vacated, as the app expects to see them.
    if (userId !== undefined && ch.users) await this.leaveLocal(app, ch, userId);
    this.dropIfEmpty(app, ch);
    if (ch.kind !== "user") await this.syncCount(app, name);
  }

  /** Always the live count at call time, so calls racing across awaits can never leave a stale one last. */
  private syncCount(app: AppRuntime, name: string): Promise<void> {
    return this.adapter.syncOccupancy(app.config.id, name, app.channels.get(name)?.size ?? 0);
  }

  private dropIfEmpty(app: AppRuntime, ch: LocalChannel) {
    if (ch.size === 0 && (!ch.users || ch.users.size === 0) && app.channels.get(ch.name) === ch) {
      app.channels.delete(ch.name);
    }
  }

  /** `first`: this call made the node's join for the user, so it announces the member if new. */
  private async joinLocal(app: AppRuntime, ch: LocalChannel, member: PresenceMember): Promise<{ outcome: JoinOutcome; first: boolean }> {
    const users = ch.users!;
    const existing = users.get(member.userId);
    if (existing) {
      existing.conns++;
      const outcome = await existing.join.catch((err: unknown) => {
        this.releaseLocal(users, member.userId, existing);
        throw err;
      });
      if (outcome.status === "full") {
        this.releaseLocal(users, member.userId, existing);
        return { outcome, first: false };
      }
      const members = await this.adapter.presenceMembers(app.config.id, ch.name);
      return { outcome: { status: "existing", members }, first: false };
    }
    const local: LocalMember = {
      member,
      conns: 1,
      join: this.adapter.joinPresence(app.config.id, ch.name, member, this.limits.maxPresenceMembers),
    };
    users.set(member.userId, local);
    const outcome = await local.join.catch((err: unknown) => {
      this.releaseLocal(users, member.userId, local);
      throw err;
    });
    if (outcome.status === "full") this.releaseLocal(users, member.userId, local);
    return { outcome, first: true };
  }

  /** Undoes a local join that never reached the adapter state (refused or failed). */
  private releaseLocal(users: Map<string, LocalMember>, userId: string, local: LocalMember) {
    if (--local.conns === 0 && users.get(userId) === local) users.delete(userId);
  }

  private async leaveLocal(app: AppRuntime, ch: LocalChannel, userId: string) {
    const local = ch.users!.get(userId);
    if (!local || --local.conns > 0) return;
    ch.users!.delete(userId);
    const joined = await local.join.catch(() => undefined);
    if (!joined || joined.status === "full") return;
    if (await this.adapter.leavePresence(app.config.id, ch.name, userId)) {
      this.notify(app, ch.name, memberRemoved(ch.name, userId));
      this.webhook(app, { name: "member_removed", channel: ch.name, user_id: userId });
    }
  }

  // --- users (pusher:signin) ---

  addUser(app: AppRuntime, sub: Subscriber, userId: string): void {
    let set = app.users.get(userId);
    if (!set) app.users.set(userId, (set = new Set()));
    set.add(sub);
  }

  removeUser(app: AppRuntime, sub: Subscriber, userId: string): void {
    const set = app.users.get(userId);
    if (set?.delete(sub) && set.size === 0) app.users.delete(userId);
  }

  async terminateUser(app: AppRuntime, userId: string): Promise<void> {
    this.terminateLocalUser(app.config.id, userId);
    await this.adapter.terminateUser(app.config.id, userId);
  }

  terminateLocalUser(appId: string, userId: string): void {
    for (const sub of this.apps.get(appId)?.users.get(userId) ?? []) {
      sub.close(Code.Unauthorized, "Connection terminated by the server");
    }
  }

  // --- webhooks and adapter hooks ---

  private webhook(app: AppRuntime, event: WebhookEvent) {
    this.webhooks.push(app.config, event);
  }

  channelEvent(appId: string, event: WebhookEvent): void {
    const app = this.apps.get(appId);
    if (app) this.webhook(app, event);
  }

  *localState(): Iterable<{ appId: string; channel: string; subscriptions: number; members: PresenceMember[] }> {
    for (const app of this.apps.values()) {
      for (const ch of app.channels.values()) {
        if (ch.kind === "user") continue;
        const members = ch.users ? [...ch.users.values()].map((m) => m.member) : [];
        yield { appId: app.config.id, channel: ch.name, subscriptions: ch.size, members };
      }
    }
  }

  localChannelCount(): number {
    let n = 0;
    for (const app of this.apps.values()) n += app.channels.size;
    return n;
  }
}

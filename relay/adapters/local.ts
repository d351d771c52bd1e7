// One node: the cluster is this process, so publish has nobody to reach and counts live in memory.
import type { PresenceMember } from "../protocol";
import type { Adapter, AdapterHost, ChannelCounts, JoinOutcome } from "./adapter";

interface MemberState {
  member: PresenceMember;
  /** Joins not yet paired with a leave (a rejoin can race a pending leave; a count keeps them paired). */
  joins: number;
}

export class LocalAdapter implements Adapter {
  readonly kind = "local";
  private host: AdapterHost | undefined;
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly presence = new Map<string, Map<string, Map<string, MemberState>>>();

  async start(host: AdapterHost): Promise<void> {
    this.host = host;
  }

  async publish(): Promise<void> {}

  async terminateUser(): Promise<void> {}

  async syncOccupancy(appId: string, channel: string, localCount: number): Promise<void> {
    let app = this.counts.get(appId);
    const before = app?.get(channel) ?? 0;
    if (localCount > 0) {
      if (!app) this.counts.set(appId, (app = new Map()));
      app.set(channel, localCount);
    } else if (app) {
      app.delete(channel);
      if (app.size === 0) this.counts.delete(appId);
    }
    if (before === 0 && localCount > 0) this.host?.channelEvent(appId, { name: "channel_occupied", channel });
    if (before > 0 && localCount === 0) this.host?.channelEvent(appId, { name: "channel_vacated", channel });
  }

  private members(appId: string, channel: string, create: true): Map<string, MemberState>;
  private members(appId: string, channel: string, create: false): Map<string, MemberState> | undefined;
  private members(appId: string, channel: string, create: boolean) {
    let app = this.presence.get(appId);
    if (!app) {
      if (!create) return undefined;
      this.presence.set(appId, (app = new Map()));
    }
    let ch = app.get(channel);
    if (!ch && create) app.set(channel, (ch = new Map()));
    return ch;
  }

  async joinPresence(appId: string, channel: string, member: PresenceMember, maxMembers: number): Promise<JoinOutcome> {
    const members = this.members(appId, channel, true);
    const existing = members.get(member.userId);
    if (existing) {
      existing.joins++;
    } else {
      if (members.size >= maxMembers) {
        if (members.size === 0) this.dropChannel(appId, channel);
        return { status: "full" };
      }
      members.set(member.userId, { member, joins: 1 });
    }
    return { status: existing ? "existing" : "added", members: [...members.values()].map((s) => s.member) };
  }

  async leavePresence(appId: string, channel: string, userId: string): Promise<boolean> {
    const members = this.members(appId, channel, false);
    const state = members?.get(userId);
    if (!members || !state) return false;
    if (--state.joins > 0) return false;
    members.delete(userId);
    if (members.size === 0) this.dropChannel(appId, channel);
    return true;
  }

  private dropChannel(appId: string, channel: string) {
    const app = this.presence.get(appId);
    app?.delete(channel);
    if (app?.size === 0) this.presence.delete(appId);
  }

  async presenceMembers(appId: string, channel: string): Promise<PresenceMember[]> {
    const members = this.members(appId, channel, false);
    return members ? [...members.values()].map((s) => s.member) : [];
  }

  async channelInfo(appId: string, channel: string): Promise<ChannelCounts> {
    const subscriptionCount = this.counts.get(appId)?.get(channel) ?? 0;
    if (!channel.startsWith("presence-")) return { subscriptionCount };
    return { subscriptionCount, userCount: this.members(appId, channel, false)?.size ?? 0 };
  }

  async channels(appId: string, prefix?: string): Promise<Map<string, ChannelCounts>> {
    const out = new Map<string, ChannelCounts>();
    for (const [channel, subscriptionCount] of this.counts.get(appId) ?? []) {
      if (prefix && !channel.startsWith(prefix)) continue;
      const userCount = channel.startsWith("presence-") ? (this.members(appId, channel, false)?.size ?? 0) : undefined;
      out.set(channel, userCount === undefined ? { subscriptionCount } : { subscriptionCount, userCount });
    }
    return out;
  }

  async close(): Promise<void> {
    this.counts.clear();
    this.presence.clear();
  }
}

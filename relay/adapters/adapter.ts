// The seam between one relay node and the cluster. The node keeps its own sockets and delivers to
// them itself; an adapter carries what must be cluster-wide: messages for other nodes' sockets,
// subscription counts (occupied/vacated), and presence membership (one member per user_id however
// many connections and nodes it has).
import type { PresenceMember, WebhookEvent } from "../protocol";

export interface ChannelCounts {
  subscriptionCount: number;
  /** Distinct presence users; presence channels only. */
  userCount?: number;
}

export type JoinOutcome = { status: "added" | "existing"; members: PresenceMember[] } | { status: "full"; members?: undefined };

/** What a node exposes to its adapter. */
export interface AdapterHost {
  readonly nodeId: string;
  /** Delivers a message published on another node to this node's sockets. */
  deliverLocal(appId: string, channel: string, payload: string, exceptSocketId: string | undefined): void;
  /** terminate_connections that arrived on another node. */
  terminateLocalUser(appId: string, userId: string): void;
  /** A cluster-wide state change (occupied/vacated, or a member lost with a dead node): webhook material. */
  channelEvent(appId: string, event: WebhookEvent): void;
  /** This node's state, for an adapter that must re-register it (e.g. after being presumed dead). */
  localState(): Iterable<{ appId: string; channel: string; subscriptions: number; members: PresenceMember[] }>;
  log(level: "debug" | "info" | "warn" | "error", message: string): void;
}

export interface Adapter {
  readonly kind: string;
  start(host: AdapterHost): Promise<void>;
  /** To every other node (the caller has already delivered locally). */
  publish(appId: string, channel: string, payload: string, exceptSocketId?: string): Promise<void>;
  terminateUser(appId: string, userId: string): Promise<void>;
  /**
   * Records this node's subscription count for a channel (absolute, so it is idempotent); the
   * adapter reports cluster-wide occupied/vacated transitions through `host.channelEvent`.
   * Resolves once the count is visible cluster-wide.
   */
  syncOccupancy(appId: string, channel: string, localCount: number): Promise<void>;
  /**
   * Called when this node's first connection of `member.userId` joins (node-local 0 -> 1), paired
   * with exactly one `leavePresence` on its 1 -> 0. `members` includes the joiner.
   */
  joinPresence(appId: string, channel: string, member: PresenceMember, maxMembers: number): Promise<JoinOutcome>;
  /** Resolves true when the user has no connection left anywhere (member_removed is due). */
  leavePresence(appId: string, channel: string, userId: string): Promise<boolean>;
  presenceMembers(appId: string, channel: string): Promise<PresenceMember[]>;
  channelInfo(appId: string, channel: string): Promise<ChannelCounts>;
  /** Occupied channels (optionally by prefix). */
  channels(appId: string, prefix?: string): Promise<Map<string, ChannelCounts>>;
  /** Null when the adapter can carry cluster traffic, else why not (the relay's /readyz). Absent: always ready. */
  notReady?(): string | null;
  close(): Promise<void>;
}

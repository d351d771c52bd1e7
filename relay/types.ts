import type { Adapter } from "./adapters/adapter";
import type { RelayMetrics } from "./metrics";
import type { Limits } from "./protocol";
import type { WebhookOptions } from "./webhooks";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type Logger = (level: LogLevel, message: string) => void;

export interface AppConfig {
  id: string;
  key: string;
  secret: string;
  /** Where channel_occupied/vacated and member_added/removed webhooks go; none when absent. */
  webhookUrl?: string;
  /** Also send a client_event webhook for every client event accepted (Pusher's app option; default false). */
  clientEventWebhooks?: boolean;
  /** A disabled app refuses connections with 4003 (default true). */
  enabled?: boolean;
}

export interface RelayOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  apps: AppConfig[];
  limits?: Partial<Limits>;
  /** Cluster seam; default: in-memory, this process only. */
  adapter?: Adapter;
  /** Names this node in metrics and in the cluster; default hostname-pid-random. */
  nodeId?: string;
  /** Sent in connection_established; the relay pings a client silent for this long. Default 120. */
  activityTimeoutSec?: number;
  /** After its ping, the relay waits this long for any sign of life before closing with 4201. Default 30. */
  pongTimeoutSec?: number;
  webhooks?: Partial<WebhookOptions>;
  /** How long close() lets sockets finish their close handshake before cutting them. Default 2000. */
  closeGraceMs?: number;
  log?: Logger;
}

export interface RelayHandle {
  readonly port: number;
  readonly host: string;
  /** http://host:port */
  readonly url: string;
  readonly nodeId: string;
  /**
   * Stops taking connections and tells every client to reconnect (4200), spreading those closes
   * evenly over `spreadMs` (default 0: all at once) so a fleet does not reconnect in one instant;
   * /readyz answers 503 from the first moment. Idempotent: later calls return the first close.
   */
  close(opts?: { spreadMs?: number }): Promise<void>;
  metrics(): RelayMetrics;
}

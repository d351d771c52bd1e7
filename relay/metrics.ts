// Plain counters (no per-message allocation) rendered as Prometheus text on /metrics.

export class Counters {
  connections = 0;
  connectionsTotal = 0;
  /** WebSocket messages received from clients. */
  messagesIn = 0;
  /** WebSocket messages written to clients (protocol replies and deliveries). */
  messagesOut = 0;
  /** Channel events written to subscribers (the fan-out part of messagesOut). */
  deliveries = 0;
  /** Channel events published (HTTP API triggers, client events, presence notices). */
  published = 0;
  clientEvents = 0;
  clientEventsRateLimited = 0;
  apiRequests = 0;
  apiErrors = 0;
  webhookBatchesSent = 0;
  webhookAttemptsFailed = 0;
  webhookEventsDropped = 0;
  backpressureCloses = 0;
  pongTimeouts = 0;
  /** Writes that could not use the pre-framed fast path (should stay 0). */
  slowPathWrites = 0;
}

export interface RelayMetrics extends Counters {
  nodeId: string;
  adapter: string;
  /** Channels with at least one subscriber on this node. */
  channels: number;
  rssBytes: number;
}

export function snapshot(c: Counters, extra: { nodeId: string; adapter: string; channels: number }): RelayMetrics {
  return { ...c, ...extra, rssBytes: process.memoryUsage.rss() };
}

const HELP: [keyof Counters, string, "gauge" | "counter", string][] = [
  ["connections", "relay_connections", "gauge", "Open WebSocket connections on this node"],
  ["connectionsTotal", "relay_connections_total", "counter", "WebSocket connections accepted"],
  ["messagesIn", "relay_messages_in_total", "counter", "WebSocket messages received"],
  ["messagesOut", "relay_messages_out_total", "counter", "WebSocket messages sent"],
  ["deliveries", "relay_deliveries_total", "counter", "Channel events delivered to subscribers"],
  ["published", "relay_published_total", "counter", "Channel events published"],
  ["clientEvents", "relay_client_events_total", "counter", "Client events accepted"],
  ["clientEventsRateLimited", "relay_client_events_rate_limited_total", "counter", "Client events refused by the rate limit"],
  ["apiRequests", "relay_api_requests_total", "counter", "HTTP API requests"],
  ["apiErrors", "relay_api_errors_total", "counter", "HTTP API requests answered with an error"],
  ["webhookBatchesSent", "relay_webhook_batches_sent_total", "counter", "Webhook batches delivered"],
  ["webhookAttemptsFailed", "relay_webhook_attempts_failed_total", "counter", "Webhook attempts that failed"],
  ["webhookEventsDropped", "relay_webhook_events_dropped_total", "counter", "Webhook events given up on"],
  ["backpressureCloses", "relay_backpressure_closes_total", "counter", "Sockets closed for not reading"],
  ["pongTimeouts", "relay_pong_timeouts_total", "counter", "Sockets closed for not answering a ping"],
  ["slowPathWrites", "relay_slow_path_writes_total", "counter", "Writes that could not use the pre-framed path"],
];

export function renderPrometheus(m: RelayMetrics): string {
  const label = `{node="${m.nodeId.replace(/["\\\n]/g, "_")}"}`;
  const lines: string[] = [];
  for (const [key, name, type, help] of HELP) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}${label} ${m[key]}`);
  }
  lines.push(
    "# HELP relay_channels Channels with a subscriber on this node",
    "# TYPE relay_channels gauge",
    `relay_channels${label} ${m.channels}`,
    "# HELP process_resident_memory_bytes Resident memory size in bytes",
    "# TYPE process_resident_memory_bytes gauge",
    `process_resident_memory_bytes${label} ${m.rssBytes}`,
  );
  return lines.join("\n") + "\n";
}

// Where realtime lives: our relay by default (RELAY_HOST:RELAY_PORT), managed Pusher when
// PUSHER_CLUSTER is set, or another Pusher-protocol endpoint when PUSHER_HOST is. RELAY_API_URL
// gives the server side its own address for the relay (deploy/: the relay's Service).
import "server-only";
import type { ClientRealtimeConfig } from "../../lib/realtime/config";
import { env } from "../env";

export type ServerRealtimeConfig = {
  appId: string;
  key: string;
  secret: string;
  cluster?: string;
  host?: string;
  port?: string;
  useTLS: boolean;
};

/** What the browser needs (nothing secret); the type lives with the browser code that uses it. */
export type { ClientRealtimeConfig } from "../../lib/realtime/config";

export function serverRealtimeConfig(): ServerRealtimeConfig {
  const base = { appId: env.PUSHER_APP_ID, key: env.PUSHER_KEY, secret: env.PUSHER_SECRET };
  if (env.PUSHER_CLUSTER && !env.PUSHER_HOST) return { ...base, cluster: env.PUSHER_CLUSTER, useTLS: true };
  // Publishing from inside a cluster: straight to the relay's Service, not out through the proxy.
  if (env.RELAY_API_URL) {
    const url = new URL(env.RELAY_API_URL);
    const tls = url.protocol === "https:";
    return { ...base, host: url.hostname, port: url.port || (tls ? "443" : "80"), useTLS: tls };
  }
  const useTLS = env.PUSHER_USE_TLS === "true";
  if (env.PUSHER_HOST) return { ...base, host: env.PUSHER_HOST, port: env.PUSHER_PORT ? String(env.PUSHER_PORT) : undefined, useTLS };
  return { ...base, host: env.RELAY_HOST === "0.0.0.0" ? "127.0.0.1" : env.RELAY_HOST, port: String(env.RELAY_PORT), useTLS: false };
}

/**
 * The browser connects to the relay's public address: the host the page was served from (so phones
 * on the LAN and the e2e browser reach it) unless PUSHER_HOST names one.
 */
export function clientRealtimeConfig(pageHost?: string): ClientRealtimeConfig {
  if (env.PUSHER_CLUSTER && !env.PUSHER_HOST) return { key: env.PUSHER_KEY, cluster: env.PUSHER_CLUSTER, forceTLS: true };
  const forceTLS = env.PUSHER_USE_TLS === "true";
  if (env.PUSHER_HOST) {
    const port = env.PUSHER_PORT ?? (forceTLS ? 443 : 80);
    return { key: env.PUSHER_KEY, cluster: "self-hosted", wsHost: env.PUSHER_HOST, wsPort: port, wssPort: port, forceTLS };
  }
  const host = pageHost ? pageHost.replace(/:\d+$/, "").replace(/^\[|\]$/g, "") : "localhost";
  return { key: env.PUSHER_KEY, cluster: "local", wsHost: host, wsPort: env.RELAY_PORT, wssPort: env.RELAY_PORT, forceTLS: false };
}

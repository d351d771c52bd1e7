// The web process's Redis (REDIS_URL), for state that several web processes must share and that
// is too hot for a PostgreSQL write per request (docs/processes.md). Absent: undefined, and callers
// fall back to this process's memory.
import "server-only";
import { Redis } from "ioredis";
import { env } from "./env";

type Shared = { client: Redis; connected: Promise<void> };
const globalForRedis = globalThis as unknown as { __isessionRedis?: Shared };

const FIRST_CONNECT_WAIT_MS = 1_000;

/**
 * The client, once its first connection is made (or has taken a second: then callers use their
 * fallback until it is up). Commands fail fast while Redis is away instead of queueing.
 */
export async function sharedRedis(): Promise<Redis | undefined> {
  if (!env.REDIS_URL) return undefined;
  if (!globalForRedis.__isessionRedis) {
    const client = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    let lastError = "";
    client.on("error", (e: Error) => {
      if (e.message !== lastError) console.warn(`[redis] ${e.message}`);
      lastError = e.message;
    });
    const connected = new Promise<void>((resolve) => {
      client.once("ready", resolve);
      setTimeout(resolve, FIRST_CONNECT_WAIT_MS).unref();
    });
    client.on("ready", () => (lastError = ""));
    globalForRedis.__isessionRedis = { client, connected };
  }
  const shared = globalForRedis.__isessionRedis;
  await shared.connected;
  return shared.client;
}

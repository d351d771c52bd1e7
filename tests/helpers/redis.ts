// Redis for the suites that need it (relay cluster, shared limits, the cross-process e2e).
// Outside CI an unreachable Redis skips them and says so; in CI (.ci/run starts Redis, CI=true) it
// fails them instead, so "executed, not skipped" holds there.
import { Redis } from "ioredis";

export const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";

async function reachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** True when Redis answers; false (with a warning naming `suite`) outside CI; throws in CI. */
export async function requireRedis(suite: string): Promise<boolean> {
  if (await reachable()) return true;
  const message = `Redis at ${REDIS_URL} is unreachable: ${suite}`;
  if (process.env.CI === "true") throw new Error(`${message} cannot run, and CI must run it (.ci/run starts Redis).`);
  console.warn(`[redis] ${message} SKIPPED (start Redis or set REDIS_URL).`);
  return false;
}

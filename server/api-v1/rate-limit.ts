// Requests per API key: API_RATE_LIMIT_PER_MINUTE in a fixed one-minute window, answered with the
// IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers: `RateLimit-Limit`,
// `RateLimit-Remaining`, `RateLimit-Reset` in seconds, `RateLimit-Policy` "600;w=60") and 429 with
// `Retry-After` past it. Stored like the chat line limit (server/chat/line-limit.ts): in Redis with
// REDIS_URL, so several web processes share one allowance per key (an in-memory limiter stands in
// while Redis is unreachable), else in this process's memory. A PostgreSQL counter would add a
// write to every read the API serves.
import "server-only";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "../env";
import { sharedRedis } from "../redis";
import { ApiError } from "./errors";

export type ApiRateLimit = { points: number; durationSec: number };
export type ApiRateLimiter = { limit: ApiRateLimit; limiter: RateLimiterAbstract };

export async function makeApiRateLimiter(limit: ApiRateLimit, keyPrefix = "apiv1"): Promise<ApiRateLimiter> {
  const memory = new RateLimiterMemory({ keyPrefix, points: limit.points, duration: limit.durationSec });
  const redis = await sharedRedis();
  if (!redis) return { limit, limiter: memory };
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points: limit.points,
    duration: limit.durationSec,
    insuranceLimiter: memory,
    rejectIfRedisNotReady: true,
  });
  return { limit, limiter };
}

let shared: Promise<ApiRateLimiter> | undefined;

/** The limiter the API's routes use (API_RATE_LIMIT_PER_MINUTE per key per minute). */
export function apiRateLimiter(): Promise<ApiRateLimiter> {
  return (shared ??= makeApiRateLimiter({ points: env.API_RATE_LIMIT_PER_MINUTE, durationSec: 60 }));
}

function headersOf(limit: ApiRateLimit, res: RateLimiterRes): Record<string, string> {
  return {
    "RateLimit-Limit": String(limit.points),
    "RateLimit-Remaining": String(Math.max(0, res.remainingPoints)),
    "RateLimit-Reset": String(Math.max(0, Math.ceil(res.msBeforeNext / 1000))),
    "RateLimit-Policy": `${limit.points};w=${limit.durationSec}`,
  };
}

/** Counts one request for `keyId`: the headers for the answer, or RATE_LIMITED (429, Retry-After) past the limit. */
export async function takeApiAllowance(rl: ApiRateLimiter, keyId: string): Promise<Record<string, string>> {
  try {
    return headersOf(rl.limit, await rl.limiter.consume(keyId));
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    const retry = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw new ApiError(
      "RATE_LIMITED",
      `This key made more than ${rl.limit.points} requests in ${rl.limit.durationSec} seconds; retry in ${retry} s.`,
      {
        ...headersOf(rl.limit, e),
        "Retry-After": String(retry),
      },
    );
  }
}

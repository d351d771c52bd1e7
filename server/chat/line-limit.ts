// How fast one seat may send chat lines: 20 at once, 10 a second sustained (20 per 2-second
// window). A typist sends a line every few seconds at most, and an agent pasting macros a handful
// in a row; only a script reaches the limit, and its lines past it are refused, stored nowhere.
// With REDIS_URL the counters live in Redis, so a seat whose requests land on several web
// processes has one allowance (an in-memory limiter per process stands in while Redis is
// unreachable: then the limit is per process); without it, in memory: one web process needs
// nothing shared. A database counter would add the write this path exists to avoid (bench/chat).
import "server-only";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "../errors";
import { sharedRedis } from "../redis";

export const LINE_LIMIT = { points: 20, durationSec: 2 } as const;

let limiter: Promise<RateLimiterAbstract> | undefined;

function lineLimiter(): Promise<RateLimiterAbstract> {
  return (limiter ??= makeLimiter());
}

async function makeLimiter(): Promise<RateLimiterAbstract> {
  const memory = new RateLimiterMemory({ keyPrefix: "chatline", points: LINE_LIMIT.points, duration: LINE_LIMIT.durationSec });
  const redis = await sharedRedis();
  if (!redis) return memory;
  // A line never waits for Redis: while it is not connected (the first moments, an outage) the
  // in-memory insurance counts.
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: "chatline",
    points: LINE_LIMIT.points,
    duration: LINE_LIMIT.durationSec,
    insuranceLimiter: memory,
    rejectIfRedisNotReady: true,
  });
}

/** Counts one line for `seatId`; TOO_MANY_REQUESTS (nothing counted further) once over the limit. */
export async function takeLineAllowance(seatId: string): Promise<void> {
  try {
    await (await lineLimiter()).consume(seatId);
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    throw new AppError("TOO_MANY_REQUESTS", "You are sending messages too fast; wait a moment.", { retryAfterMs: e.msBeforeNext });
  }
}

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

const TOO_FAST = "You are sending messages too fast; wait a moment.";

// Seats refused this window, and when the window ends (epoch ms). The limiter counts fixed
// windows: once a seat is over, every line of it is refused until the window ends, so a line from
// a seat listed here can be refused before anything else is done for it (refusedLine, from the
// HTTP handler), exactly as the limiter would refuse it. A script that keeps sending past the limit
// then costs its own request's reading and answer, not a context, a procedure and a limiter call
// each: the other sessions' latency is what this protects (bench/chat.bench.ts, the abuser).
// Per process; with Redis the window's end is the shared counter's, which this never outlasts.
const REFUSALS_MAX = 10_000;
const refusals = new Map<string, number>();

/** Counts one line for `seatId`; TOO_MANY_REQUESTS (nothing counted further) once over the limit. */
export async function takeLineAllowance(seatId: string): Promise<void> {
  try {
    await (await lineLimiter()).consume(seatId);
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    if (refusals.size >= REFUSALS_MAX && !refusals.has(seatId)) refusals.delete(refusals.keys().next().value!);
    refusals.set(seatId, Date.now() + e.msBeforeNext);
    throw new AppError("TOO_MANY_REQUESTS", TOO_FAST, { retryAfterMs: e.msBeforeNext });
  }
}

/**
 * The refusal `takeLineAllowance` would answer for a line of `seatId` now, known without asking the
 * limiter: the seat was refused in the window that is still running. Null when not known (the
 * limiter decides).
 */
export function refusedLine(seatId: string): AppError | null {
  const until = refusals.get(seatId);
  if (until === undefined) return null;
  const wait = until - Date.now();
  if (wait <= 0) {
    refusals.delete(seatId);
    return null;
  }
  return new AppError("TOO_MANY_REQUESTS", TOO_FAST, { retryAfterMs: wait });
}

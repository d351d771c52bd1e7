// When a failed delivery is tried again: exponential back-off with jitter, over 24 hours from the
// delivery's creation. Retry n (after n failed attempts) waits 1 min x 2^(n-1), at most 6 h, each
// wait scaled by a random factor in [0.8, 1.2] so endpoints that failed together do not all come
// back in the same second. The last attempt is made at the 24-hour mark; a failure then is final.
import "server-only";

export const RETRY_WINDOW_MS = 24 * 3_600_000;
export const FIRST_RETRY_MS = 60_000;
export const MAX_RETRY_MS = 6 * 3_600_000;
export const JITTER = 0.2;

/** The wait after `failedAttempts` failed attempts (>= 1), before jitter. */
export function baseRetryDelayMs(failedAttempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1), MAX_RETRY_MS);
}

export function retryDelayMs(failedAttempts: number, random: () => number = Math.random): number {
  return Math.round(baseRetryDelayMs(failedAttempts) * (1 - JITTER + 2 * JITTER * random()));
}

/** When the next attempt is due, or null when the 24 hours are over (the delivery has failed). */
export function nextAttemptAt(createdAt: Date, failedAttempts: number, now: Date, random: () => number = Math.random): Date | null {
  const deadline = createdAt.getTime() + RETRY_WINDOW_MS;
  if (now.getTime() >= deadline) return null;
  return new Date(Math.min(now.getTime() + retryDelayMs(failedAttempts, random), deadline));
}

// Queue priorities above the default 0: higher is offered first, whatever the wait.
import "server-only";

/** A visitor back through their scheduled session's link: they booked a time, so nobody passes them. */
export const SCHEDULED_PRIORITY = 10;
/**
 * A visitor an agent sent back to the queue: already served once, so ahead of everyone waiting for
 * the first time, but behind a scheduled re-entry. Fixed, not incremented: bounced five times is
 * not a reason to pass visitors who booked a time.
 */
export const REQUEUED_PRIORITY = 5;

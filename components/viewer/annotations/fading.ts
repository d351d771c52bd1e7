// How long marks stay and how the live pointer is sent. Pure timing, so it is tested with fake
// clocks (tests/unit/annotations.test.ts).

/** A mark shows fully for this long after it arrives… */
export const MARK_HOLD_MS = 3000;
/** …then fades out over this, gone at ~4 s: long enough to look, short enough not to clutter. */
export const MARK_FADE_MS = 1000;
export const MARK_LIFE_MS = MARK_HOLD_MS + MARK_FADE_MS;
/**
 * The live pointer: one client event per 200 ms at most (5/s) with a trailing send, so it stops
 * where the hand stopped. The relay allows 10 client events/s per connection, and live typing
 * (300 ms) shares the connection.
 */
export const POINTER_THROTTLE_MS = 200;
/** A follower hides the leader's pointer when no move came for this long (tab closed, hand left). */
export const POINTER_STALE_MS = 3000;

/** Opacity of a mark `ageMs` after it arrived: 1 while held, then linear to 0. */
export function markOpacity(ageMs: number): number {
  if (ageMs <= MARK_HOLD_MS) return 1;
  if (ageMs >= MARK_LIFE_MS) return 0;
  return 1 - (ageMs - MARK_HOLD_MS) / MARK_FADE_MS;
}

/** The marks still visible at `now`, each with its opacity. */
export function visibleMarks<T extends { shownAt: number }>(marks: readonly T[], now: number): (T & { opacity: number })[] {
  return marks.map((m) => ({ ...m, opacity: markOpacity(now - m.shownAt) })).filter((m) => m.opacity > 0);
}

/**
 * A leading-and-trailing throttle: the first call goes at once, later ones at most every
 * `intervalMs`, and the last value of a burst always goes (after the interval). `flush(value)`
 * sends now and drops a pending trailing send (the pointer leaving the page must not be undone).
 */
export function throttle<T>(
  intervalMs: number,
  send: (value: T) => void,
  clock: { now: () => number; setTimeout: (f: () => void, ms: number) => unknown; clearTimeout: (t: unknown) => void } = {
    now: () => Date.now(),
    setTimeout: (f, ms) => setTimeout(f, ms),
    clearTimeout: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
  },
) {
  let last = -Infinity;
  let timer: unknown = null;
  let pending: { value: T } | null = null;
  const fire = (value: T) => {
    last = clock.now();
    pending = null;
    send(value);
  };
  return {
    push(value: T) {
      const wait = intervalMs - (clock.now() - last);
      if (wait <= 0 && timer === null) return fire(value);
      pending = { value };
      if (timer === null)
        timer = clock.setTimeout(
          () => {
            timer = null;
            if (pending) fire(pending.value);
          },
          Math.max(0, wait),
        );
    },
    flush(value: T) {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      fire(value);
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}

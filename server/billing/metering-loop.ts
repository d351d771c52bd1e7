// The worker's metering loop: a metering tick every `intervalMs`, never two at once in one process.
// Stopping it (or killing the process) at any point loses nothing: the next tick, here or in
// another worker, derives the same records from the same rows.
import "server-only";
import { meterTick } from "./metering";

export const METER_EVERY_MS = 15_000;

export type MeteringLoop = {
  /** Resolves after the next tick that starts from now has finished (tests, shutdown). */
  nextTick(): Promise<void>;
  stop(): Promise<void>;
};

export function startMeteringLoop(opts: { intervalMs?: number; clock?: () => Date; onError?: (e: Error) => void } = {}): MeteringLoop {
  const clock = opts.clock ?? (() => new Date());
  const onError = opts.onError ?? ((e) => console.error(`[worker] metering failed: ${e.message}`));
  let running: Promise<void> | null = null;
  let stopped = false;
  let waiters: (() => void)[] = [];

  const tick = () => {
    if (running || stopped) return;
    const current = waiters;
    waiters = [];
    running = meterTick(clock())
      .then(() => undefined)
      .catch((e: unknown) => onError(e as Error))
      .finally(() => {
        running = null;
        for (const w of current) w();
      });
  };
  const timer = setInterval(tick, opts.intervalMs ?? METER_EVERY_MS);
  tick();

  return {
    nextTick() {
      if (stopped) return Promise.reject(new Error("The metering loop is stopped."));
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        if (!running) tick();
      });
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      for (const w of waiters) w();
      waiters = [];
    },
  };
}

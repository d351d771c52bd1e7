// Per-key coalescing of work requested in this process: at most one run in flight and one pending.
// A request made while a run is going needs a run that starts after it (the running one may have
// read the rows before the request's write), so it marks one pending; any number of requests made
// meanwhile share that one. A burst of 1,000 arrivals thus becomes a few dispatch rounds, each
// taking everyone waiting, instead of 1,000 rounds queuing on the org's lock.
import "server-only";

type Slot = { pending: boolean; done: Promise<void> };
// Next's bundle and our own server (tsx) each load this module; one map on globalThis lets both
// coalesce together and lets the web process's SIGTERM drain rounds started by either copy.
const globalForCoalesce = globalThis as unknown as { __isessionCoalesce?: Map<string, Slot> };
const slots = (globalForCoalesce.__isessionCoalesce ??= new Map<string, Slot>());

/** Runs `run` for `key` soon; resolves once a run that started after this call has finished. */
export function coalesce(key: string, run: () => Promise<void>): Promise<void> {
  const existing = slots.get(key);
  if (existing) {
    existing.pending = true;
    return existing.done;
  }
  const slot: Slot = { pending: false, done: Promise.resolve() };
  slot.done = (async () => {
    try {
      do {
        slot.pending = false;
        await run();
      } while (slot.pending);
    } finally {
      slots.delete(key);
    }
  })();
  slots.set(key, slot);
  return slot.done;
}

/** Resolves when nothing is running or pending (shutdown, tests, benchmarks). */
export async function drainCoalesced(): Promise<void> {
  while (slots.size > 0) await Promise.allSettled([...slots.values()].map((s) => s.done));
}

// Messages a domain function wants published once its transaction has committed. Publishing is
// best effort and never holds the caller: messages are queued and sent in batches (one relay
// request carries up to 10, over kept-alive connections) while the mutation answers. A client that
// missed a message catches up through the API (per-stream gap fill, refetch), so a relay hiccup
// must never fail, delay or roll back the business operation.
//
// Order: a channel's messages go out in the order they were queued. A batch takes the oldest
// messages whose channel has no request in flight (and none of a channel passed over), so a room
// line's two channels share a request, and up to 8 requests run side by side: one slow request
// holds only its own channels. Beyond two, only full batches go out (PARTIAL_IN_FLIGHT).
import "server-only";
import { publishBatch } from "./publish";

export type Outgoing = { channel: string; event: string; data: unknown };

/** Pusher's limit per batch request (the relay's too). */
const BATCH = 10;
const MAX_IN_FLIGHT = 8;
/**
 * A batch short of BATCH goes out only while fewer requests than this are out; otherwise it waits
 * for one to come back and grows meanwhile. Requests cost the web process more CPU than messages
 * (docs/performance.md), and a waiting message waits at most one request's round trip; two, so one
 * slow request does not hold everyone else's.
 */
const PARTIAL_IN_FLIGHT = 2;
/** How far into the queue a batch looks for messages it may take. */
const SCAN = 1000;
/**
 * The most messages waiting. Beyond it (a relay that is down or hangs until the request times
 * out) the oldest are dropped: clients fill the gap, and the process's memory stays bounded.
 */
export const MAX_QUEUED = 50_000;
/** Failures are reported as one summary per interval, not a line per message. */
const REPORT_EVERY_MS = 5_000;

type Outbox = {
  queue: Outgoing[];
  busy: Set<string>;
  sending: Set<Promise<void>>;
  scheduled: boolean;
  failed: number;
  dropped: number;
  lastError: string;
  reportAt: number;
};
// One queue per process, though Next's bundle and our own server each load this module: the web
// process drains it once on shutdown.
const globalForOutbox = globalThis as unknown as { __isessionOutbox?: Outbox };
const box: Outbox = (globalForOutbox.__isessionOutbox ??= {
  queue: [],
  busy: new Set(),
  sending: new Set(),
  scheduled: false,
  failed: 0,
  dropped: 0,
  lastError: "",
  reportAt: 0,
});

/** The next batch: oldest first, skipping channels in flight and everything after a skipped message of the same channel. */
function takeBatch(minimum: number): Outgoing[] {
  const batch: Outgoing[] = [];
  const passed = new Set<string>();
  const taken: number[] = [];
  for (let i = 0; i < Math.min(box.queue.length, SCAN) && batch.length < BATCH; i++) {
    const m = box.queue[i]!;
    if (box.busy.has(m.channel) || passed.has(m.channel)) {
      passed.add(m.channel);
      continue;
    }
    batch.push(m);
    taken.push(i);
  }
  if (batch.length < minimum) return [];
  // One pass that keeps the rest in order (a splice per message would move a long queue 10 times).
  if (taken.length > 0) {
    const last = taken[taken.length - 1]!;
    const takenSet = new Set(taken);
    const kept = box.queue.slice(0, last + 1).filter((_, i) => !takenSet.has(i));
    box.queue.splice(0, last + 1, ...kept);
  }
  return batch;
}

function fill(): void {
  while (box.sending.size < MAX_IN_FLIGHT && box.queue.length > 0) {
    const batch = takeBatch(box.sending.size < PARTIAL_IN_FLIGHT ? 1 : BATCH);
    if (batch.length === 0) return;
    const channels = new Set(batch.map((m) => m.channel));
    for (const c of channels) box.busy.add(c);
    const p: Promise<void> = (async () => {
      // The relay takes a batch whole or not at all: a failed batch is sent again one by one, so
      // one bad message (e.g. too large) does not take the others with it, and a request lost to
      // a connection the relay had just closed (keep-alive) is tried once more.
      if (!(await sent(batch, false))) for (const m of batch) await sent([m], true);
    })().finally(() => {
      for (const c of channels) box.busy.delete(c);
      box.sending.delete(p);
      fill();
    });
    box.sending.add(p);
  }
}

async function sent(batch: Outgoing[], last: boolean): Promise<boolean> {
  try {
    await publishBatch(batch);
    return true;
  } catch (e) {
    if (last) {
      box.failed += 1;
      box.lastError = (e as Error).message;
      report();
    }
    return false;
  }
}

/** At most one warning per interval, with what failed or was dropped since the last one. */
function report(): void {
  const now = Date.now();
  if (now < box.reportAt || (box.failed === 0 && box.dropped === 0)) return;
  box.reportAt = now + REPORT_EVERY_MS;
  console.warn(
    `[realtime] ${box.failed} message(s) not delivered to the relay (last: ${box.lastError || "queue full"}), ${box.dropped} dropped from a full queue; clients fill the gap`,
  );
  box.failed = 0;
  box.dropped = 0;
}

/**
 * Queues `messages` for the relay and returns at once (call only after commit). The returned
 * promise never rejects; `drainPublishes()` waits for the queue.
 */
export function publishAfterCommit(messages: Outgoing[]): Promise<void> {
  if (messages.length === 0) return Promise.resolve();
  for (const m of messages) box.queue.push(m);
  if (box.queue.length > MAX_QUEUED) {
    const over = box.queue.length - MAX_QUEUED;
    box.queue.splice(0, over);
    box.dropped += over;
    report();
  }
  // One turn of the event loop lets the lines answered together share a request.
  if (!box.scheduled) {
    box.scheduled = true;
    setImmediate(() => {
      box.scheduled = false;
      fill();
    });
  }
  return Promise.resolve();
}

/** Resolves once everything queued so far (and anything queued meanwhile) was sent or given up. */
export async function drainPublishes(): Promise<void> {
  while (box.queue.length > 0 || box.sending.size > 0 || box.scheduled) {
    if (box.sending.size > 0) await Promise.race(box.sending);
    else await new Promise<void>((r) => setImmediate(r));
  }
}

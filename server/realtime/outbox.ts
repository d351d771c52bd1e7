// Messages a domain function wants published once its transaction has committed. Publishing is
// best effort and never holds the caller: messages are queued and sent in batches (one relay
// request carries up to 10, over kept-alive connections) while the mutation answers. A client that
// missed a message catches up through the API (per-stream gap fill, refetch), so a relay hiccup
// must never fail, delay or roll back the business operation.
//
// Order: a channel's messages go out in the order they were queued (each channel belongs to one
// lane, and a lane has one request in flight), so subscribers see a stream's events in seq order
// as before; lanes run side by side so one slow request does not hold every channel.
import { publishBatch } from "./publish";

export type Outgoing = { channel: string; event: string; data: unknown };

/** Pusher's limit per batch request (the relay's too). */
const BATCH = 10;
/** Requests in flight at once; each lane owns the channels that hash to it. */
const LANES = 8;

type Lane = { queue: Outgoing[]; sending: Promise<void> | null };
// One queue per process, though Next's bundle and our own server each load this module: the web
// process drains it once on shutdown.
const globalForOutbox = globalThis as unknown as { __isessionOutbox?: Lane[] };
const lanes: Lane[] = (globalForOutbox.__isessionOutbox ??= Array.from({ length: LANES }, () => ({ queue: [], sending: null })));

function laneOf(channel: string): Lane {
  let h = 0;
  for (let i = 0; i < channel.length; i++) h = (h * 31 + channel.charCodeAt(i)) | 0;
  return lanes[(h >>> 0) % LANES]!;
}

/** Sends the lane's queue batch by batch until it is empty; messages queued meanwhile ride along. */
function pump(lane: Lane): void {
  if (lane.sending || lane.queue.length === 0) return;
  lane.sending = (async () => {
    // One turn of the event loop lets the lines answered together share a request.
    await new Promise<void>((r) => setImmediate(r));
    while (lane.queue.length > 0) {
      const batch = lane.queue.splice(0, BATCH);
      // The relay takes a batch whole or not at all: a failed batch is sent again one by one, so
      // one bad message (e.g. too large) does not take the others with it, and a request lost to
      // a connection the relay had just closed (keep-alive) is tried once more.
      if (!(await sent(batch, false))) for (const m of batch) await sent([m], true);
    }
  })().finally(() => {
    lane.sending = null;
    pump(lane);
  });
}

async function sent(batch: Outgoing[], last: boolean): Promise<boolean> {
  try {
    await publishBatch(batch);
    return true;
  } catch (e) {
    if (last) console.warn(`[realtime] publish to ${batch[0]!.channel} failed (clients fill the gap): ${(e as Error).message}`);
    return false;
  }
}

/**
 * Queues `messages` for the relay and returns at once (call only after commit). The returned
 * promise never rejects; `drainPublishes()` waits for the queue.
 */
export function publishAfterCommit(messages: Outgoing[]): Promise<void> {
  for (const m of messages) laneOf(m.channel).queue.push(m);
  for (const lane of lanes) pump(lane);
  return Promise.resolve();
}

/** Resolves once everything queued so far (and anything queued meanwhile) was sent or given up. */
export async function drainPublishes(): Promise<void> {
  for (;;) {
    const busy = lanes.flatMap((l) => (l.sending ? [l.sending] : []));
    if (busy.length === 0) return;
    await Promise.all(busy);
  }
}

// Webhooks to the app, as Pusher sends them: POST {time_ms, events:[...]}, X-Pusher-Key and
// X-Pusher-Signature (HMAC-SHA256 hex of the body with the app secret). Events are batched per app
// over a short window and sent one request at a time per app, so they arrive in the order they
// happened on this node; a failed request is retried with exponential backoff a bounded number of
// times, then dropped (and counted). Nothing here is awaited by message delivery.
import { hmacHex } from "./auth";
import type { Counters } from "./metrics";
import type { WebhookEvent } from "./protocol";
import type { Logger } from "./types";

export interface WebhookOptions {
  /** Collect events for this long before sending (Pusher batches too). */
  batchMs: number;
  maxEventsPerRequest: number;
  /** Attempts per batch, the first included. */
  maxAttempts: number;
  /** Backoff before retry n is retryBaseMs * 2^(n-1), with jitter. */
  retryBaseMs: number;
  timeoutMs: number;
  /** Events queued per app beyond this are dropped, oldest first. */
  maxQueuedEvents: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: Readonly<WebhookOptions> = Object.freeze({
  batchMs: 50,
  maxEventsPerRequest: 100,
  maxAttempts: 5,
  retryBaseMs: 500,
  timeoutMs: 5000,
  maxQueuedEvents: 10_000,
});

export interface WebhookTarget {
  id: string;
  key: string;
  secret: string;
  webhookUrl?: string;
}

class AppQueue {
  events: WebhookEvent[] = [];
  timer: NodeJS.Timeout | undefined;
  busy = false;
  constructor(readonly app: WebhookTarget & { webhookUrl: string }) {}
}

export class WebhookSender {
  private readonly queues = new Map<string, AppQueue>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Wakes retry sleeps on close, so a dead endpoint cannot hold shutdown up. */
  private readonly wakers = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly opts: WebhookOptions,
    private readonly counters: Counters,
    private readonly log: Logger,
  ) {}

  push(app: WebhookTarget, event: WebhookEvent): void {
    if (!app.webhookUrl || this.closed) return;
    let q = this.queues.get(app.id);
    if (!q) this.queues.set(app.id, (q = new AppQueue({ ...app, webhookUrl: app.webhookUrl })));
    q.events.push(event);
    if (q.events.length > this.opts.maxQueuedEvents) {
      q.events.shift();
      this.counters.webhookEventsDropped++;
    }
    this.schedule(q, this.opts.batchMs);
  }

  private schedule(q: AppQueue, delay: number) {
    if (q.busy || q.timer || q.events.length === 0) return;
    q.timer = setTimeout(() => {
      q.timer = undefined;
      this.track(this.drain(q));
    }, delay);
    q.timer.unref();
  }

  private track(p: Promise<void>) {
    const tracked = p
      .catch((err: unknown) => this.log("error", `webhook sender: ${String(err)}`))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async drain(q: AppQueue): Promise<void> {
    if (q.busy) return;
    q.busy = true;
    try {
      while (q.events.length > 0 && !this.closed) {
        const batch = q.events.splice(0, this.opts.maxEventsPerRequest);
        await this.deliver(q.app, batch);
      }
    } finally {
      q.busy = false;
    }
  }

  private async deliver(app: WebhookTarget & { webhookUrl: string }, events: WebhookEvent[]): Promise<void> {
    const body = JSON.stringify({ time_ms: Date.now(), events });
    const headers = {
      "content-type": "application/json",
      "x-pusher-key": app.key,
      "x-pusher-signature": hmacHex(app.secret, body),
    };
    for (let attempt = 1; ; attempt++) {
      let failure: string;
      try {
        const res = await fetch(app.webhookUrl, {
          method: "POST",
          headers,
          body,
          signal: AbortSignal.timeout(this.opts.timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          this.counters.webhookBatchesSent++;
          return;
        }
        failure = `HTTP ${res.status}`;
      } catch (err) {
        failure = err instanceof Error ? err.message : String(err);
      }
      this.counters.webhookAttemptsFailed++;
      if (attempt >= this.opts.maxAttempts || this.closed) {
        this.counters.webhookEventsDropped += events.length;
        this.log("error", `webhook to ${app.webhookUrl} failed ${attempt} times (${failure}); dropped ${events.length} events`);
        return;
      }
      this.log("warn", `webhook to ${app.webhookUrl} failed (${failure}); retry ${attempt}/${this.opts.maxAttempts - 1}`);
      const delay = this.opts.retryBaseMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  /** Sends what is queued now and waits for in-flight requests, up to `timeoutMs`; then stops. */
  async close(timeoutMs: number): Promise<void> {
    for (const q of this.queues.values()) {
      if (q.timer) clearTimeout(q.timer);
      q.timer = undefined;
      if (!q.busy && q.events.length > 0) this.track(this.drain(q));
    }
    const settled = Promise.allSettled([...this.inFlight]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    this.closed = true;
    for (const wake of [...this.wakers]) wake();
  }
}

// Pacing the tab's messages under the relay's client-event limit (lib/cobrowse.ts SEND_RATE_PER_S,
// burst = rate, like the relay's own bucket). rrweb events wait in one buffer while no token is
// free and leave together as one message when one is: at a few mutations a second each goes out
// alone at once; a burst of 100/s leaves as ~9 messages/s of ~11 events, not a queue that grows.
// Big messages (a snapshot) are gzipped and chunked (encodeMessage), one token per chunk.
import { SEND_RATE_PER_S, encodeMessage, type ChunkMsg, type CobrowseMsg, type RrEvent, type VisitorToAgent } from "../lib/cobrowse";

type Piece = CobrowseMsg | ChunkMsg;

export class TabSender {
  private tokens = SEND_RATE_PER_S;
  private at = Date.now();
  private wire: Piece[] = [];
  private rr: RrEvent[] = [];
  private rrFull = false;
  private seq = 0;
  private encoding = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly tab: string,
    private readonly out: (piece: Piece) => boolean,
    /** Called with a message's JSON size before it is encoded; false drops it (too large). */
    private readonly admit: (bytes: number, msg: CobrowseMsg) => boolean = () => true,
  ) {}

  /** One rrweb event; a Meta event (type 4) starts a full snapshot and supersedes what waits. */
  event(e: RrEvent) {
    if (e.type === 4) {
      this.rr = [];
      this.rrFull = true;
    }
    this.rr.push(e);
    this.pump();
  }

  message(m: VisitorToAgent) {
    void this.enqueue(m);
  }

  /** Drops everything waiting (stop, or a resubscribe that will send a fresh snapshot). */
  reset() {
    this.wire = [];
    this.rr = [];
    this.rrFull = false;
  }

  get idle() {
    return this.wire.length === 0 && this.rr.length === 0 && this.encoding === 0;
  }

  private async enqueue(m: CobrowseMsg) {
    this.encoding++;
    try {
      const json = JSON.stringify(m);
      if (!this.admit(json.length, m)) return;
      this.wire.push(...(await encodeMessage(m)));
    } finally {
      this.encoding--;
      this.pump();
    }
  }

  private pump() {
    if (this.timer) return;
    const now = Date.now();
    this.tokens = Math.min(SEND_RATE_PER_S, this.tokens + ((now - this.at) / 1000) * SEND_RATE_PER_S);
    this.at = now;
    while (this.tokens >= 1) {
      const piece = this.wire.shift();
      if (piece) {
        if (!this.out(piece)) {
          // Not connected: a resubscribe sends a fresh snapshot, so what waits is moot.
          this.reset();
          return;
        }
        this.tokens -= 1;
        continue;
      }
      if (this.rr.length && this.encoding === 0) {
        const events = this.rr;
        const msg: CobrowseMsg = { t: "rr", tab: this.tab, seq: this.seq, full: this.rrFull, events };
        this.seq += events.length;
        this.rr = [];
        this.rrFull = false;
        void this.enqueue(msg);
      }
      break;
    }
    if (this.wire.length || (this.rr.length && this.encoding === 0)) {
      const wait = Math.max(1, Math.ceil(((1 - this.tokens) / SEND_RATE_PER_S) * 1000));
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
    }
  }
}

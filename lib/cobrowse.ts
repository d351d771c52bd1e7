// Co-browsing (docs/cobrowse.md): the messages between the visitor's tab on the client's site and
// the agents' mirrors, and their wire form. Shared by the visitor bundle (cobrowse/), the mirror
// (components/cobrowse/) and the server (server/cobrowse/). Every message is one client event on
// the session's co-browse channel (named by server/realtime/channels.ts, handed out in the view data); `t` is the discriminant.

/** The one client event name on the co-browse channel. */
export const COBROWSE_EVENT = "client-cobrowse";

/**
 * The relay refuses client event data over 10 KB (relay/protocol.ts maxEventDataBytes) and more than
 * 10 client events/s per connection. A message whose JSON is over MAX_INLINE_BYTES is gzipped,
 * base64-encoded and cut into CHUNK_CHARS pieces, each one event; senders keep to SEND_RATE/s.
 */
export const MAX_INLINE_BYTES = 9_000;
export const CHUNK_CHARS = 9_000;
/** Below the relay's 10/s so that clock skew between the two token buckets never costs a refusal. */
export const SEND_RATE_PER_S = 9;
/** Chunk sets never completed (a sender gone mid-message) are dropped after this long. */
export const CHUNK_TTL_MS = 30_000;
/** A serialized snapshot bigger than this is refused by the visitor's tab (state.reason "too_large"). */
export const MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024;

/** An rrweb event as recorded (`eventWithTime` from @rrweb/types), kept opaque here. */
export type RrEvent = { type: number; data: unknown; timestamp: number; delay?: number };

export type Viewport = { w: number; h: number };
export type Scroll = { x: number; y: number };

/** Why sharing ended: the visitor pressed Stop, the page was too big, the session ended, or it was turned off. */
export type CobrowseStopReason = "visitor" | "too_large" | "session_ended" | "disabled" | "error";

// ─── visitor → agent ────────────────────────────────────────────────────────────────────────
/**
 * rrweb events in order. `seq` is the tab's count of events sent before this message's first, so the
 * next message's seq is seq + events.length (anything else is a gap: ask for a snapshot). `full`
 * starts a full snapshot.
 */
export type RrMsg = { t: "rr"; tab: string; seq: number; full: boolean; events: RrEvent[] };
/** The tab's state: sent on consent, on a snapshot, on scroll (throttled), on stop. */
export type StateMsg = {
  t: "state";
  tab: string;
  sharing: boolean;
  /** The visitor allowed the agent to scroll and follow same-site links. */
  control: boolean;
  url: string;
  viewport: Viewport;
  scroll: Scroll;
  /** Set when sharing stopped. */
  reason?: CobrowseStopReason;
};
export type FormAnswerMsg = { t: "form.answer"; proposalId: string; accepted: boolean };

// ─── agent → visitor ────────────────────────────────────────────────────────────────────────
/** A mirror that starts late, reconnects or saw a gap asks for a fresh full snapshot. */
export type SnapshotRequestMsg = { t: "snapshot.request" };
/** Follow-me: scroll the visitor's page to this position (only when the visitor allowed control). */
export type ScrollMsg = { t: "scroll"; x: number; y: number };
/** Follow a link: `nodeId` is the rrweb mirror id of an <a> of the same site (only with control). */
export type ClickMsg = { t: "click"; nodeId: number };
/** A proposed value for a field (hC, docs/cobrowse.md "Forms"); `by` is the proposer's display name. */
export type FormProposeMsg = { t: "form.propose"; proposalId: string; nodeId: number; value: string; by: string };

/** One piece of a message too big for one event: base64 of gzip(JSON), `i` of `n`. */
export type ChunkMsg = { t: "chunk"; id: string; i: number; n: number; data: string };

export type VisitorToAgent = RrMsg | StateMsg | FormAnswerMsg;
export type AgentToVisitor = SnapshotRequestMsg | ScrollMsg | ClickMsg | FormProposeMsg;
export type CobrowseMsg = VisitorToAgent | AgentToVisitor;

const VISITOR_KINDS = new Set(["rr", "state", "form.answer"]);
const AGENT_KINDS = new Set(["snapshot.request", "scroll", "click", "form.propose"]);

export function isVisitorMsg(m: unknown): m is VisitorToAgent {
  return typeof m === "object" && m !== null && VISITOR_KINDS.has((m as { t?: string }).t ?? "");
}
export function isAgentMsg(m: unknown): m is AgentToVisitor {
  return typeof m === "object" && m !== null && AGENT_KINDS.has((m as { t?: string }).t ?? "");
}

/** What a mirror's overlay draws in: page coordinates map to screen by (page - scroll) * scale. */
/** `url`: the shared page's address, for marks drawn over the mirror (they are archived with it). */
export type MirrorGeometry = { scale: number; scrollX: number; scrollY: number; width: number; height: number; url?: string | null };

/** Pairing answer for the visitor's tab (GET /api/cobrowse/pair). */
export type PairAnswer =
  | { state: "waiting" }
  | {
      state: "ready";
      /** Signed; authorizes this tab on the session's co-browse channel (POST /api/cobrowse/auth). */
      token: string;
      sessionId: string;
      channel: string;
      agentName: string;
      /** The launcher's extra CSS selectors to mask (validated when saved). */
      maskSelectors: string[];
      /** The tab already consented (a later page of the same site in the same tab). */
      consented: boolean;
      control: boolean;
      realtime: { key: string; wsHost?: string; wsPort?: number; forceTLS: boolean; cluster?: string };
    };

/** Selectors masked in every page, before the launcher's own. */
export const BUILTIN_MASK_SELECTORS = [
  "input[type=password]",
  "[data-rr-is-password]",
  "[autocomplete^=cc-]",
  "[autocomplete$=password]",
  "[autocomplete=one-time-code]",
  "[data-isession-mask]",
  "[data-isession-mask] *",
];

// ─── wire form ─────────────────────────────────────────────────────────────────────────────
const enc = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

let chunkCounter = 0;

/** The events to send for one message: itself when small, else its gzip+base64 chunks. */
export async function encodeMessage(msg: CobrowseMsg): Promise<(CobrowseMsg | ChunkMsg)[]> {
  const json = JSON.stringify(msg);
  const bytes = enc.encode(json);
  if (bytes.length <= MAX_INLINE_BYTES) return [msg];
  const b64 = toBase64(await pipe(bytes, new CompressionStream("gzip")));
  const id = `${Date.now().toString(36)}${(chunkCounter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const n = Math.ceil(b64.length / CHUNK_CHARS);
  const out: ChunkMsg[] = [];
  for (let i = 0; i < n; i++) out.push({ t: "chunk", id, i, n, data: b64.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS) });
  return out;
}

/** Reassembles chunks (in any order) into messages; other messages pass straight through. */
export class ChunkAssembler {
  private sets = new Map<string, { parts: (string | undefined)[]; got: number; at: number }>();

  /** The whole message once it is complete, else null. Malformed input is dropped, never thrown. */
  async accept(m: unknown): Promise<CobrowseMsg | null> {
    if (typeof m !== "object" || m === null) return null;
    const c = m as Partial<ChunkMsg>;
    if (c.t !== "chunk") return isVisitorMsg(m) || isAgentMsg(m) ? m : null;
    if (typeof c.id !== "string" || typeof c.data !== "string" || !Number.isInteger(c.i) || !Number.isInteger(c.n)) return null;
    const n = c.n!;
    const i = c.i!;
    if (n < 1 || n > 2_000 || i < 0 || i >= n) return null;
    this.expire();
    let set = this.sets.get(c.id);
    if (!set) {
      set = { parts: new Array<string | undefined>(n), got: 0, at: Date.now() };
      this.sets.set(c.id, set);
    }
    if (set.parts.length !== n || set.parts[i] !== undefined) return null;
    set.parts[i] = c.data;
    set.got++;
    if (set.got < n) return null;
    this.sets.delete(c.id);
    try {
      const bytes = await pipe(fromBase64(set.parts.join("")), new DecompressionStream("gzip"));
      const msg: unknown = JSON.parse(new TextDecoder().decode(bytes));
      return isVisitorMsg(msg) || isAgentMsg(msg) ? msg : null;
    } catch {
      return null;
    }
  }

  private expire() {
    const cutoff = Date.now() - CHUNK_TTL_MS;
    for (const [id, s] of this.sets) if (s.at < cutoff) this.sets.delete(id);
  }
}

/**
 * Paces sends to SEND_RATE_PER_S (a token bucket like the relay's, burst = rate). `coalesce` lets a
 * queued rr message absorb the next one while waiting for a token, so a burst of mutations leaves
 * as few, larger messages instead of queueing behind the rate limit.
 */
export class Pacer<T> {
  private tokens = SEND_RATE_PER_S;
  private at = Date.now();
  private queue: T[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly out: (item: T) => void,
    private readonly coalesce: (queuedLast: T, next: T) => T | null = () => null,
  ) {}

  push(item: T) {
    const last = this.queue[this.queue.length - 1];
    const merged = last !== undefined ? this.coalesce(last, item) : null;
    if (merged !== null) this.queue[this.queue.length - 1] = merged;
    else this.queue.push(item);
    this.drain();
  }

  clear() {
    this.queue = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  get pending() {
    return this.queue.length;
  }

  private drain() {
    if (this.timer) return;
    const now = Date.now();
    this.tokens = Math.min(SEND_RATE_PER_S, this.tokens + ((now - this.at) / 1000) * SEND_RATE_PER_S);
    this.at = now;
    while (this.queue.length && this.tokens >= 1) {
      this.tokens -= 1;
      this.out(this.queue.shift()!);
    }
    if (this.queue.length) {
      const wait = Math.ceil(((1 - this.tokens) / SEND_RATE_PER_S) * 1000);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.drain();
      }, wait);
    }
  }
}

// The viewer's copy of the archive, as a pure value: every event held once (by stream and seq), and
// per stream how far it is held without a hole. Events are numbered per audience (docs/sessions.md,
// "One numbering per audience"): the room gapless on its own, each private stream (a sidebar, a
// prompter's coaching) on its own, so a hole is judged, and filled, per stream; a private line the
// reader cannot see never looks like a hole in the room.
import { eventKey, ROOM_STREAM, type WireEvent } from "@/lib/session-events";

export type EventLog = {
  /** Every event held, by eventKey (a retry or a second delivery replaces nothing new). */
  readonly events: ReadonlyMap<string, WireEvent>;
  /** Per stream, the highest seq held with every one before it: what `sessions.events` continues after. */
  readonly cursors: Readonly<Record<string, number>>;
  /** Per stream, the highest seq held at all. */
  readonly highest: Readonly<Record<string, number>>;
};

export const EMPTY_LOG: EventLog = { events: new Map(), cursors: {}, highest: {} };

export function eventLog(initial: readonly WireEvent[] = []): EventLog {
  return mergeEvents(EMPTY_LOG, initial);
}

/** `log` with `incoming` added; the same object when nothing in it was new (no re-render). */
export function mergeEvents(log: EventLog, incoming: readonly WireEvent[]): EventLog {
  const fresh = incoming.filter((e) => !log.events.has(eventKey(e)));
  if (fresh.length === 0) return log;
  const events = new Map(log.events);
  const highest = { ...log.highest };
  for (const e of fresh) {
    events.set(eventKey(e), e);
    highest[e.stream] = Math.max(highest[e.stream] ?? 0, e.seq);
  }
  const cursors = { ...log.cursors };
  for (const stream of new Set(fresh.map((e) => e.stream))) {
    let c = cursors[stream] ?? 0;
    while (events.has(eventKey({ stream, seq: c + 1 }))) c++;
    cursors[stream] = c;
  }
  return { events, cursors, highest };
}

/** Streams with a hole: an event held past one missing. Each is filled from its own cursor. */
export function gapsOf(log: EventLog): string[] {
  return Object.keys(log.highest).filter((s) => (log.highest[s] ?? 0) > (log.cursors[s] ?? 0));
}

/** The clientEventIds of stored lines: a pending copy with one of these is settled. */
export function clientIdsOf(events: Iterable<WireEvent>): Set<string> {
  const ids = new Set<string>();
  for (const e of events) if (e.clientEventId) ids.add(e.clientEventId);
  return ids;
}

/** Pending lines whose stored copy is not held yet (one held is shown as stored, never twice). */
export function unsettled<P extends { clientEventId: string }>(pending: readonly P[], log: EventLog): P[] {
  if (pending.length === 0) return pending as P[];
  const stored = clientIdsOf(log.events.values());
  return pending.filter((p) => !stored.has(p.clientEventId));
}

/**
 * Display order: each stream in seq order (its numbers are the archive's order), the streams
 * interleaved by time (createdAt; on a tie the room first, then by stream key). A merge of
 * per-stream lists, so that a room event whose transaction started earlier never jumps a room
 * event numbered before it.
 */
export function orderedEvents(log: EventLog): WireEvent[] {
  const byStream = new Map<string, WireEvent[]>();
  for (const e of log.events.values()) {
    const list = byStream.get(e.stream);
    if (list) list.push(e);
    else byStream.set(e.stream, [e]);
  }
  const lists = [...byStream.entries()].map(([stream, list]) => ({ stream, list: list.sort((a, b) => a.seq - b.seq), at: 0 }));
  const before = (a: { stream: string; e: WireEvent }, b: { stream: string; e: WireEvent }) =>
    a.e.createdAt !== b.e.createdAt
      ? a.e.createdAt < b.e.createdAt
      : a.stream === b.stream
        ? false
        : a.stream === ROOM_STREAM || (b.stream !== ROOM_STREAM && a.stream < b.stream);
  const out: WireEvent[] = [];
  for (;;) {
    let pick: (typeof lists)[number] | null = null;
    for (const l of lists) {
      if (l.at >= l.list.length) continue;
      if (!pick || before({ stream: l.stream, e: l.list[l.at]! }, { stream: pick.stream, e: pick.list[pick.at]! })) pick = l;
    }
    if (!pick) return out;
    out.push(pick.list[pick.at++]!);
  }
}

/** Per stream, the highest seq among `events`: a mark of what has been looked at (unread counts). */
export type SeenMarks = Readonly<Record<string, number>>;
export function marksOf(events: readonly WireEvent[]): SeenMarks {
  const marks: Record<string, number> = {};
  for (const e of events) marks[e.stream] = Math.max(marks[e.stream] ?? 0, e.seq);
  return marks;
}

/** Whether `e` came after the marks (its stream's numbers are the only ones it compares with). */
export function isAfter(e: Pick<WireEvent, "stream" | "seq">, marks: SeenMarks): boolean {
  return e.seq > (marks[e.stream] ?? 0);
}

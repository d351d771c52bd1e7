// Archived events as clients receive them, for the viewer's unit tests: numbered in the order made.
import type { WireEvent } from "../../lib/session-events";

let seq = 0;

/** A room event (or one of `stream`) by `actorParticipantId`, with the next seq. */
export function wireEvent(
  type: string,
  actorParticipantId: string | null,
  payload: Record<string, unknown> = {},
  stream = "room",
): WireEvent {
  return { stream, seq: ++seq, type, actorParticipantId, clientEventId: null, payload, createdAt: new Date(0).toISOString() };
}

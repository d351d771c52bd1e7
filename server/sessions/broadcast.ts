// Room events go to the presence channel (visible participants) and the audience channel
// (auditorium audience, monitors) once committed. Private events (prompts, sidebar lines) go only
// to each audience member's own participant channel. Clients order by seq and fill gaps themselves.
import { channels } from "../../lib/channels";
import { SESSION_EVENT } from "../../lib/session-events";
import type { StoredEvent } from "../archive/append";
import { toWire } from "../archive/read";
import { publishAfterCommit, type Outgoing } from "../realtime/outbox";

export function roomMessages(sessionId: string, events: (StoredEvent & { clientEventId?: string | null })[]): Outgoing[] {
  return events.flatMap((e) => {
    const data = toWire(e);
    return [
      { channel: channels.session(sessionId), event: SESSION_EVENT, data },
      { channel: channels.sessionAudience(sessionId), event: SESSION_EVENT, data },
    ];
  });
}

export function broadcastRoomEvents(sessionId: string, events: (StoredEvent & { clientEventId?: string | null })[]): Promise<void> {
  return publishAfterCommit(roomMessages(sessionId, events));
}

/** A private event, to its audience's participant channels only (never a session-wide channel). */
export function broadcastPrivateEvents(audience: readonly string[], events: (StoredEvent & { clientEventId?: string | null })[]): Promise<void> {
  return publishAfterCommit(
    events.flatMap((e) => {
      const data = toWire(e);
      return [...new Set(audience)].map((participantId) => ({ channel: channels.participant(participantId), event: SESSION_EVENT, data }));
    }),
  );
}

// Archived events go out once committed, to channels derived from what was STORED, never from an
// audience passed alongside (the archive is given it once): a room event to the presence channel
// (visible participants) and the audience channel (auditorium audience, monitors); a private event
// (a stream of its own: prompts, sidebar lines, private answers) only to each member of its stored
// audience's own participant channel. Each stream is gapless on its own, so a room subscriber never
// sees a jump for a private event; clients fill gaps per stream.
import "server-only";
import { channels } from "../../lib/channels";
import { ROOM_STREAM, SESSION_EVENT } from "../../lib/session-events";
import type { StoredEvent } from "../archive/append";
import { toWire } from "../archive/read";
import { publishAfterCommit, type Outgoing } from "../realtime/outbox";

type Published = Pick<
  StoredEvent,
  "stream" | "audience" | "seq" | "type" | "actorParticipantId" | "payload" | "createdAt" | "clientEventId"
>;

/** The messages that deliver `events` of `sessionId` to exactly their readers. */
export function eventMessages(sessionId: string, events: readonly Published[]): Outgoing[] {
  return events.flatMap((e): Outgoing[] => {
    const data = toWire(e);
    if (e.stream === ROOM_STREAM) {
      return [
        { channel: channels.session(sessionId), event: SESSION_EVENT, data },
        { channel: channels.sessionAudience(sessionId), event: SESSION_EVENT, data },
      ];
    }
    // A private event with no audience would be a bug in its writer: it goes nowhere rather than to the room.
    return [...new Set(e.audience)].map((participantId) => ({ channel: channels.participant(participantId), event: SESSION_EVENT, data }));
  });
}

export function broadcastEvents(sessionId: string, events: readonly Published[]): Promise<void> {
  return publishAfterCommit(eventMessages(sessionId, events));
}

/** @deprecated The same as eventMessages (the stored stream decides); kept for callers not yet renamed. */
export const roomMessages = eventMessages;
/** @deprecated The same as broadcastEvents (the stored stream decides); kept for callers not yet renamed. */
export const broadcastRoomEvents = broadcastEvents;

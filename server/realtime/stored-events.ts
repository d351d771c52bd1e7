// Archived events go out once committed, to audiences derived from what was STORED, never from an
// audience passed alongside (the archive is given it once): a room event to the room (visible
// participants) and the audience channel (auditorium audience, monitors); a private event (a
// stream of its own: prompts, sidebar lines, private answers) only to each member of its stored
// audience, on their own participant channel. Each stream is gapless on its own, so a room
// subscriber never sees a jump for a private event; clients fill gaps per stream.
import "server-only";
import { ROOM_STREAM, SESSION_EVENT } from "../../lib/session-events";
import type { StoredEvent } from "../archive/append";
import { toWire } from "../archive/read";
import { publishNotices, type Notice } from "./notices";

type Published = Pick<
  StoredEvent,
  "stream" | "audience" | "seq" | "type" | "actorParticipantId" | "payload" | "createdAt" | "clientEventId"
>;

/** The notices that deliver `events` of `sessionId` to exactly their readers. */
export function storedEventNotices(sessionId: string, events: readonly Published[]): Notice[] {
  return events.flatMap((e): Notice[] => {
    const data = toWire(e);
    if (e.stream === ROOM_STREAM) {
      return [
        { audience: { to: "room", sessionId }, event: SESSION_EVENT, data },
        { audience: { to: "audience", sessionId }, event: SESSION_EVENT, data },
      ];
    }
    // A private event with no audience would be a bug in its writer: it goes nowhere rather than to the room.
    return [...new Set(e.audience)].map((participantId) => ({
      audience: { to: "participant", participantId },
      event: SESSION_EVENT,
      data,
    }));
  });
}

/** After commit: queues the stored events for their readers. */
export function publishStoredEvents(sessionId: string, events: readonly Published[]): Promise<void> {
  return publishNotices(storedEventNotices(sessionId, events));
}

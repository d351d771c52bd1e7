// The 1999 design annotates every visitor's entry with their IP address and a time/date stamp. We
// record the address the web server decided (server/http/client-address.ts) on the queue entry and
// copy it to the visitor's seat; the time is when they asked (QueueEntry.enqueuedAt), or when the
// seat was made for a visitor who joined without queueing. Staff-only: the agent console's context
// panel and the staff transcript read it; no room event, presence payload or participant list does.
// It is personal data (docs/sessions.md); how long it is kept is decided with retention (issue 16).
import "server-only";
import { db } from "../db";

export type EntryStamp = { participantId: string; name: string; clientAddress: string | null; at: Date };

/** Every visitor seat's entry stamp in a session, in seating order. Call only for staff readers. */
export async function visitorEntryStamps(orgId: string, sessionId: string): Promise<EntryStamp[]> {
  const seats = await db.participant.findMany({
    where: { orgId, sessionId, role: "VISITOR" },
    orderBy: { joinedAt: "asc" },
    select: {
      id: true,
      displayName: true,
      clientAddress: true,
      joinedAt: true,
      visitorId: true,
      session: { select: { queueEntry: { select: { visitorId: true, enqueuedAt: true } } } },
    },
  });
  return seats.map((s) => {
    const entry = s.session.queueEntry;
    return {
      participantId: s.id,
      name: s.displayName,
      clientAddress: s.clientAddress,
      at: entry && entry.visitorId === s.visitorId ? entry.enqueuedAt : s.joinedAt,
    };
  });
}

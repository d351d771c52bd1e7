// The basic page (/s/{id}/basic): the session without JavaScript, as the 1999 design's HTTP mode.
// Such a seat is never on the presence channel, so the relay never reports it gone and presence
// cannot tell the room it is not live. Each load of its conversation frame (every few seconds) is
// its sign of life instead:
// - the first load archives `participant.basic` (once per seat), which tells the room plainly that
//   this person has no live connection;
// - every load schedules the presence-leave job as a disconnect at that moment would. A later load
//   supersedes it (presence-leave.ts's rule for a later disconnect), and the job finds the seat off
//   the presence channel, so once the loads stop the seat is left at the last one, after the same
//   grace: never billed on for ever, never left while the page still refreshes. docs/sessions.md.
// A load counts only when it is our basic page's own frame (Fetch Metadata, below): the frame is a
// GET, and a link from any site (Lax cookies go along) must not tell the room that someone is here.
import "server-only";
import { appendLineOnce } from "../chat/send";
import { db } from "../db";
import { JOBS, sendJob } from "../jobs/boss";
import { type Seat } from "./participant";
import { presenceLeaveGraceMs } from "./presence-leave";
import { isInvisible } from "./visibility";

/** How often the basic page's conversation reloads itself (seconds). */
export const BASIC_REFRESH_SECONDS = 5;

export function basicMarkerId(seatId: string): string {
  return `basic-${seatId}`;
}

/** What the browser says of a request (the Sec-Fetch-Site and Sec-Fetch-Dest headers; null when absent). */
export type FetchMetadata = { site: string | null; dest: string | null };

export function fetchMetadataOf(headers: { get(name: string): string | null }): FetchMetadata {
  return { site: headers.get("sec-fetch-site"), dest: headers.get("sec-fetch-dest") };
}

/** The conversation frame loaded by our own basic page: nothing else is a sign of life. */
export function isOwnFrameLoad(request: FetchMetadata): boolean {
  return request.site === "same-origin" && request.dest === "iframe";
}

/**
 * The basic page itself not reached by a link on another site (whose page would have our page load
 * the frame as our own): from our pages, by the visitor's own hand, or by a browser that sends no
 * Fetch Metadata (its frame's loads are not recorded anyway).
 */
export function isOwnNavigation(request: FetchMetadata): boolean {
  return request.site !== "cross-site" && request.site !== "same-site";
}

/** Records the load (true) when it is our frame's and the seat is live; anything else changes nothing (false). */
export async function recordBasicPageLoad(seat: Seat, request: FetchMetadata, now = new Date()): Promise<boolean> {
  if (!isOwnFrameLoad(request)) return false;
  // Unseen staff have no basic page (a marker would reveal them); a closed seat has nothing to keep.
  if (isInvisible(seat.role) || seat.leftAt || seat.session.status !== "ACTIVE") return false;
  const marked = await db.sessionEvent.findUnique({
    where: { orgId_sessionId_clientEventId: { orgId: seat.orgId, sessionId: seat.sessionId, clientEventId: basicMarkerId(seat.id) } },
    select: { id: true },
  });
  if (!marked) {
    await appendLineOnce(seat, { type: "participant.basic", clientEventId: basicMarkerId(seat.id), payload: {} });
  }
  await sendJob(
    JOBS.presenceLeave,
    { sessionId: seat.sessionId, participantId: seat.id, disconnectedAt: now.toISOString() },
    { startAfter: new Date(now.getTime() + presenceLeaveGraceMs()) },
  );
  return true;
}

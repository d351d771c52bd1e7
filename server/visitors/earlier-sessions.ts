// "Returning visitor, N earlier sessions" on an offer: the sessions the visitor sat in, counted
// once each, NOT counting the session of the queue entry being offered. A visitor sent back to the
// queue (server/sessions/transfer.ts) waits inside that session, so it is not an earlier one.
import "server-only";
import type { Db } from "../db";
import type { Tx } from "../tx";

export type OfferedEntry = { queueEntryId: string; visitorId: string };

/** Earlier sessions per queue entry id, for entries of one org. */
export async function earlierSessionCounts(db: Db | Tx, orgId: string, entries: OfferedEntry[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(entries.map((e) => [e.queueEntryId, 0]));
  if (entries.length === 0) return out;
  const seats = await db.participant.findMany({
    where: { orgId, visitorId: { in: [...new Set(entries.map((e) => e.visitorId))] } },
    distinct: ["visitorId", "sessionId"],
    select: { visitorId: true, session: { select: { queueEntryId: true } } },
  });
  for (const e of entries) {
    out.set(e.queueEntryId, seats.filter((p) => p.visitorId === e.visitorId && p.session.queueEntryId !== e.queueEntryId).length);
  }
  return out;
}

/**
 * The survey answers the visitor gave to some of their sessions (docs/surveys.md), per session id,
 * for the agent's "earlier sessions": what the visitor said last time is worth knowing now.
 */
export async function earlierSessionRatings(db: Db | Tx, orgId: string, visitorId: string, sessionIds: string[]) {
  const out = new Map<string, { scale: "STARS" | "THUMBS"; rating: number; comment: string | null }>();
  if (sessionIds.length === 0) return out;
  const answers = await db.surveyAnswer.findMany({
    where: { orgId, visitorId, sessionId: { in: sessionIds } },
    orderBy: { answeredAt: "asc" },
    select: { sessionId: true, scale: true, rating: true, comment: true },
  });
  for (const a of answers) if (a.scale !== "OFF") out.set(a.sessionId, { scale: a.scale, rating: a.rating, comment: a.comment });
  return out;
}

// What a visitor's earlier sessions tell the agent. (How many there were, on an offer, is counted in
// SQL with the offer's view: server/routing/offer-view.ts.)
import "server-only";
import type { Db } from "../db";
import type { Tx } from "../tx";

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

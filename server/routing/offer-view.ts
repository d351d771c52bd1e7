// An offer as its agent sees it (the offer.created payload and the console's pending list): the
// question, where the visitor came from, and whether they are returning. One SQL definition for
// both: the dispatch round builds the views of the offers it has just written in its write
// statement (dispatch.ts, no round trip of its own), and the pending list reads them the same way,
// so what the console shows after a reload is exactly what the notice said.
import "server-only";
import type { OfferCreated } from "../../lib/realtime-events";
import type { Db } from "../db";

/**
 * One offer's view as a json object, from an offer `o` (its id, "queueEntryId", "membershipId" and
 * "expiresAt") joined with OFFER_VIEW_JOINS; `$1` is the org. "Returning visitor, N earlier
 * sessions": the sessions the visitor sat in, counted once each, NOT counting the session of the
 * entry being offered (a visitor sent back to the queue, server/sessions/transfer.ts, waits inside
 * that session, so it is not an earlier one).
 */
export const OFFER_VIEW_JSON = `json_build_object(
    'offerId', o.id, 'queueEntryId', o."queueEntryId", 'membershipId', o."membershipId", 'expiresAt', o."expiresAt",
    'question', e.question, 'referrerUrl', e."referrerUrl", 'scenarioName', sc.name,
    'visitorName', v.name, 'visitorEmail', v.email, 'firstSeenAt', v."firstSeenAt",
    'earlierSessions', (SELECT count(DISTINCT p."sessionId")::int
      FROM "Participant" p JOIN "Session" ps ON ps.id = p."sessionId"
      WHERE p."orgId" = $1 AND p."visitorId" = e."visitorId" AND ps."queueEntryId" IS DISTINCT FROM e.id))`;

export const OFFER_VIEW_JOINS = `JOIN "QueueEntry" e ON e.id = o."queueEntryId"
    JOIN "Scenario" sc ON sc.id = e."scenarioId"
    JOIN "Visitor" v ON v.id = e."visitorId"`;

/** OFFER_VIEW_JSON as PostgreSQL's json hands it back (timestamps as its own ISO text). */
export type OfferViewRow = {
  offerId: string;
  queueEntryId: string;
  membershipId: string;
  expiresAt: string;
  question: string;
  referrerUrl: string | null;
  scenarioName: string;
  visitorName: string | null;
  visitorEmail: string | null;
  firstSeenAt: string;
  earlierSessions: number;
};

export function toOfferView(o: OfferViewRow): OfferCreated {
  return {
    offerId: o.offerId,
    queueEntryId: o.queueEntryId,
    expiresAt: new Date(o.expiresAt).toISOString(),
    question: o.question,
    referrerUrl: o.referrerUrl,
    scenarioName: o.scenarioName,
    visitor: {
      name: o.visitorName,
      email: o.visitorEmail,
      earlierSessions: o.earlierSessions,
      firstSeenAt: new Date(o.firstSeenAt).toISOString(),
    },
  };
}

/** An agent's offers still ringing at `now`, oldest first. */
export async function pendingOfferViews(db: Db, orgId: string, membershipId: string, now: Date): Promise<OfferCreated[]> {
  const rows = await db.$queryRawUnsafe<{ view: OfferViewRow }[]>(
    `SELECT ${OFFER_VIEW_JSON} AS view
    FROM "QueueOffer" o
    ${OFFER_VIEW_JOINS}
    WHERE o."orgId" = $1 AND o."membershipId" = $2 AND o.status = 'PENDING' AND o."expiresAt" > $3::timestamptz
    ORDER BY o."offeredAt" ASC, o.id ASC`,
    orgId,
    membershipId,
    now.toISOString(),
  );
  return rows.map((r) => toOfferView(r.view));
}

// An offer as its agent sees it (the offer.created payload and the console's pending list): the
// question, where the visitor came from, and whether they are returning.
import "server-only";
import type { OfferCreated } from "../../lib/realtime-events";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { earlierSessionCounts } from "../visitors/earlier-sessions";

export async function offerViews(
  db: Db,
  orgId: string,
  where: Prisma.QueueOfferWhereInput,
): Promise<{ membershipId: string; view: OfferCreated }[]> {
  const offers = await db.queueOffer.findMany({
    where: { ...where, orgId },
    orderBy: { offeredAt: "asc" },
    select: {
      id: true,
      membershipId: true,
      expiresAt: true,
      queueEntry: {
        select: {
          id: true,
          question: true,
          referrerUrl: true,
          scenario: { select: { name: true } },
          visitor: { select: { id: true, name: true, email: true, firstSeenAt: true } },
        },
      },
    },
  });
  const earlier = await earlierSessionCounts(
    db,
    orgId,
    offers.map((o) => ({ queueEntryId: o.queueEntry.id, visitorId: o.queueEntry.visitor.id })),
  );
  return offers.map((o) => ({
    membershipId: o.membershipId,
    view: {
      offerId: o.id,
      queueEntryId: o.queueEntry.id,
      expiresAt: o.expiresAt.toISOString(),
      question: o.queueEntry.question,
      referrerUrl: o.queueEntry.referrerUrl,
      scenarioName: o.queueEntry.scenario.name,
      visitor: {
        name: o.queueEntry.visitor.name,
        email: o.queueEntry.visitor.email,
        earlierSessions: earlier.get(o.queueEntry.id) ?? 0,
        firstSeenAt: o.queueEntry.visitor.firstSeenAt.toISOString(),
      },
    },
  }));
}

import "server-only";
import type { Prisma } from "../generated/prisma/client";

/**
 * Serialises the routing decisions of one org (dispatch, decline, expiry, agent status, visitor
 * leaving, transfers, accepts of rooms) for the length of the transaction. With it, "no agent above
 * capacity, no entry assigned twice, first come first served" holds across any number of web and
 * worker processes; other orgs are not held up. Arrivals take no lock, and a plain one-on-one
 * accept locks only its agent's and entry's rows (offers.ts, acceptOffer; docs/routing.md).
 */
export async function lockOrgRouting(tx: Prisma.TransactionClient, orgId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`route:${orgId}`}, 0))`;
}

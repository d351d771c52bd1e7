import type { Prisma } from "../generated/prisma/client";

/**
 * Serialises every routing decision of one org (dispatch, accept, decline, expiry, agent status,
 * visitor leaving) for the length of the transaction. With it, "no agent above capacity, no entry
 * assigned twice, first come first served" holds across any number of web and worker processes;
 * other orgs are not held up. Row locks (FOR UPDATE) on the rows we change back it up.
 */
export async function lockOrgRouting(tx: Prisma.TransactionClient, orgId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`route:${orgId}`}, 0))`;
}

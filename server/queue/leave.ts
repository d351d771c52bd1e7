import "server-only";
import { db } from "../db";
import { applyEffects, newEffects } from "../routing/effects";
import { lockOrgRouting } from "../routing/lock";
import { closeEntryInTx } from "../routing/offers";

/** The visitor gave up waiting: recorded as abandoned; any agent holding an offer for it is told. */
export async function leaveQueue(input: { orgId: string; queueEntryId: string; now?: Date }): Promise<boolean> {
  const fx = newEffects();
  const left = await db.$transaction(async (tx) => {
    await lockOrgRouting(tx, input.orgId);
    return closeEntryInTx(tx, fx, { ...input, status: "ABANDONED", reason: "visitor left", now: input.now ?? new Date() });
  });
  await applyEffects(fx);
  return left;
}

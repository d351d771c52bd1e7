// Cached translations are personal data like the lines they translate (docs/translation.md,
// "Privacy"). Deleting a line deletes its translations (cascade); whoever anonymises lines in place
// instead (erasure, retention: server/privacy/**) calls this for the sessions concerned.
import "server-only";
import type { Tx } from "../tx";

/** Deletes every cached translation of these sessions' lines; returns how many rows went. */
export async function forgetTranslations(tx: Tx, orgId: string, sessionIds: readonly string[]): Promise<number> {
  if (sessionIds.length === 0) return 0;
  const { count } = await tx.lineTranslation.deleteMany({ where: { orgId, sessionId: { in: [...sessionIds] } } });
  return count;
}

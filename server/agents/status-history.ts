// The history of agents' statuses, for reports (ready agents per interval: the staffing advisor).
// Written in the same transaction as the AgentPresence change it records, so the history and the
// current state never disagree; only real changes of status or capacity make a row.
import "server-only";
import type { Tx } from "../tx";

export async function recordStatusChange(
  tx: Tx,
  row: { orgId: string; membershipId: string; status: string; routable: boolean; capacity: number; at: Date },
): Promise<void> {
  await tx.agentStatusChange.create({ data: row, select: { id: true } });
}

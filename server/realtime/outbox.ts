// Messages a domain function wants published once its transaction has committed. Publishing is
// best effort: a client that missed a message catches up through the API (gap fill, refetch), so
// a relay hiccup must never fail or roll back the business operation.
import { publishBatch } from "./publish";

export type Outgoing = { channel: string; event: string; data: unknown };

export async function publishAfterCommit(messages: Outgoing[]): Promise<void> {
  if (messages.length === 0) return;
  try {
    await publishBatch(messages);
  } catch (e) {
    console.warn(`[realtime] publish of ${messages.length} message(s) failed: ${(e as Error).message}`);
  }
}

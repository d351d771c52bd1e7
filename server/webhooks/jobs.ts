// Delivery jobs are inserted through the caller's transaction (pg-boss's `db` option), so a job
// exists exactly when its WebhookDelivery row does: nothing to reconcile after a crash between
// commit and send, and a rolled-back event never goes out.
import "server-only";
import { JOBS, jobSender } from "../jobs/boss";
import type { Tx } from "../tx";

export type DeliveryJob = { deliveryId: string; attempt: number; startAfter?: Date };

export async function queueDeliveryJobs(tx: Tx, jobs: DeliveryJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const boss = await jobSender();
  const db = {
    executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }),
  };
  await boss.insert(
    jobs.map((j) => ({
      name: JOBS.webhookDeliver,
      data: { deliveryId: j.deliveryId, attempt: j.attempt },
      ...(j.startAfter ? { startAfter: j.startAfter } : {}),
    })),
    { db },
  );
}

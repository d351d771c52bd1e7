// How the worker works the `webhook.deliver` queue: the attempts of a fetched batch run side by side
// (they wait on other people's servers, not on us), each on its own delivery row.
import "server-only";
import type PgBoss from "pg-boss";
import { JOBS, type JobData } from "../jobs/boss";
import { attemptDelivery, type AttemptOptions } from "./deliver";

type DeliverJob = JobData[typeof JOBS.webhookDeliver];

/** Runs every job's attempt; throws if any failed unexpectedly (pg-boss retries the batch, whose done attempts are skipped). */
export async function deliverBatch(jobs: DeliverJob[], opts: AttemptOptions = {}): Promise<void> {
  const results = await Promise.allSettled(jobs.map((j) => attemptDelivery(j, opts)));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed.length > 0) throw new Error(`${failed.length} webhook attempt(s) failed: ${(failed[0]!.reason as Error).message}`);
}

/** Two polling loops of up to 100 jobs each: pg-boss waits its polling interval between batches, so a batch of n caps a loop at 2n jobs a second (measured: 25 a batch delivered 99/s against a local receiver taking 5,500/s). */
export async function workWebhookDeliveries(boss: PgBoss, opts: AttemptOptions = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    ids.push(
      await boss.work<DeliverJob>(JOBS.webhookDeliver, { pollingIntervalSeconds: 0.5, batchSize: 100 }, async (jobs) => {
        await deliverBatch(
          jobs.map((j) => j.data),
          opts,
        );
      }),
    );
  }
  return ids;
}

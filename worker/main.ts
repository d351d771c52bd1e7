// The worker process: works pg-boss queues and runs the routing sweep. `npm start` supervises it;
// `npm run worker` runs it alone (it needs DATABASE_URL). Several workers may run against one database.
// WORKER_HEALTH_PORT serves /healthz and /readyz (ready: jobs started and PostgreSQL answers);
// SIGTERM turns readiness off, stops pg-boss gracefully within SHUTDOWN_GRACE_MS and exits 0.
import { runBillingClose, runPlanChanged, runStripeSync } from "../server/billing/jobs";
import { startMeteringLoop } from "../server/billing/metering-loop";
import { db, disconnectDb } from "../server/db";
import { getEnv } from "../server/env";
import { databaseAnswers, startHealthServer } from "../server/http/health";
import { JOBS, SCHEDULES, startWorkerBoss, type JobData } from "../server/jobs/boss";
import { ATTENDEE_SWEEP_EVERY_MS, sweepUnconnectedAttendees } from "../server/auditorium/sweep";
import { handlers, sweep } from "./handlers";
import { rebuildReports, refreshReports } from "../server/reports/refresh";
import { drainPublishes } from "../server/realtime/notices";
import { drainCoalesced } from "../server/routing/coalesce";
import { workWebhookDeliveries } from "../server/webhooks/work";
import { sendRefusedDigest } from "../server/admin/refused-digest";
import { runRetention } from "../server/privacy/retention";

const SWEEP_EVERY_MS = 5_000;
/** Emails queued by code that did not ask for delivery (and retries coming due) go out within this. */
const EMAIL_EVERY_MS = 10_000;

/** Runs `fn` every `ms`, skipping a beat while the previous run is still going. */
function everyNoOverlap(ms: number, what: string, fn: () => Promise<unknown>): NodeJS.Timeout {
  let running = false;
  return setInterval(() => {
    if (running) return;
    running = true;
    fn()
      .catch((e: unknown) => console.error(`[worker] ${what} failed: ${(e as Error).message}`))
      .finally(() => {
        running = false;
      });
  }, ms);
}

async function main() {
  const env = getEnv();
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set (npm start sets it for the worker).");
  let state: "starting" | "running" | "stopping" = "starting";
  // Live from the first moment, so an orchestrator does not restart a worker still starting up.
  const health =
    env.WORKER_HEALTH_PORT === undefined
      ? undefined
      : await startHealthServer(env.WORKER_HEALTH_PORT, "0.0.0.0", async () =>
          state === "running"
            ? databaseAnswers(() => db.$queryRaw`SELECT 1`)
            : state === "starting"
              ? "starting: jobs not running yet"
              : "draining: shutting down",
        );
  if (health) {
    const a = health.address();
    console.log(`[worker] health on port ${typeof a === "object" && a ? a.port : env.WORKER_HEALTH_PORT} (/healthz, /readyz)`);
  }
  const boss = await startWorkerBoss();
  await boss.work<{ orgId: string }>(JOBS.routeDispatch, { pollingIntervalSeconds: 0.5, batchSize: 5 }, async (jobs) => {
    for (const job of jobs) await handlers[JOBS.routeDispatch](job.data);
  });
  await boss.work<{ orgId: string }>(JOBS.queueBroadcast, { pollingIntervalSeconds: 0.5, batchSize: 5 }, async (jobs) => {
    for (const job of jobs) await handlers[JOBS.queueBroadcast](job.data);
  });
  await boss.work<JobData[typeof JOBS.presenceLeave]>(JOBS.presenceLeave, { pollingIntervalSeconds: 1, batchSize: 10 }, async (jobs) => {
    for (const job of jobs) await handlers[JOBS.presenceLeave](job.data);
  });
  await boss.work<{ orgId: string; offerId: string }>(JOBS.offerExpire, { pollingIntervalSeconds: 0.5, batchSize: 20 }, async (jobs) => {
    for (const job of jobs) await handlers[JOBS.offerExpire](job.data);
  });

  await boss.work(JOBS.emailSend, { pollingIntervalSeconds: 1, batchSize: 1 }, async () => {
    await handlers[JOBS.emailSend]();
  });
  const emailTimer = setInterval(() => {
    boss.send(JOBS.emailSend, {}).catch((e: unknown) => console.error(`[worker] email poke failed: ${(e as Error).message}`));
  }, EMAIL_EVERY_MS);
  await boss.work(JOBS.billingClose, async () => {
    await runBillingClose();
  });
  await boss.work(JOBS.billingStripeSync, async () => {
    await runStripeSync();
  });
  await boss.work<{ orgId: string }>(JOBS.billingPlanChanged, async (jobs) => {
    for (const job of jobs) await runPlanChanged(job.data.orgId);
  });
  await boss.work(JOBS.reportsRefresh, async () => {
    const { failed } = await refreshReports();
    for (const orgId of failed) await boss.send(JOBS.reportsRebuildOrg, { orgId }, { singletonKey: orgId });
  });
  await boss.work<JobData[typeof JOBS.reportsRebuildOrg]>(JOBS.reportsRebuildOrg, async (jobs) => {
    for (const job of jobs) await rebuildReports({ orgId: job.data.orgId });
  });
  await workWebhookDeliveries(boss);
  await boss.work(JOBS.refusedDigest, async () => {
    await sendRefusedDigest();
  });
  await boss.work(JOBS.privacyRetention, async () => {
    const { results, failed } = await runRetention();
    const rows = results.reduce((n, r) => n + Object.values(r.rows).reduce((a, b) => a + b, 0), 0);
    console.log(
      `[privacy] retention: ${results.length} orgs, ${rows} rows anonymised or deleted${failed.length ? `, ${failed.length} failed` : ""}`,
    );
    if (failed.length) throw new Error(`retention failed for ${failed.length} org(s)`);
  });
  for (const { name, cron } of SCHEDULES) await boss.schedule(name, cron, {}, { tz: "UTC" });
  // Visitor minutes and hits: derived from the session rows, so a restart loses nothing (docs/billing.md).
  const metering = startMeteringLoop();

  const timer = everyNoOverlap(SWEEP_EVERY_MS, "sweep", () => sweep());

  // Auditorium seats whose page never subscribed get no channel_vacated: this closes them.
  const seatTimer = everyNoOverlap(ATTENDEE_SWEEP_EVERY_MS, "attendee sweep", () => sweepUnconnectedAttendees());

  state = "running";
  console.log(
    `worker ready: routing jobs, sweeps, presence leaves, metering, billing, webhooks and email (${env.SMTP_URL ? "SMTP" : "no SMTP_URL: emails kept as NOT_SENT"})`,
  );

  const stop = async () => {
    if (state === "stopping") return;
    state = "stopping";
    // Whatever happens below, the process is gone by the end of the grace.
    setTimeout(() => process.exit(0), env.SHUTDOWN_GRACE_MS + 1_000).unref();
    clearInterval(timer);
    clearInterval(emailTimer);
    clearInterval(seatTimer);
    await metering.stop();
    await boss.stop({ graceful: true, wait: true, timeout: Math.max(1_000, env.SHUTDOWN_GRACE_MS - 1_000) });
    // Offers, withdrawals and queue broadcasts its jobs queued go out before the exit: member
    // channels' messages are not in any session's archive for a client to fill a gap from.
    await drainCoalesced();
    await drainPublishes();
    await disconnectDb();
    health?.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((e: unknown) => {
  console.error(`[worker] ${(e as Error).message}`);
  process.exit(1);
});

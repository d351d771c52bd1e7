// Asking the worker to send the outbox now, after a transaction that queued an email committed.
// Best effort: the worker also looks every few seconds, so a lost request only delays the email.
import "server-only";
import { JOBS, sendJob } from "../jobs/boss";

export async function requestEmailDelivery(): Promise<void> {
  try {
    await sendJob(JOBS.emailSend, {});
  } catch (e) {
    console.error(`[email] could not request delivery (the worker's next look sends it): ${(e as Error).message}`);
  }
}

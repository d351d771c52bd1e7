// A relay of the test file's own whose webhooks (member_removed, channel_vacated, ...) reach this
// process through the app's handler, and the presence-leave job worked as the worker does: for the
// tests of leaving by disconnecting. Start it at the top of the file (await), before anything reads
// the environment: the server SDK asks this relay who is present.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, expect, vi } from "vitest";
import { startRelay, type RelayHandle } from "../../relay/server";
import { db } from "../../server/db";
import { JOBS, startWorkerBoss } from "../../server/jobs/boss";
import { serverRealtimeConfig } from "../../server/realtime/config";
import { receiveRealtimeWebhook, type RealtimeWebhookEvent } from "../../server/realtime/webhooks";
import { presenceLeaveGraceMs } from "../../server/sessions/presence-leave";
import { handlers } from "../../worker/handlers";
import { disconnectAll } from "./realtime";

export const APP = { id: "isession", key: "isession-key", secret: "test-only-pusher-secret-0123" }; // vitest.config.ts test env

export type Received = { at: Date; event: RealtimeWebhookEvent };

export async function startWebhookRelay(graceMs: number) {
  const received: Received[] = [];
  const hookServer: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString();
      const headers = new Headers(Object.entries(req.headers).map(([k, v]): [string, string] => [k, String(v)]));
      const at = new Date();
      receiveRealtimeWebhook(headers, raw).then(
        (r) => {
          if (r.status === 200)
            for (const event of (JSON.parse(raw) as { events: RealtimeWebhookEvent[] }).events) received.push({ at, event });
          res.writeHead(r.status).end(JSON.stringify(r.body));
        },
        (e: Error) => res.writeHead(500).end(e.message),
      );
    });
  });
  await new Promise<void>((resolve) => hookServer.listen(0, "127.0.0.1", resolve));
  const relay: RelayHandle = await startRelay({
    host: "127.0.0.1",
    port: 0,
    apps: [{ ...APP, webhookUrl: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/` }],
    webhooks: { batchMs: 5 },
    log: () => {},
  });
  process.env.RELAY_PORT = String(relay.port);
  process.env.PRESENCE_LEAVE_GRACE_MS = String(graceMs);
  let boss: PgBoss | undefined;
  return {
    relay,
    received,
    /** For beforeAll: the presence-leave queue worked here, polled often. */
    async startJobs() {
      expect(serverRealtimeConfig().port).toBe(String(relay.port));
      expect(presenceLeaveGraceMs()).toBe(graceMs);
      boss = await startWorkerBoss();
      await boss.work<{ sessionId: string; participantId: string; disconnectedAt: string }>(
        JOBS.presenceLeave,
        { pollingIntervalSeconds: 0.5 },
        async (jobs) => {
          for (const job of jobs) await handlers[JOBS.presenceLeave](job.data);
        },
      );
    },
    /** For afterAll. */
    async stop() {
      await boss?.stop({ graceful: false, wait: true });
      await relay.close();
      await new Promise<void>((resolve) => hookServer.close(() => resolve()));
    },
  };
}

/** Polls `probe` until it answers (a state, never a time), or fails after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The whole set-up for a test file: the relay (await it at the top of the file), the job worker
 * before the tests, every client disconnected after each, everything stopped at the end. The
 * grace is long enough for a reconnect to land well inside it, short enough for a test.
 */
export async function withWebhookRelay(graceMs = 3000) {
  const hooks = await startWebhookRelay(graceMs);
  // Each test waits out at least one grace and a job poll; a loaded machine may take a while.
  vi.setConfig({ testTimeout: 60_000 });
  beforeAll(() => hooks.startJobs());
  afterEach(disconnectAll);
  afterAll(() => hooks.stop());
  return hooks;
}

/** The presence-leave jobs sent for one seat, and their states. */
export function presenceLeaveJobs(participantId: string) {
  return db.$queryRaw<
    { state: string }[]
  >`SELECT state FROM pgboss.job WHERE name = ${JOBS.presenceLeave} AND data->>'participantId' = ${participantId}`;
}

// Outgoing webhooks on a real PostgreSQL and pg-boss, delivering to a real HTTP receiver this file
// starts on 127.0.0.1 (allow-listed through WEBHOOK_ALLOW_PRIVATE_HOSTS, as in development). Jobs are
// fetched from pg-boss and worked with the worker's own batch handler; clocks and the per-attempt
// time-out are passed as parameters, nothing is mocked.
process.env.WEBHOOK_ALLOW_PRIVATE_HOSTS = "127.0.0.1";

import { createHmac } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { finalizeStatement } from "../../server/billing/ledger";
import { periodOf } from "../../server/billing/periods";
import { setAgentStatus } from "../../server/agents/set-status";
import { db } from "../../server/db";
import { JOBS, jobSender } from "../../server/jobs/boss";
import { enqueueVisitor } from "../../server/queue/enqueue";
import { leaveQueue } from "../../server/queue/leave";
import { dispatch } from "../../server/routing/dispatch";
import { acceptOffer } from "../../server/routing/offers";
import { leaveSession } from "../../server/sessions/leave";
import { requireSeat } from "../../server/sessions/participant";
import { checkWebhookUrl, PRIVATE_URL_MESSAGE } from "../../server/webhooks/address";
import { attemptDelivery } from "../../server/webhooks/deliver";
import { queueWebhookEvent } from "../../server/webhooks/emit";
import { baseRetryDelayMs, RETRY_WINDOW_MS } from "../../server/webhooks/schedule";
import { verifyWebhookSignature } from "../../server/webhooks/signature";
import { deliverBatch } from "../../server/webhooks/work";
import { callerFor, createVisitor, seedOrg } from "../helpers/factories";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

const receiver = await startWebhookReceiver();
afterAll(() => receiver.close());

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
let s: Seeded;
const owner = () => callerFor(s.owner.user);

beforeEach(async () => {
  s = await seedOrg();
  receiver.received.length = 0;
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return (e as TRPCError).code;
}

async function endpoint(
  path: string,
  events = ["session.ended", "visitor.queued", "visitor.abandoned", "session.started", "statement.closed"],
) {
  return owner().webhooks.create({ orgId: s.org.id, url: receiver.url(path), events: events as never, description: "CRM" });
}

const jobsOf = (deliveryId: string) =>
  db.$queryRaw<{ id: string; state: string; start_after: Date; data: { deliveryId: string; attempt: number } }[]>`
    SELECT id, state, start_after, data FROM pgboss.job WHERE name = ${JOBS.webhookDeliver} AND data->>'deliveryId' = ${deliveryId} ORDER BY created_on`;

/** Fetches the due delivery jobs from pg-boss and works them as the worker does. */
async function workDue(opts: Parameters<typeof deliverBatch>[1] = {}) {
  const boss = await jobSender();
  const jobs = await boss.fetch<{ deliveryId: string; attempt: number }>(JOBS.webhookDeliver, { batchSize: 100 });
  if (jobs.length === 0) return 0;
  await deliverBatch(
    jobs.map((j) => j.data),
    opts,
  );
  await boss.complete(
    JOBS.webhookDeliver,
    jobs.map((j) => j.id),
  );
  return jobs.length;
}

async function emitEnded(sessionId = "s-test", now?: Date) {
  return queueWebhookEvent(
    db,
    s.org.id,
    "session.ended",
    { sessionId, endedAt: new Date().toISOString(), endReason: "test", transcriptUrl: "http://x.test/t" },
    { now },
  );
}

describe("signing", () => {
  it("signs each delivery so the documented recipe verifies it; a tampered body or an old timestamp fails", async () => {
    const ep = await endpoint("/ok");
    expect(ep.secret).toMatch(/^whsec_/);
    const out = await emitEnded("s-1");
    expect(out?.deliveries).toBe(1);
    const d = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    expect((await jobsOf(d.id)).map((j) => j.state)).toEqual(["created"]);
    expect(await workDue()).toBe(1);

    const got = receiver.received.find((r) => r.path === "/ok")!;
    const header = got.headers["isession-signature"] as string;
    // The recipe of docs/webhooks.md, written out by hand.
    const parts = Object.fromEntries(header.split(",").map((p) => p.split("=") as [string, string]));
    const expected = createHmac("sha256", ep.secret).update(`${parts.t}.${got.body}`).digest("hex");
    expect(parts.v1).toBe(expected);
    expect(Math.abs(Date.now() / 1000 - Number(parts.t))).toBeLessThan(60);
    expect(verifyWebhookSignature(got.body, header, ep.secret, 300)).toBe(true);
    expect(verifyWebhookSignature(got.body.replace('"s-1"', '"s-2"'), header, ep.secret, 300)).toBe(false);
    expect(verifyWebhookSignature(got.body, header, "whsec_wrong", 300)).toBe(false);
    expect(verifyWebhookSignature(got.body, header, ep.secret, 300, new Date(Date.now() + 6 * 60_000))).toBe(false);
    expect(verifyWebhookSignature(got.body, "t=1,v1=zz", ep.secret, 300)).toBe(false);

    const body = JSON.parse(got.body) as { id: string; type: string; orgId: string; data: { sessionId: string } };
    expect(body).toMatchObject({ type: "session.ended", orgId: s.org.id, data: { sessionId: "s-1" } });
    expect(got.headers["isession-event"]).toBe("session.ended");
    expect(got.headers["isession-delivery"]).toBe(d.id);
    const done = await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(done).toMatchObject({ status: "SUCCEEDED", attempts: 1, lastStatusCode: 200, lastError: null, eventId: body.id });
    expect(done.lastDurationMs).toBeGreaterThanOrEqual(0);
  });

  it("reveals and rotates the secret; deliveries after a rotation are signed with the new one", async () => {
    const ep = await endpoint("/ok");
    expect((await owner().webhooks.revealSecret({ orgId: s.org.id, endpointId: ep.id })).secret).toBe(ep.secret);
    const { secret } = await owner().webhooks.rotateSecret({ orgId: s.org.id, endpointId: ep.id });
    expect(secret).not.toBe(ep.secret);
    await emitEnded();
    await workDue();
    const got = receiver.received[0]!;
    expect(verifyWebhookSignature(got.body, got.headers["isession-signature"] as string, secret)).toBe(true);
    expect(verifyWebhookSignature(got.body, got.headers["isession-signature"] as string, ep.secret)).toBe(false);
  });
});

describe("retries", () => {
  it("retries a 500 with exponential back-off: attempt counts and due times in the rows and in pg-boss", async () => {
    const ep = await endpoint("/fail");
    const t0 = new Date();
    await emitEnded("s", t0);
    const d = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    await workDue({ now: t0, random: () => 0.5 });
    let row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 1, lastStatusCode: 500, lastError: "HTTP 500" });
    const afterFirst = row.nextAttemptAt!.getTime() - t0.getTime() - row.lastDurationMs!;
    expect(afterFirst).toBe(60_000);
    let jobs = await jobsOf(d.id);
    expect(jobs.map((j) => [j.data.attempt, j.state])).toEqual([
      [1, "completed"],
      [2, "created"],
    ]);
    expect(jobs[1]!.start_after.getTime()).toBe(row.nextAttemptAt!.getTime());

    // Attempts 2..4, each an hour apart on the test's clock: the waits double (1, 2, 4, 8 min).
    for (let attempt = 2; attempt <= 4; attempt++) {
      const now = new Date(t0.getTime() + attempt * 3_600_000);
      expect(await attemptDelivery({ deliveryId: d.id, attempt }, { now, random: () => 0.5 })).toBe("retrying");
      row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
      expect(row.attempts).toBe(attempt);
      expect(row.nextAttemptAt!.getTime() - now.getTime() - row.lastDurationMs!).toBe(baseRetryDelayMs(attempt));
    }
    expect([1, 2, 3, 4].map(baseRetryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    jobs = await jobsOf(d.id);
    expect(jobs.map((j) => j.data.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(jobs[4]!.start_after.getTime()).toBe(row.nextAttemptAt!.getTime());
    // A duplicate of an attempt already made does nothing.
    expect(await attemptDelivery({ deliveryId: d.id, attempt: 3 })).toBe("skipped");
    expect(receiver.received.filter((r) => r.path === "/fail")).toHaveLength(4);
  });

  it("jitters the wait by at most ±20%, and caps the retries at 24 hours from the event", async () => {
    const ep = await endpoint("/fail");
    const t0 = new Date();
    await emitEnded("s", t0);
    const d = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    await attemptDelivery({ deliveryId: d.id, attempt: 1 }, { now: t0, random: () => 0 });
    let row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.nextAttemptAt!.getTime() - t0.getTime() - row.lastDurationMs!).toBe(48_000);
    // 23h59m in: the next wait would pass the 24 hours, so the last attempt is due exactly then.
    const late = new Date(t0.getTime() + RETRY_WINDOW_MS - 60_000);
    await attemptDelivery({ deliveryId: d.id, attempt: 2 }, { now: late, random: () => 1 });
    row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.nextAttemptAt!.getTime()).toBe(d.createdAt.getTime() + RETRY_WINDOW_MS);
    await attemptDelivery({ deliveryId: d.id, attempt: 3 }, { now: row.nextAttemptAt! });
    row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 3, nextAttemptAt: null });
    expect((await jobsOf(d.id)).map((j) => j.data.attempt)).toEqual([1, 2, 3]);
  });

  it("counts a receiver that does not answer within the time-out as a failure and retries it", async () => {
    const ep = await endpoint("/hang");
    await emitEnded();
    const d = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    await workDue({ timeoutMs: 300 });
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 1, lastStatusCode: null, lastError: "timed out after 300 ms" });
    expect(row.lastDurationMs).toBeGreaterThanOrEqual(290);
    expect((await jobsOf(d.id)).map((j) => [j.data.attempt, j.state])).toEqual([
      [1, "completed"],
      [2, "created"],
    ]);
  });
});

describe("redelivery and test events", () => {
  it("sends the same event again as a new delivery; the log shows both", async () => {
    const ep = await endpoint("/ok");
    await emitEnded("s-r");
    await workDue();
    const first = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    const again = await owner().webhooks.redeliver({ orgId: s.org.id, deliveryId: first.id });
    expect(again.id).not.toBe(first.id);
    expect((await jobsOf(again.id)).map((j) => j.state)).toEqual(["created"]);
    await workDue();
    const [a, b] = receiver.received;
    expect(JSON.parse(b!.body)).toEqual(JSON.parse(a!.body));
    expect(b!.headers["isession-delivery"]).toBe(again.id);
    const log = await owner().webhooks.deliveries({ orgId: s.org.id, endpointId: ep.id });
    expect(log.items.map((i) => [i.id, i.status, i.redeliveryOf])).toEqual([
      [again.id, "SUCCEEDED", first.id],
      [first.id, "SUCCEEDED", null],
    ]);
  });

  it("sends a test event to one endpoint, tried once", async () => {
    const ep = await endpoint("/fail");
    const t = await owner().webhooks.sendTest({ orgId: s.org.id, endpointId: ep.id });
    await workDue();
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: t.id } });
    expect(row).toMatchObject({ eventType: "webhook.test", status: "FAILED", attempts: 1, lastStatusCode: 500 });
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).failingSince).toBeNull();
  });
});

describe("automatic disable", () => {
  it("turns an endpoint off after 24 hours of failures, fails what was pending and emails the owner", async () => {
    const ep = await endpoint("/fail");
    const t0 = new Date();
    await emitEnded("s-a", t0);
    await workDue({ now: t0 });
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).failingSince).not.toBeNull();
    // Another event, still pending when the endpoint is turned off.
    await emitEnded("s-b", t0);
    const pending = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id, status: "PENDING", attempts: 0 } });
    const first = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id, attempts: 1 } });
    const later = new Date(t0.getTime() + RETRY_WINDOW_MS + 1_000);
    expect(await attemptDelivery({ deliveryId: first.id, attempt: 2 }, { now: later })).toBe("failed");

    const off = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(off.enabled).toBe(false);
    expect(off.disabledReason).toMatch(/24 hours/);
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("FAILED");
    expect(await attemptDelivery({ deliveryId: pending.id, attempt: 1 })).toBe("skipped");
    const mail = await db.emailOutbox.findMany({ where: { orgId: s.org.id, to: s.owner.user.email } });
    expect(mail.map((m) => m.subject)).toEqual(["iSession: A webhook endpoint was turned off"]);
    expect(mail[0]!.text).toContain(receiver.url("/fail"));
    // Nothing more is queued for it, and redelivery waits until it is turned back on.
    expect(await emitEnded("s-c")).toBeNull();
    expect(await codeOf(owner().webhooks.redeliver({ orgId: s.org.id, deliveryId: first.id }))).toBe("PRECONDITION_FAILED");
    const on = await owner().webhooks.update({ orgId: s.org.id, endpointId: ep.id, enabled: true });
    expect(on).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });

  it("keeps an endpoint on when a delivery succeeded in between", async () => {
    const bad = await endpoint("/fail");
    const t0 = new Date();
    await emitEnded("s", t0);
    await workDue({ now: t0 });
    // The receiver is fixed: the same endpoint now points at /ok, and a delivery succeeds.
    await owner().webhooks.update({ orgId: s.org.id, endpointId: bad.id, url: receiver.url("/ok") });
    await emitEnded("s2", new Date(t0.getTime() + 3_600_000));
    await workDue({ now: new Date(t0.getTime() + 3_600_000) });
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: bad.id } })).failingSince).toBeNull();
    expect(await db.emailOutbox.count({ where: { orgId: s.org.id } })).toBe(0);
  });
});

describe("addresses", () => {
  it("refuses private, loopback and link-local URLs when they are saved, with nothing created", async () => {
    for (const url of [
      "http://10.0.0.5/hook",
      "http://192.168.1.1/hook",
      "http://127.0.0.2:8080/hook",
      "http://[::1]/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://localhost/hook",
      "http://printer.local/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://0x7f000002/hook", // 127.0.0.2 spelled in hex
    ]) {
      const e = await owner()
        .webhooks.create({ orgId: s.org.id, url, events: ["session.ended"] })
        .then(
          () => null,
          (x: unknown) => x as TRPCError,
        );
      expect(e?.code, url).toBe("BAD_REQUEST");
      expect(e?.message, url).toBe(PRIVATE_URL_MESSAGE);
    }
    const ep = await endpoint("/ok");
    expect(await codeOf(owner().webhooks.update({ orgId: s.org.id, endpointId: ep.id, url: "http://10.1.2.3/" }))).toBe("BAD_REQUEST");
    expect((await db.webhookEndpoint.findMany({ where: { orgId: s.org.id } })).map((e) => e.url)).toEqual([receiver.url("/ok")]);
    // A name is judged on every address it resolves to.
    await expect(
      checkWebhookUrl("https://hooks.example.com/x", {
        allowHosts: [],
        resolve: async () => [{ address: "93.184.216.34" }, { address: "10.0.0.1" }],
      }),
    ).rejects.toThrow(PRIVATE_URL_MESSAGE);
    expect(
      await checkWebhookUrl("https://hooks.example.com/x", { allowHosts: [], resolve: async () => [{ address: "93.184.216.34" }] }),
    ).toBe("https://hooks.example.com/x");
  });

  it("refuses a private address literal again at delivery time", async () => {
    const ep = await endpoint("/ok");
    await emitEnded();
    const d = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    // No allow-list at delivery (production): the saved 127.0.0.1 URL is refused before connecting.
    await attemptDelivery({ deliveryId: d.id, attempt: 1 }, { allowHosts: [] });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({
      attempts: 1,
      lastStatusCode: null,
      lastError: "refused: not a public address",
    });
    expect(receiver.received).toHaveLength(0);
  });

  it("refuses a public-looking name that now resolves to 127.0.0.1 (DNS rebinding), before connecting", async () => {
    const ep = await endpoint("/ok");
    // Saved while it resolved to a public address; by delivery time it answers 127.0.0.1.
    const url = await checkWebhookUrl(`http://hooks.example.com:${receiver.port}/ok`, {
      allowHosts: [],
      resolve: async () => [{ address: "93.184.216.34" }],
    });
    await db.webhookEndpoint.update({ where: { id: ep.id }, data: { url } });
    await emitEnded();
    const d = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    const asked: string[] = [];
    const rebound = async (host: string) => {
      asked.push(host);
      return [{ address: "127.0.0.1" }];
    };
    // No allow-list, as in production.
    expect(await attemptDelivery({ deliveryId: d.id, attempt: 1 }, { allowHosts: [], resolve: rebound })).toBe("retrying");
    expect(asked).toEqual(["hooks.example.com"]);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({
      status: "PENDING",
      attempts: 1,
      lastStatusCode: null,
      lastError: "refused: not a public address",
    });
    expect(receiver.received).toHaveLength(0);
    // The same resolver is what the socket connects by: with the name allow-listed, it reaches the receiver.
    expect(await attemptDelivery({ deliveryId: d.id, attempt: 2 }, { allowHosts: ["hooks.example.com"], resolve: rebound })).toBe(
      "succeeded",
    );
    expect(receiver.received.map((r) => r.path)).toEqual(["/ok"]);
  });
});

describe("delivery log and audit", () => {
  it("pages through more than 50 deliveries, newest first, with no repeats or skips (ties on time included)", async () => {
    const ep = await endpoint("/ok");
    const other = await endpoint("/ok");
    const t0 = Date.now();
    // 120 deliveries, three to each instant, so the order falls back to the id; the other endpoint's are interleaved.
    const rows = (endpointId: string) =>
      Array.from({ length: 120 }, (_, i) => ({
        orgId: s.org.id,
        endpointId,
        eventId: `evt_${i}`,
        eventType: "session.ended",
        body: "{}",
        createdAt: new Date(t0 - Math.floor(i / 3) * 1_000),
      }));
    await db.webhookDelivery.createMany({ data: [...rows(ep.id), ...rows(other.id)] });
    const expected = (await db.webhookDelivery.findMany({ where: { endpointId: ep.id }, select: { id: true, createdAt: true } }))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((r) => r.id);
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const got = await owner().webhooks.deliveries({ orgId: s.org.id, endpointId: ep.id, cursor });
      seen.push(...got.items.map((i) => i.id));
      sizes.push(got.items.length);
      if (!got.nextCursor) break;
      cursor = got.nextCursor;
    }
    expect(sizes).toEqual([50, 50, 20]);
    expect(new Set(seen).size).toBe(120);
    expect(seen).toEqual(expected);
  });

  it("keeps only the URL's origin in the audit log: a token in the path or query is not copied there", async () => {
    const secretUrl = receiver.url("/hooks/tok_live_abc123?key=sk_q_987");
    const ep = await owner().webhooks.create({ orgId: s.org.id, url: secretUrl, events: ["session.ended"] });
    expect(ep.url).toBe(secretUrl);
    await owner().webhooks.update({ orgId: s.org.id, endpointId: ep.id, url: receiver.url("/v2/tok_live_def456?key=sk_q_654") });
    await owner().webhooks.delete({ orgId: s.org.id, endpointId: ep.id });
    const audit = await db.auditLog.findMany({ where: { orgId: s.org.id, targetId: ep.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["webhook.created", "webhook.updated", "webhook.deleted"]);
    const origin = `http://127.0.0.1:${receiver.port}`;
    for (const a of audit) {
      expect((a.data as { origin?: string }).origin, a.action).toBe(origin);
      expect(JSON.stringify(a.data), a.action).not.toMatch(/tok_live|sk_q|hooks|v2/);
    }
  });
});

describe("tenancy and permissions", () => {
  it("another org's owner gets NOT_FOUND for every endpoint and delivery action; an agent is FORBIDDEN", async () => {
    const ep = await endpoint("/ok");
    await emitEnded();
    await workDue();
    const d = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    const mine = s;
    const other = await seedOrg();
    const stranger = callerFor(other.owner.user);
    const orgId = other.org.id;
    expect(await stranger.webhooks.list({ orgId })).toEqual([]);
    expect(await codeOf(stranger.webhooks.update({ orgId, endpointId: ep.id, enabled: false }))).toBe("NOT_FOUND");
    expect(await codeOf(stranger.webhooks.delete({ orgId, endpointId: ep.id }))).toBe("NOT_FOUND");
    expect(await codeOf(stranger.webhooks.revealSecret({ orgId, endpointId: ep.id }))).toBe("NOT_FOUND");
    expect(await codeOf(stranger.webhooks.rotateSecret({ orgId, endpointId: ep.id }))).toBe("NOT_FOUND");
    expect(await codeOf(stranger.webhooks.sendTest({ orgId, endpointId: ep.id }))).toBe("NOT_FOUND");
    expect(await codeOf(stranger.webhooks.deliveries({ orgId, endpointId: ep.id }))).toBe("NOT_FOUND");
    expect(await codeOf(stranger.webhooks.redeliver({ orgId, deliveryId: d.id }))).toBe("NOT_FOUND");
    // With the victim's org id: not a member there.
    expect(await codeOf(stranger.webhooks.list({ orgId: mine.org.id }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(mine.agents[0]!.user).webhooks.list({ orgId: mine.org.id }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(mine.manager.user).webhooks.revealSecret({ orgId: mine.org.id, endpointId: ep.id }))).toBe("FORBIDDEN");
    const after = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(after).toMatchObject({ enabled: true, secret: ep.secret });
    expect(await db.webhookDelivery.count({ where: { endpointId: ep.id } })).toBe(1);
  });

  it("refuses bad input with a clear 400 and changes nothing", async () => {
    const orgId = s.org.id;
    const bad = async (input: Record<string, unknown>) => {
      const e = await owner()
        .webhooks.create({ orgId, ...input } as never)
        .then(
          () => null,
          (x: unknown) => x as TRPCError,
        );
      expect(e?.code, JSON.stringify(input).slice(0, 80)).toBe("BAD_REQUEST");
      return e!.message;
    };
    expect(await bad({ url: "not a url", events: ["session.ended"] })).toMatch(/full URL/);
    expect(await bad({ url: "ftp://example.com/x", events: ["session.ended"] })).toMatch(/https:\/\//);
    expect(await bad({ url: "https://user:pw@example.com/x", events: ["session.ended"] })).toMatch(/user name or password/);
    expect(await bad({ url: receiver.url("/ok"), events: ["session.exploded"] })).toMatch(/Unknown event type/);
    expect(await bad({ url: receiver.url("/ok"), events: [] })).toMatch(/at least one event/);
    expect(await bad({ url: receiver.url("/ok"), events: ["session.ended"], description: "x".repeat(201) })).toMatch(/200 characters/);
    expect(await bad({ url: `${receiver.url("/ok")}?${"a".repeat(2001)}`, events: ["session.ended"] })).toMatch(/2,000 characters/);
    expect(await bad({ url: receiver.url("/ok\u0000"), events: ["session.ended"] })).toMatch(/U\+0000/);
    expect(await db.webhookEndpoint.count({ where: { orgId } })).toBe(0);
  });
});

describe("where events come from", () => {
  it("queues visitor.queued, session.started, session.ended (with the transcript link) and visitor.abandoned", async () => {
    const ep = await endpoint("/ok");
    const visitor = await createVisitor(s.org.id, { name: "Grace" });
    await setAgentStatus({ orgId: s.org.id, membershipId: s.agents[0]!.membership.id, status: "available", capacity: 1 });
    const entry = await enqueueVisitor({
      orgId: s.org.id,
      launcherId: s.launcher.id,
      scenarioId: s.launcher.scenarioId,
      visitorId: visitor.id,
      question: "Which plan?",
      referrerUrl: null,
    });
    await dispatch(s.org.id);
    const offer = await db.queueOffer.findFirstOrThrow({ where: { queueEntryId: entry.id, status: "PENDING" } });
    const { sessionId } = await acceptOffer({ orgId: s.org.id, offerId: offer.id, membershipId: offer.membershipId });
    const seat = await requireSeat({ userId: s.agents[0]!.user.id }, sessionId);
    await leaveSession(seat);
    const other = await createVisitor(s.org.id);
    const gone = await enqueueVisitor({
      orgId: s.org.id,
      launcherId: s.launcher.id,
      scenarioId: s.launcher.scenarioId,
      visitorId: other.id,
      question: "",
      referrerUrl: null,
    });
    await leaveQueue({ orgId: s.org.id, queueEntryId: gone.id });

    const rows = await db.webhookDelivery.findMany({ where: { endpointId: ep.id }, orderBy: { createdAt: "asc" } });
    const bodies = rows.map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
    expect(bodies.map((b) => b.type)).toEqual([
      "visitor.queued",
      "session.started",
      "session.ended",
      "visitor.queued",
      "visitor.abandoned",
    ]);
    expect(bodies[0]!.data).toMatchObject({ queueEntryId: entry.id, visitorId: visitor.id, question: "Which plan?" });
    expect(bodies[1]!.data).toMatchObject({
      sessionId,
      queueEntryId: entry.id,
      visitorId: visitor.id,
      agentMembershipId: s.agents[0]!.membership.id,
    });
    expect(bodies[2]!.data).toMatchObject({ sessionId });
    const link = new URL(bodies[2]!.data.transcriptUrl as string);
    expect(link.pathname).toBe(`/manager/sessions/${sessionId}/transcript`);
    expect(link.searchParams.get("org")).toBe(s.org.id);
    expect(bodies[4]!.data).toMatchObject({ queueEntryId: gone.id, visitorId: other.id, reason: "visitor left" });
    for (const r of rows) expect((await jobsOf(r.id)).length).toBe(1);
  });

  it("queues statement.closed when a month's statement is finalized", async () => {
    const ep = await endpoint("/ok", ["statement.closed"]);
    const period = periodOf(new Date(Date.UTC(2026, 9, 15)));
    const { statementId, finalized } = await finalizeStatement(s.org.id, period, { charged: false });
    expect(finalized).toBe(true);
    const rows = await db.webhookDelivery.findMany({ where: { endpointId: ep.id } });
    expect(
      rows
        .map((r) => JSON.parse(r.body) as { type: string; data: { statementId: string; status: string } })
        .map((b) => [b.type, b.data.statementId, b.data.status]),
    ).toEqual([["statement.closed", statementId, "NOT_CHARGED"]]);
    await finalizeStatement(s.org.id, period, { charged: false });
    expect(await db.webhookDelivery.count({ where: { endpointId: ep.id } })).toBe(1);
  });

  it("only for subscribed, enabled endpoints, and not at all when the caller's transaction rolls back", async () => {
    const a = await endpoint("/ok", ["session.ended"]);
    const b = await endpoint("/ok", ["visitor.queued"]);
    const off = await endpoint("/ok", ["session.ended"]);
    await owner().webhooks.update({ orgId: s.org.id, endpointId: off.id, enabled: false });
    expect((await emitEnded())?.deliveries).toBe(1);
    expect(await db.webhookDelivery.count({ where: { endpointId: { in: [b.id, off.id] } } })).toBe(0);
    const before = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${JOBS.webhookDeliver}`;
    await expect(
      db.$transaction(async (tx) => {
        await queueWebhookEvent(tx, s.org.id, "session.ended", { sessionId: "rolled-back", endedAt: "", endReason: "", transcriptUrl: "" });
        throw new Error("the caller's change failed");
      }),
    ).rejects.toThrow("the caller's change failed");
    expect(await db.webhookDelivery.count({ where: { endpointId: a.id } })).toBe(1);
    const after = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${JOBS.webhookDeliver}`;
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});

// Emitting an event: one WebhookDelivery row per enabled endpoint of the org subscribed to the
// type, written in the caller's transaction together with its delivery job (server/webhooks/jobs.ts),
// so the event goes out if and only if the caller's change commits. An org without such an
// endpoint costs one indexed query and nothing else; `data` may be a function, then it is only
// computed when someone listens.
import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "../db";
import type { Tx } from "../tx";
import type { WebhookEventData, WebhookEventType } from "../../lib/webhook-events";
import { queueDeliveryJobs } from "./jobs";

export type WebhookEnvelope<T = unknown> = { id: string; type: string; createdAt: string; orgId: string; data: T };

const newDeliveryId = () => `wd${randomBytes(15).toString("base64url")}`;
export const newEventId = () => `evt_${randomUUID().replaceAll("-", "")}`;

export function envelope<T>(type: string, orgId: string, data: T, now: Date, id = newEventId()): WebhookEnvelope<T> {
  return { id, type, createdAt: now.toISOString(), orgId, data };
}

/**
 * Queues `type` for every enabled endpoint of `orgId` subscribed to it. Inside the caller's
 * transaction (or its own when given the client). Returns the event id, or null when nobody listens.
 */
export async function queueWebhookEvent<T extends WebhookEventType>(
  tx: Tx | Db,
  orgId: string,
  type: T,
  data: WebhookEventData[T] | (() => Promise<WebhookEventData[T]>),
  opts: { now?: Date } = {},
): Promise<{ eventId: string; deliveries: number } | null> {
  const listeners = (t: Tx | Db) => t.$queryRaw<{ id: string }[]>`
      SELECT id FROM "WebhookEndpoint" WHERE "orgId" = ${orgId} AND enabled AND ${type} = ANY(events)`;
  const run = async (t: Tx) => {
    const endpoints = await listeners(t);
    if (endpoints.length === 0) return null;
    const now = opts.now ?? new Date();
    const payload = typeof data === "function" ? await data() : data;
    const event = envelope(type, orgId, payload, now);
    const body = JSON.stringify(event);
    const rows = endpoints.map((e) => ({
      id: newDeliveryId(),
      orgId,
      endpointId: e.id,
      eventId: event.id,
      eventType: type,
      body,
      nextAttemptAt: now,
      createdAt: now,
    }));
    await t.webhookDelivery.createMany({ data: rows });
    await queueDeliveryJobs(
      t,
      rows.map((r) => ({ deliveryId: r.id, attempt: 1 })),
    );
    return { eventId: event.id, deliveries: rows.length };
  };
  // Given the client, its own transaction, which may wait longer for a connection than Prisma's 2 s.
  if (!("$transaction" in tx)) return run(tx);
  // Most orgs listen to nothing: one read on the arrival's hot path, no transaction opened for it.
  if ((await listeners(tx)).length === 0) return null;
  return tx.$transaction(run, { maxWait: 10_000, timeout: 20_000 });
}

/** A delivery of an event body already built (test events, redeliveries): one row and its job. */
export async function queueSingleDelivery(
  t: Tx,
  input: { orgId: string; endpointId: string; eventId: string; eventType: string; body: string; redeliveryOf?: string; now: Date },
): Promise<{ id: string }> {
  const id = newDeliveryId();
  await t.webhookDelivery.create({
    data: {
      id,
      orgId: input.orgId,
      endpointId: input.endpointId,
      eventId: input.eventId,
      eventType: input.eventType,
      body: input.body,
      redeliveryOf: input.redeliveryOf ?? null,
      nextAttemptAt: input.now,
      createdAt: input.now,
    },
  });
  await queueDeliveryJobs(t, [{ deliveryId: id, attempt: 1 }]);
  return { id };
}

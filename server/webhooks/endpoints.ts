// An org's webhook endpoints and their delivery logs, for its owners and admins. Every function is
// scoped by `orgId`: another org's endpoint or delivery is NOT_FOUND, exactly like a missing one.
import "server-only";
import type { MemberActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import type { Tx } from "../tx";
import { checkWebhookUrl } from "./address";
import { TEST_EVENT, type WebhookEventType } from "../../lib/webhook-events";
import { envelope, queueSingleDelivery } from "./emit";
import { newWebhookSecret } from "./signature";

export const MAX_ENDPOINTS_PER_ORG = 20;
export const DELIVERY_PAGE = 50;

const endpointSelect = {
  id: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  disabledReason: true,
  disabledAt: true,
  failingSince: true,
  createdAt: true,
  updatedAt: true,
} as const;

/**
 * The audit log keeps only a URL's origin (scheme://host[:port]): receivers often carry a token in the
 * path or query, and the audit log is read more widely and kept longer than the endpoint itself.
 */
export function auditedUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid URL)";
  }
}

async function audit(
  tx: Tx,
  orgId: string,
  actor: MemberActor,
  action: string,
  targetId: string,
  data: Record<string, string | string[] | boolean>,
) {
  await recordAudit(tx, actor, { orgId, action, targetType: "WebhookEndpoint", targetId, data });
}

async function endpointOf(tx: Tx, orgId: string, endpointId: string) {
  const ep = await tx.webhookEndpoint.findFirst({
    where: { id: endpointId, orgId },
    select: { id: true, enabled: true, url: true, secret: true },
  });
  if (!ep) throw notFound("Webhook endpoint");
  return ep;
}

export async function listEndpoints(orgId: string) {
  const endpoints = await db.webhookEndpoint.findMany({ where: { orgId }, orderBy: { createdAt: "asc" }, select: endpointSelect });
  const counts = await db.webhookDelivery.groupBy({
    by: ["endpointId", "status"],
    where: { orgId, createdAt: { gte: new Date(Date.now() - 86_400_000) } },
    _count: { _all: true },
  });
  return endpoints.map((e) => {
    const mine = counts.filter((c) => c.endpointId === e.id);
    const n = (s: string) => mine.find((c) => c.status === s)?._count._all ?? 0;
    return { ...e, lastDay: { succeeded: n("SUCCEEDED"), failed: n("FAILED"), pending: n("PENDING") } };
  });
}

export type EndpointInput = { url: string; description: string; events: WebhookEventType[] };

export async function createEndpoint(input: { orgId: string; actor: MemberActor } & EndpointInput) {
  const url = await checkWebhookUrl(input.url);
  return db.$transaction(async (tx) => {
    // Serialise creations per org so two requests cannot both pass the cap.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`webhooks:${input.orgId}`}, 0))`;
    if ((await tx.webhookEndpoint.count({ where: { orgId: input.orgId } })) >= MAX_ENDPOINTS_PER_ORG)
      throw new AppError("CONFLICT", `An organization can have at most ${MAX_ENDPOINTS_PER_ORG} webhook endpoints.`);
    const secret = newWebhookSecret();
    const ep = await tx.webhookEndpoint.create({
      data: { orgId: input.orgId, url, description: input.description, events: [...new Set(input.events)], secret },
      select: endpointSelect,
    });
    await audit(tx, input.orgId, input.actor, "webhook.created", ep.id, { origin: auditedUrl(url), events: ep.events });
    return { ...ep, secret };
  });
}

export async function updateEndpoint(
  input: { orgId: string; endpointId: string; actor: MemberActor } & Partial<EndpointInput> & { enabled?: boolean },
) {
  const url = input.url === undefined ? undefined : await checkWebhookUrl(input.url);
  return db.$transaction(async (tx) => {
    const ep = await endpointOf(tx, input.orgId, input.endpointId);
    const turningOn = input.enabled === true && !ep.enabled;
    const updated = await tx.webhookEndpoint.update({
      where: { id: ep.id, orgId: input.orgId },
      data: {
        ...(url !== undefined ? { url } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        // Back on: the failure clock starts afresh. Off by hand: no automatic reason.
        ...(turningOn ? { failingSince: null, disabledAt: null, disabledReason: null } : {}),
        ...(input.enabled === false && ep.enabled ? { disabledAt: new Date(), disabledReason: null } : {}),
      },
      select: endpointSelect,
    });
    await audit(tx, input.orgId, input.actor, "webhook.updated", ep.id, {
      origin: auditedUrl(updated.url),
      events: updated.events,
      enabled: updated.enabled,
    });
    return updated;
  });
}

export async function deleteEndpoint(input: { orgId: string; endpointId: string; actor: MemberActor }) {
  return db.$transaction(async (tx) => {
    const ep = await endpointOf(tx, input.orgId, input.endpointId);
    // Deliveries go with it; their queued jobs find no row and do nothing.
    await tx.webhookEndpoint.delete({ where: { id: ep.id, orgId: input.orgId } });
    await audit(tx, input.orgId, input.actor, "webhook.deleted", ep.id, { origin: auditedUrl(ep.url) });
    return { id: ep.id };
  });
}

export async function revealSecret(input: { orgId: string; endpointId: string }) {
  const ep = await endpointOf(db, input.orgId, input.endpointId);
  return { secret: ep.secret };
}

/** A new secret at once: deliveries from now on are signed with it only. */
export async function rotateSecret(input: { orgId: string; endpointId: string; actor: MemberActor }) {
  return db.$transaction(async (tx) => {
    const ep = await endpointOf(tx, input.orgId, input.endpointId);
    const secret = newWebhookSecret();
    await tx.webhookEndpoint.update({ where: { id: ep.id, orgId: input.orgId }, data: { secret } });
    await audit(tx, input.orgId, input.actor, "webhook.secret_rotated", ep.id, {});
    return { secret };
  });
}

function requireEnabled(ep: { enabled: boolean }) {
  if (!ep.enabled) throw new AppError("PRECONDITION_FAILED", "This endpoint is turned off. Turn it on first.");
}

/** Queues a `webhook.test` event for this endpoint alone (one attempt). */
export async function sendTestEvent(input: { orgId: string; endpointId: string; now?: Date }) {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const ep = await endpointOf(tx, input.orgId, input.endpointId);
    requireEnabled(ep);
    const event = envelope(
      TEST_EVENT,
      input.orgId,
      { endpointId: ep.id, message: "A test event from iSession: your endpoint is reachable." },
      now,
    );
    return queueSingleDelivery(tx, {
      orgId: input.orgId,
      endpointId: ep.id,
      eventId: event.id,
      eventType: TEST_EVENT,
      body: JSON.stringify(event),
      now,
    });
  });
}

/** Sends a delivery's event again (same event id and body), as a new delivery tried once. */
export async function redeliver(input: { orgId: string; deliveryId: string; now?: Date }) {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const d = await tx.webhookDelivery.findFirst({
      where: { id: input.deliveryId, orgId: input.orgId },
      select: { id: true, eventId: true, eventType: true, body: true, endpoint: { select: { id: true, enabled: true } } },
    });
    if (!d) throw notFound("Delivery");
    requireEnabled(d.endpoint);
    return queueSingleDelivery(tx, {
      orgId: input.orgId,
      endpointId: d.endpoint.id,
      eventId: d.eventId,
      eventType: d.eventType,
      body: d.body,
      redeliveryOf: d.id,
      now,
    });
  });
}

export async function listDeliveries(input: { orgId: string; endpointId: string; cursor?: string }) {
  await endpointOf(db, input.orgId, input.endpointId);
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId: input.endpointId, orgId: input.orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: DELIVERY_PAGE + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      eventId: true,
      eventType: true,
      status: true,
      attempts: true,
      createdAt: true,
      lastAttemptAt: true,
      nextAttemptAt: true,
      lastStatusCode: true,
      lastError: true,
      lastDurationMs: true,
      deliveredAt: true,
      redeliveryOf: true,
    },
  });
  const items = rows.slice(0, DELIVERY_PAGE);
  return { items, nextCursor: rows.length > DELIVERY_PAGE ? items[items.length - 1]!.id : null };
}

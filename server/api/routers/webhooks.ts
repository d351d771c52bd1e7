// Webhook endpoints and their delivery logs (server/webhooks); owners and admins only.
import "server-only";
import { z } from "zod";
import { WebhookDeliveryStatus } from "../../generated/prisma/enums";
import { WEBHOOK_EVENTS, webhookEventType } from "../../../lib/webhook-events";
import {
  createEndpoint,
  deleteEndpoint,
  listDeliveries,
  listEndpoints,
  redeliver,
  revealSecret,
  rotateSecret,
  sendTestEvent,
  updateEndpoint,
} from "../../webhooks/endpoints";
import { safeString } from "../schemas/safe-string";
import { orgProcedure, router } from "../trpc";
import { actorOf, id } from "./dashboard-schemas";

const url = safeString().trim().min(1, "Enter the endpoint's URL.").max(2000, "Keep the URL under 2,000 characters.");
const description = safeString().trim().max(200, "Keep the description under 200 characters.");
const events = z.array(webhookEventType).min(1, "Choose at least one event.").max(WEBHOOK_EVENTS.length, "Each event can be chosen once.");

const endpoint = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  disabledAt: z.date().nullable(),
  failingSince: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const delivery = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(WebhookDeliveryStatus),
  attempts: z.number().int(),
  createdAt: z.date(),
  lastAttemptAt: z.date().nullable(),
  nextAttemptAt: z.date().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastDurationMs: z.number().int().nullable(),
  deliveredAt: z.date().nullable(),
  redeliveryOf: z.string().nullable(),
});

export const webhooksRouter = router({
  list: orgProcedure("webhooks.manage")
    .output(z.array(endpoint.extend({ lastDay: z.object({ succeeded: z.number(), failed: z.number(), pending: z.number() }) })))
    .query(({ ctx }) => listEndpoints(ctx.org.id)),
  create: orgProcedure("webhooks.manage")
    .input(z.object({ url, description: description.default(""), events }))
    .output(endpoint.extend({ secret: z.string() }))
    .mutation(({ ctx, input }) =>
      createEndpoint({ url: input.url, description: input.description, events: input.events, orgId: ctx.org.id, actor: actorOf(ctx) }),
    ),
  update: orgProcedure("webhooks.manage")
    .input(
      z.object({
        endpointId: id,
        url: url.optional(),
        description: description.optional(),
        events: events.optional(),
        enabled: z.boolean().optional(),
      }),
    )
    .output(endpoint)
    .mutation(({ ctx, input }) =>
      updateEndpoint({
        endpointId: input.endpointId,
        url: input.url,
        description: input.description,
        events: input.events,
        enabled: input.enabled,
        orgId: ctx.org.id,
        actor: actorOf(ctx),
      }),
    ),
  delete: orgProcedure("webhooks.manage")
    .input(z.object({ endpointId: id }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => deleteEndpoint({ orgId: ctx.org.id, endpointId: input.endpointId, actor: actorOf(ctx) })),
  revealSecret: orgProcedure("webhooks.manage")
    .input(z.object({ endpointId: id }))
    .output(z.object({ secret: z.string() }))
    .mutation(({ ctx, input }) => revealSecret({ orgId: ctx.org.id, endpointId: input.endpointId })),
  rotateSecret: orgProcedure("webhooks.manage")
    .input(z.object({ endpointId: id }))
    .output(z.object({ secret: z.string() }))
    .mutation(({ ctx, input }) => rotateSecret({ orgId: ctx.org.id, endpointId: input.endpointId, actor: actorOf(ctx) })),
  sendTest: orgProcedure("webhooks.manage")
    .input(z.object({ endpointId: id }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => sendTestEvent({ orgId: ctx.org.id, endpointId: input.endpointId })),
  deliveries: orgProcedure("webhooks.manage")
    .input(z.object({ endpointId: id, cursor: id.optional() }))
    .output(z.object({ items: z.array(delivery), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listDeliveries({ orgId: ctx.org.id, endpointId: input.endpointId, cursor: input.cursor })),
  redeliver: orgProcedure("webhooks.manage")
    .input(z.object({ deliveryId: id }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => redeliver({ orgId: ctx.org.id, deliveryId: input.deliveryId })),
});

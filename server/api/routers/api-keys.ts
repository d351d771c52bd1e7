// The dashboard's API keys page (owners and admins): list, create (the key is in this one answer
// and never again), revoke. Logic in server/api-keys/manage.ts.
import "server-only";
import { z } from "zod";
import { ApiKeyScope } from "../../generated/prisma/enums";
import { API_KEY_NAME_MAX, createApiKey, listApiKeys, revokeApiKey } from "../../api-keys/manage";
import { safeString } from "../schemas/safe-string";
import { orgProcedure, router } from "../trpc";
import { actorOf, id } from "./dashboard-schemas";

const apiKeyScope = z.enum(ApiKeyScope);
const apiKeyRow = z.object({
  id: z.string(),
  name: z.string(),
  scope: apiKeyScope,
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const apiKeysRouter = router({
  list: orgProcedure("apiKeys.write")
    .output(z.array(apiKeyRow))
    .query(({ ctx }) => listApiKeys({ orgId: ctx.org.id })),
  create: orgProcedure("apiKeys.write")
    .input(
      z.object({
        name: safeString()
          .trim()
          .min(1, "Give the key a name, e.g. the system that will use it.")
          .max(API_KEY_NAME_MAX, `A key's name can be at most ${API_KEY_NAME_MAX} characters.`),
        scope: apiKeyScope,
      }),
    )
    .output(apiKeyRow.extend({ key: z.string() }))
    .mutation(({ ctx, input }) =>
      createApiKey({
        orgId: ctx.org.id,
        actor: actorOf(ctx),
        name: input.name,
        scope: input.scope,
      }),
    ),
  revoke: orgProcedure("apiKeys.write")
    .input(z.object({ keyId: id }))
    .output(z.object({ id: z.string(), revokedAt: z.date() }))
    .mutation(({ ctx, input }) => revokeApiKey({ orgId: ctx.org.id, actor: actorOf(ctx), keyId: input.keyId })),
});

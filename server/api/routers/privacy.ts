// Privacy (docs/privacy.md): find a visitor, export their data as JSON (subject access), erase them
// on request. Owners and admins only (privacy.manage); the domain functions live in server/privacy.
import "server-only";
import { z } from "zod";
import { safeString } from "../schemas/safe-string";
import { exportVisitor } from "../../privacy/export-visitor";
import { eraseVisitor } from "../../privacy/erase-visitor";
import { FIND_LIMIT, findVisitors } from "../../privacy/find-visitors";
import { IDENTIFIER_KINDS } from "../../privacy/identify";
import { orgProcedure, router } from "../trpc";
import { actorOf } from "./dashboard-schemas";

export const visitorIdentifierInput = z.object({
  kind: z.enum(IDENTIFIER_KINDS, "Say whether this is a visitor id, an email address or a cookie id."),
  value: safeString().trim().min(1, "Enter the visitor's id, email address or cookie id.").max(320, "That identifier is too long."),
});

const foundVisitor = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  sessions: z.number().int(),
  queueEntries: z.number().int(),
  erased: z.boolean(),
});

export const privacyRouter = router({
  findVisitors: orgProcedure("privacy.manage")
    .input(z.object({ query: safeString().trim().min(2, "Type at least 2 characters.").max(320, "That search is too long.") }))
    .output(z.array(foundVisitor).max(FIND_LIMIT))
    .query(({ ctx, input }) => findVisitors({ orgId: ctx.org.id, query: input.query })),

  /** The JSON document, as text: the page downloads it as a file. */
  exportVisitor: orgProcedure("privacy.manage")
    .input(z.object({ identifier: visitorIdentifierInput }))
    .output(z.object({ filename: z.string(), body: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const doc = await exportVisitor({ orgId: ctx.org.id, actor: { ...actorOf(ctx), ip: ctx.ip }, identifier: input.identifier });
      return { filename: `visitor-${doc.visitors[0]!.id}.json`, body: JSON.stringify(doc, null, 2) };
    }),

  eraseVisitor: orgProcedure("privacy.manage")
    .input(z.object({ identifier: visitorIdentifierInput }))
    .output(z.object({ visitorIds: z.array(z.string()), rows: z.record(z.string(), z.number().int()), total: z.number().int() }))
    .mutation(({ ctx, input }) =>
      eraseVisitor({ orgId: ctx.org.id, actor: { ...actorOf(ctx), ip: ctx.ip }, identifier: input.identifier }),
    ),
});

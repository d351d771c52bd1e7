// Macros: org-wide (macros.write) and personal (every member). Scope rules live in server/macros.
import "server-only";
import { z } from "zod";
import { MacroKind } from "../../generated/prisma/enums";
import { safeString } from "../schemas/safe-string";
import { macroInput } from "../../../lib/macros";
import { createMacro, deleteMacro, listMacros, updateMacro } from "../../macros/macros";
import { orgProcedure, router } from "../trpc";

const macroOutput = z.object({
  id: z.string(),
  kind: z.enum(MacroKind),
  title: z.string(),
  shortcut: z.string().nullable(),
  body: z.string(),
  scope: z.enum(["org", "personal"]),
});
const id = safeString().min(1).max(64);

export const macrosRouter = router({
  list: orgProcedure("macros.read")
    .output(z.array(macroOutput))
    .query(({ ctx }) => listMacros({ orgId: ctx.org.id, membershipId: ctx.member.id, role: ctx.member.role })),

  create: orgProcedure("macros.read")
    .input(z.object({ scope: z.enum(["org", "personal"]), macro: macroInput }))
    .output(macroOutput)
    .mutation(({ ctx, input }) =>
      createMacro({ orgId: ctx.org.id, membershipId: ctx.member.id, role: ctx.member.role }, { scope: input.scope, ...input.macro }),
    ),

  update: orgProcedure("macros.read")
    .input(z.object({ id, macro: macroInput }))
    .output(macroOutput)
    .mutation(({ ctx, input }) =>
      updateMacro({ orgId: ctx.org.id, membershipId: ctx.member.id, role: ctx.member.role }, input.id, input.macro),
    ),

  delete: orgProcedure("macros.read")
    .input(z.object({ id }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteMacro({ orgId: ctx.org.id, membershipId: ctx.member.id, role: ctx.member.role }, input.id);
      return { ok: true as const };
    }),
});

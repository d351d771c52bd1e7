import "server-only";
import { z } from "zod";
import { safeString } from "../schemas/safe-string";
import { MAX_PATTERN_LENGTH } from "../../launchers/page-rules";
import { MAX_PAGE_RULES, createLauncher, listLaunchers, setLauncherArchived, setPageRules, updateLauncher } from "../../launchers/manage";
import { orgProcedure, router } from "../trpc";
import { avatarValue, id } from "./dashboard-schemas";

const launcherFields = z.object({
  name: safeString().trim().min(1).max(80),
  scenarioId: id,
  buttonLabel: safeString().trim().min(1).max(60),
  allowDirectVisits: z.boolean(),
  avatarUrl: avatarValue,
});

const launcherOutput = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  scenarioId: z.string(),
  buttonLabel: z.string(),
  allowDirectVisits: z.boolean(),
  avatarUrl: z.string().nullable(),
  archivedAt: z.date().nullable(),
  createdAt: z.date(),
  pageRules: z.array(
    z.object({
      id: z.string(),
      position: z.number().int(),
      urlPattern: z.string(),
      scenarioId: z.string().nullable(),
      avatarUrl: z.string().nullable(),
    }),
  ),
});

export const launchersRouter = router({
  list: orgProcedure("launchers.read")
    .output(z.array(launcherOutput))
    .query(({ ctx }) => listLaunchers({ orgId: ctx.org.id })),
  create: orgProcedure("launchers.write")
    .input(z.object({ fields: launcherFields }))
    .output(launcherOutput)
    .mutation(({ ctx, input }) => createLauncher({ orgId: ctx.org.id, fields: input.fields })),
  update: orgProcedure("launchers.write")
    .input(z.object({ launcherId: id, fields: launcherFields }))
    .output(launcherOutput)
    .mutation(({ ctx, input }) => updateLauncher({ orgId: ctx.org.id, launcherId: input.launcherId, fields: input.fields })),
  setArchived: orgProcedure("launchers.write")
    .input(z.object({ launcherId: id, archived: z.boolean() }))
    .output(launcherOutput)
    .mutation(({ ctx, input }) => setLauncherArchived({ orgId: ctx.org.id, launcherId: input.launcherId, archived: input.archived })),
  setPageRules: orgProcedure("launchers.write")
    .input(
      z.object({
        launcherId: id,
        rules: z
          .array(
            z.object({
              urlPattern: safeString().max(MAX_PATTERN_LENGTH + 10),
              scenarioId: id.nullable(),
              avatarUrl: avatarValue,
            }),
          )
          .max(MAX_PAGE_RULES),
      }),
    )
    .output(launcherOutput)
    .mutation(({ ctx, input }) => setPageRules({ orgId: ctx.org.id, launcherId: input.launcherId, rules: input.rules })),
});

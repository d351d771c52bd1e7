// The archive explorer (/manager/sessions): searching ended sessions, the list as CSV, and one
// session's transcript as text or JSON. Reports are for reports.read; transcripts need sessions.read.
import "server-only";
import { z } from "zod";
import { SessionDisposition } from "../../generated/prisma/enums";
import { safeString } from "../schemas/safe-string";
import { archiveCsv } from "../../reports/archive/csv";
import { archiveOrg } from "../../reports/archive/org";
import { archiveFilterInput, archiveFilterOptions, archiveSearchInput, searchArchive } from "../../reports/archive/search";
import { sessionTranscript, transcriptText } from "../../reports/archive/transcript";
import { lastDays } from "../../reports/range";
import { orgProcedure, router } from "../trpc";

const option = z.object({ id: z.string(), name: z.string() });
const archiveRow = z.object({
  sessionId: z.string(),
  startedAt: z.date(),
  endedAt: z.date(),
  kind: z.string(),
  durationSec: z.number().int(),
  waitSec: z.number().int().nullable(),
  agentNames: z.string(),
  visitorName: z.string().nullable(),
  visitorEmail: z.string().nullable(),
  launcherName: z.string().nullable(),
  scenarioName: z.string().nullable(),
  disposition: z.enum(SessionDisposition).nullable(),
  endReason: z.string().nullable(),
  chatLines: z.number().int(),
  rating: z.number().nullable(),
  ratingScale: z.enum(["STARS", "THUMBS"]).nullable(),
  ratingCount: z.number().int(),
});
const file = z.object({ filename: z.string(), contentType: z.string(), body: z.string() });

export const reportsArchiveRouter = router({
  /** The filters' choices and the default range (the last 30 days in the org's zone). */
  filters: orgProcedure("reports.read")
    .output(
      z.object({
        timeZone: z.string(),
        defaultRange: z.object({ from: z.string(), to: z.string() }),
        agents: z.array(option),
        launchers: z.array(option),
        scenarios: z.array(option),
        outcomes: z.array(z.object({ value: z.string(), label: z.string() })),
      }),
    )
    .query(async ({ ctx }) => {
      const org = await archiveOrg(ctx.org.id);
      return { timeZone: org.timeZone, defaultRange: lastDays(30, org.timeZone), ...(await archiveFilterOptions(org.id)) };
    }),

  search: orgProcedure("reports.read")
    .input(archiveSearchInput)
    .output(z.object({ rows: z.array(archiveRow), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => searchArchive(await archiveOrg(ctx.org.id), input)),

  /** The whole list (up to MAX_CSV_ROWS) as a CSV file. */
  csv: orgProcedure("reports.read")
    .input(archiveFilterInput)
    .output(z.object({ filename: z.string(), csv: z.string(), truncated: z.boolean() }))
    .query(async ({ ctx, input }) => archiveCsv({ ...(await archiveOrg(ctx.org.id)), slug: ctx.org.slug }, input)),

  transcript: orgProcedure("sessions.read")
    .input(z.object({ sessionId: safeString().min(1).max(64), format: z.enum(["text", "json"]) }))
    .output(file)
    .query(async ({ ctx, input }) => {
      const t = await sessionTranscript(await archiveOrg(ctx.org.id), input.sessionId);
      return input.format === "json"
        ? { filename: `session-${t.session.id}.json`, contentType: "application/json; charset=utf-8", body: JSON.stringify(t, null, 2) }
        : { filename: `session-${t.session.id}.txt`, contentType: "text/plain; charset=utf-8", body: transcriptText(t) };
    }),
});

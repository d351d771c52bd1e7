// The archive explorer (/manager/sessions): searching ended sessions, the list as CSV, and one
// session's transcript as text or JSON. Reports are for reports.read; transcripts need sessions.read.
import { z } from "zod";
import { safeString } from "../schemas/safe-string";
import { db } from "../../db";
import { archiveCsv } from "../../reports/archive/csv";
import { archiveFilterInput, archiveFilterOptions, archiveSearchInput, searchArchive } from "../../reports/archive/search";
import { sessionTranscript, transcriptText } from "../../reports/archive/transcript";
import { lastDays } from "../../reports/range";
import { orgProcedure, router } from "../trpc";

async function orgZone(org: { id: string }) {
  const row = await db.organization.findUniqueOrThrow({ where: { id: org.id }, select: { timeZone: true } });
  return { id: org.id, timeZone: row.timeZone };
}

export const reportsArchiveRouter = router({
  /** The filters' choices and the default range (the last 30 days in the org's zone). */
  filters: orgProcedure("reports.read").query(async ({ ctx }) => {
    const org = await orgZone(ctx.org);
    return { timeZone: org.timeZone, defaultRange: lastDays(30, org.timeZone), ...(await archiveFilterOptions(org.id)) };
  }),

  search: orgProcedure("reports.read")
    .input(archiveSearchInput)
    .query(async ({ ctx, input }) => searchArchive(await orgZone(ctx.org), input)),

  /** The whole list (up to MAX_CSV_ROWS) as a CSV file. */
  csv: orgProcedure("reports.read")
    .input(archiveFilterInput)
    .query(async ({ ctx, input }) => archiveCsv({ ...(await orgZone(ctx.org)), slug: ctx.org.slug }, input)),

  transcript: orgProcedure("sessions.read")
    .input(z.object({ sessionId: safeString().min(1).max(64), format: z.enum(["text", "json"]) }))
    .query(async ({ ctx, input }) => {
      const t = await sessionTranscript(await orgZone(ctx.org), input.sessionId);
      return input.format === "json"
        ? { filename: `session-${t.session.id}.json`, contentType: "application/json; charset=utf-8", body: JSON.stringify(t, null, 2) }
        : { filename: `session-${t.session.id}.txt`, contentType: "text/plain; charset=utf-8", body: transcriptText(t) };
    }),
});

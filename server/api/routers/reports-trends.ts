// Market trends (docs/reports.md, "Usage and trends"): terms per week, rising terms, pages of
// interest and referrers week over week, for managers and owners.
import "server-only";
import { z } from "zod";
import { reportRangeInput } from "../../reports/range";
import { trendsReport } from "../../reports/trends/report";
import { orgProcedure, router } from "../trpc";

export const reportsTrendsRouter = router({
  report: orgProcedure("reports.read")
    .input(
      z.object({
        range: reportRangeInput.optional(),
        source: z.enum(["all", "question", "chat"]).default("all"),
      }),
    )
    .query(({ ctx, input }) => trendsReport({ orgId: ctx.org.id, range: input.range, source: input.source })),
});

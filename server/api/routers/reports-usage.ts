// Usage reports (docs/reports.md, "Usage and trends"): per agent, launcher, page and scenario, the
// hour-of-week heatmap and what visitors ask about, for managers and owners.
import "server-only";
import { z } from "zod";
import { safeString } from "../schemas/safe-string";
import { reportRangeInput } from "../../reports/range";
import { usageReport } from "../../reports/usage/report";
import { orgProcedure, router } from "../trpc";

export const reportsUsageRouter = router({
  report: orgProcedure("reports.read")
    .input(z.object({ range: reportRangeInput.optional(), membershipId: safeString().min(1).max(64).optional() }))
    .query(({ ctx, input }) => usageReport({ orgId: ctx.org.id, range: input.range, membershipId: input.membershipId })),
});

// The staffing advisor (reports.read): a week of 15-minute intervals, demand against ready agents.
import "server-only";
import { reportRangeInput } from "../../reports/range";
import { staffingReport } from "../../reports/staffing/report";
import { orgProcedure, router } from "../trpc";

export const reportsStaffingRouter = router({
  week: orgProcedure("reports.read")
    .input(reportRangeInput)
    .query(({ ctx, input }) => staffingReport(ctx.org.id, { from: input.from, to: input.to })),
});

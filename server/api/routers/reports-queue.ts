// Queue reports (/manager/reports/queue): owners, admins and managers (reports.read).
import "server-only";
import {
  queueByLauncher,
  queueByLauncherInput,
  queueDays,
  queueIntervals,
  queueLaunchers,
  queueReportInput,
} from "../../reports/queue/report";
import { orgProcedure, router } from "../trpc";

export const reportsQueueRouter = router({
  intervals: orgProcedure("reports.read")
    .input(queueReportInput)
    .query(({ ctx, input }) => queueIntervals(ctx.org.id, input)),
  days: orgProcedure("reports.read")
    .input(queueReportInput)
    .query(({ ctx, input }) => queueDays(ctx.org.id, input)),
  byLauncher: orgProcedure("reports.read")
    .input(queueByLauncherInput)
    .query(({ ctx, input }) => queueByLauncher(ctx.org.id, input)),
  launchers: orgProcedure("reports.read").query(({ ctx }) => queueLaunchers(ctx.org.id)),
});

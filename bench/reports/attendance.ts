// Attendance bench cases: the events list (first page, newest first) from the AttendanceEvent
// roll-up against the same rows computed from sessions and their seats.
import { attendanceEvents } from "../../server/reports/attendance/report";
import type { ReportBenchCase } from "./case";

export const cases: ReportBenchCase[] = [
  {
    name: "attendance: events list, page range",
    fast: (ctx) => attendanceEvents(ctx.orgId, { from: ctx.range.fromDay, to: ctx.range.toDay }),
    naive: (ctx) => attendanceEvents(ctx.orgId, { from: ctx.range.fromDay, to: ctx.range.toDay }, { source: "base" }),
  },
  {
    name: "attendance: events list, 12 months",
    fast: (ctx) => attendanceEvents(ctx.orgId, { from: ctx.year.fromDay, to: ctx.year.toDay }),
    naive: (ctx) => attendanceEvents(ctx.orgId, { from: ctx.year.fromDay, to: ctx.year.toDay }, { source: "base" }),
  },
];

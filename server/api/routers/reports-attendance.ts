// Attendance (reports.read): a range's collaboration and auditorium sessions, one session's
// attendees, and an attendee's certificate.
import "server-only";
import { z } from "zod";
import { attendanceCertificate, attendanceEvents, eventAttendance } from "../../reports/attendance/report";
import { reportRangeInput } from "../../reports/range";
import { safeString } from "../schemas/safe-string";
import { orgProcedure, router } from "../trpc";

const id = safeString().min(1).max(64);

export const reportsAttendanceRouter = router({
  events: orgProcedure("reports.read")
    .input(reportRangeInput.extend({ cursor: safeString().max(120).optional() }))
    .query(({ ctx, input }) => attendanceEvents(ctx.org.id, { from: input.from, to: input.to, cursor: input.cursor })),

  event: orgProcedure("reports.read")
    .input(z.object({ sessionId: id }))
    .query(({ ctx, input }) => eventAttendance(ctx.org.id, input.sessionId)),

  certificate: orgProcedure("reports.read")
    .input(z.object({ sessionId: id, person: safeString().min(3).max(80) }))
    .query(({ ctx, input }) => attendanceCertificate(ctx.org.id, input.sessionId, input.person)),
});

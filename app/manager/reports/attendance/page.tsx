// /manager/reports/attendance: collaboration and auditorium sessions of a range, who attended one,
// and certificates (docs/reports.md).
import type { Metadata } from "next";
import { Attendees, EventList } from "@/components/reports/attendance/attendance-views";
import { formatInZone } from "@/components/reports/attendance/format";
import { RangeForm } from "@/components/reports/range-form";
import { ReportAlert } from "@/components/reports/report-alert";
import { reportInputError } from "@/components/ui/form-errors";
import { ReportsDenied, ReportsShell, reportsPageContext } from "@/app/manager/reports/frame";
import { db } from "@/server/db";
import { lastDays } from "@/server/reports/range";

export const metadata: Metadata = { title: "Attendance" };
export const dynamic = "force-dynamic";

type Query = { org?: string; from?: string; to?: string; cursor?: string; session?: string };

function href(q: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v);
  return `/manager/reports/attendance?${p.toString()}`;
}

async function orNull<T>(p: Promise<T>): Promise<{ value: T | null; error: string | null }> {
  try {
    return { value: await p, error: null };
  } catch (e) {
    return { value: null, error: reportInputError(e, { notFound: true }) };
  }
}

export default async function AttendancePage({ searchParams }: { searchParams: Promise<Query> }) {
  const q = await searchParams;
  const ctx = await reportsPageContext("/manager/reports/attendance", q.org);
  if (!ctx.membership) return <ReportsDenied userLabel={ctx.userLabel} />;
  const orgId = ctx.membership.org.id;
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { timeZone: true } });
  const tz = org?.timeZone ?? "UTC";
  const range = q.from && q.to ? { from: q.from, to: q.to } : lastDays(30, tz);
  const [list, event] = await Promise.all([
    orNull(ctx.api.reportsAttendance.events({ orgId, ...range, cursor: q.cursor })),
    q.session ? orNull(ctx.api.reportsAttendance.event({ orgId, sessionId: q.session })) : Promise.resolve(null),
  ]);
  const keep = { org: q.org, from: range.from, to: range.to };
  return (
    <ReportsShell
      ctx={{ ...ctx, membership: ctx.membership }}
      current="/manager/reports/attendance"
      title="Attendance"
      description="Who attended collaboration rooms and auditorium events, for how long, with a certificate for each attendee."
    >
      <RangeForm from={range.from} to={range.to} timeZone={tz} hidden={{ org: q.org }} />
      <ReportAlert message={list.error} />
      <ReportAlert message={event?.error} />
      {event?.value ? (
        <Attendees
          title={event.value.title}
          filename={`attendance-${event.value.startedAt.toISOString().slice(0, 10)}-${event.value.sessionId}`}
          attendees={event.value.attendees.map((a) => ({
            person: a.person,
            name: a.name,
            role: a.role,
            staff: a.staff,
            joined: formatInZone(a.firstJoined, tz),
            left: a.lastLeft ? formatInZone(a.lastLeft, tz) : "still present",
            seats: a.seats,
            minutes: a.minutesPresent,
            sharePercent: Math.round(a.share * 1000) / 10,
            certificateHref: `/manager/reports/attendance/certificate?${new URLSearchParams({ org: orgId, session: event.value!.sessionId, person: a.person })}`,
          }))}
        />
      ) : null}
      {list.value ? (
        <EventList
          selected={q.session}
          filename={`attendance-events-${list.value.fromDay}-${list.value.toDay}`}
          olderHref={list.value.nextCursor ? href({ ...keep, cursor: list.value.nextCursor }) : null}
          events={list.value.events.map((e) => ({
            sessionId: e.sessionId,
            kind: e.kind,
            title: e.title,
            started: formatInZone(e.startedAt, tz),
            durationMinutes: e.endedAt ? Math.round((e.endedAt.getTime() - e.startedAt.getTime()) / 60_000) : null,
            people: e.people,
            personMinutes: e.personMinutes,
            href: href({ ...keep, cursor: q.cursor, session: e.sessionId }),
          }))}
        />
      ) : null}
    </ReportsShell>
  );
}

// A certificate of attendance for one attendee of one event: a page made to be printed (the
// browser's Print, or Save as PDF). Screen-only controls are hidden in print.
import type { Metadata } from "next";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { formatInZone } from "@/components/reports/attendance/format";
import { PrintButton } from "@/components/reports/attendance/print-button";
import { ReportsDenied, reportsPageContext } from "@/app/manager/reports/frame";

export const metadata: Metadata = { title: "Certificate of attendance" };
export const dynamic = "force-dynamic";

export default async function CertificatePage({
  searchParams,
}: {
  searchParams: Promise<{ org?: string; session?: string; person?: string }>;
}) {
  const q = await searchParams;
  const ctx = await reportsPageContext("/manager/reports/attendance", q.org);
  if (!ctx.membership) return <ReportsDenied userLabel={ctx.userLabel} />;
  if (!q.session || !q.person) notFound();
  let c;
  try {
    c = await ctx.api.reportsAttendance.certificate({ orgId: ctx.membership.org.id, sessionId: q.session, person: q.person });
  } catch (e) {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) notFound();
    throw e;
  }
  const back = `/manager/reports/attendance?${new URLSearchParams({ org: ctx.membership.org.id, session: c.sessionId })}`;
  return (
    <main className="mx-auto max-w-3xl p-4 print:max-w-none print:p-0">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2 print:hidden">
        <a href={back} className="text-sm text-brand-700 underline">
          Back to attendance
        </a>
        <PrintButton />
      </div>
      <article className="rounded-2xl border-4 border-double border-slate-400 bg-white px-6 py-10 text-center sm:px-12 print:rounded-none print:border-slate-600">
        <p className="text-sm tracking-[0.3em] text-slate-500 uppercase">{c.orgName}</p>
        <h1 className="mt-6 font-serif text-3xl font-semibold sm:text-4xl">Certificate of attendance</h1>
        <p className="mt-8 text-slate-600">This certifies that</p>
        <p className="mt-2 font-serif text-2xl font-semibold sm:text-3xl">{c.attendee.name}</p>
        <p className="mt-6 text-slate-600">attended</p>
        <p className="mt-2 text-xl font-medium">{c.title}</p>
        <p className="mt-2 text-slate-600">
          on {formatInZone(c.startedAt, c.timeZone, "date")}, {formatInZone(c.startedAt, c.timeZone, "time")}
          {c.endedAt ? `–${formatInZone(c.endedAt, c.timeZone, "time")}` : ""} ({c.timeZone})
        </p>
        <p className="mt-6 text-lg">
          present for <strong>{Math.round(c.attendee.minutesPresent)} minutes</strong>, {Math.round(c.attendee.share * 100)} % of the{" "}
          {Math.round(c.durationMinutes)}-minute {c.kind === "AUDITORIUM" ? "event" : "session"}
        </p>
        <p className="mt-10 text-xs text-slate-500">
          Joined {formatInZone(c.attendee.firstJoined, c.timeZone)}
          {c.attendee.lastLeft ? `, left ${formatInZone(c.attendee.lastLeft, c.timeZone)}` : ""}. Reference {c.sessionId}.
        </p>
      </article>
    </main>
  );
}

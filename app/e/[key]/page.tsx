// The public link of an auditorium event: /e/{key}. A GET never seats anyone: it shows the form,
// "starts at", "ended" or "removed"; an attendee who already holds a seat goes straight in.
import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { AttendeeJoinForm } from "@/components/auditorium/attendee-join-form";
import { Card, EntryShell } from "@/components/entry/entry-shell";
import { LocalTime } from "@/components/viewer/local-time";
import { describeEvent } from "@/server/auditorium/join";
import { VISITOR_COOKIE, verifyVisitorCookie } from "@/server/visitors/cookie";
import { joinEventAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Live event", robots: { index: false, follow: false } };

export default async function EventLinkPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const cookieId = verifyVisitorCookie((await cookies()).get(VISITOR_COOKIE)?.value);
  const ev = await describeEvent(key, cookieId);
  if (ev.state === "not_found") notFound();
  if (ev.state === "seated") redirect(`/s/${encodeURIComponent(ev.sessionId)}`);
  const permalink = `/e/${encodeURIComponent(key)}`;
  return (
    <EntryShell org={ev.org}>
      <Card>
        <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Live event</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight [overflow-wrap:anywhere]">{ev.title}</h1>
        {ev.state === "not_started" ? (
          <div role="status" className="mt-4 space-y-2 text-slate-600" data-event-state="not_started">
            <p className="text-lg font-medium text-slate-900">
              {ev.startsAt ? (
                <>
                  Starts at <LocalTime iso={ev.startsAt.toISOString()} withDate />
                </>
              ) : (
                "Starts soon"
              )}
            </p>
            <p>The doors open when the producer starts the event. Come back to this link then, or reload this page.</p>
          </div>
        ) : ev.state === "ended" ? (
          <p role="status" className="mt-4 text-slate-600" data-event-state="ended">
            The event has ended. Thank you for your interest.
          </p>
        ) : ev.state === "removed" ? (
          <p role="status" className="mt-4 text-slate-600" data-event-state="removed">
            You were removed from this event, so you can&apos;t rejoin it.
          </p>
        ) : (
          <div className="mt-5">
            <p className="mb-4 text-slate-600">
              {ev.org.name} is live. You will follow the stage&apos;s pages and chat, and can send the speakers questions.
            </p>
            <AttendeeJoinForm action={joinEventAction.bind(null, key)} permalink={permalink} initialName="" />
          </div>
        )}
      </Card>
    </EntryShell>
  );
}

// "Schedule for later": only for the owner of a waiting entry; anything else goes back to the
// waiting page, which shows where things stand.
import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { Card, EntryShell } from "@/components/entry/entry-shell";
import { CalendarIcon } from "@/components/entry/icons";
import { ScheduleForm, type ScheduleDay } from "@/components/entry/schedule-form";
import { loadOwnedEntry } from "@/server/entry/waiting";
import { slotDays } from "@/lib/slot-time";
import { availableSlots } from "@/server/queue/schedule";
import { VISITOR_COOKIE, verifyVisitorCookie } from "@/server/visitors/cookie";
import { scheduleAction } from "../../../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Schedule a session", robots: { index: false, follow: false } };

/** Bookable slots grouped by UTC day (the form without JavaScript): "Today, Wed 14 Jan" → ["14:30", …]. */
function utcDays(slots: string[], now: Date): ScheduleDay[] {
  return slotDays(slots, "UTC", now).map((d) => ({ value: d.value, label: d.label, times: d.times.map((t) => t.label) }));
}

export default async function SchedulePage({ params }: { params: Promise<{ key: string; entryId: string }> }) {
  const [{ key, entryId }, jar] = await Promise.all([params, cookies()]);
  const entry = await loadOwnedEntry({
    key,
    entryId,
    cookieId: verifyVisitorCookie(jar.get(VISITOR_COOKIE)?.value),
  });
  if (!entry) notFound();
  const waitHref = `/l/${encodeURIComponent(key)}/wait/${encodeURIComponent(entry.id)}`;
  if (entry.status !== "WAITING" && entry.status !== "OFFERED") redirect(waitHref);
  const now = new Date();
  const slots = availableSlots(now).map((d) => d.toISOString());
  return (
    <EntryShell org={entry.org}>
      <Card>
        <div className="flex items-start gap-4">
          <span
            aria-hidden
            className="grid size-12 shrink-0 place-items-center rounded-full bg-brand-50 text-brand-700 ring-1 ring-brand-100"
          >
            <CalendarIcon />
          </span>
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">Schedule a session for later</h1>
            <p className="mt-1 text-slate-600">
              Pick a time that suits you. You&apos;ll leave the queue now, and at that time you&apos;ll go straight to the front of the
              line.
            </p>
          </div>
        </div>
        <div className="mt-6 border-t border-slate-100 pt-6">
          <ScheduleForm
            action={scheduleAction.bind(null, key, entry.id)}
            days={utcDays(slots, now)}
            slots={slots}
            initial={{ email: entry.visitor.email ?? "", name: entry.visitor.name ?? "" }}
            cancelHref={waitHref}
          />
        </div>
      </Card>
    </EntryShell>
  );
}

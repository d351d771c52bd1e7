// The link in a scheduled-session email. Too early: "your session starts at …". From five minutes
// before: one button puts the visitor at the front of the line (a button, not the GET itself, so
// mail scanners that open links can't use up the visitor's session).
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, EntryShell, NoticeIcon } from "@/components/entry/entry-shell";
import { Countdown } from "@/components/entry/countdown";
import { CalendarIcon, ClockIcon, PauseIcon } from "@/components/entry/icons";
import { StartScheduledForm } from "@/components/entry/start-scheduled-form";
import { secondaryLink } from "@/components/entry/styles";
import { hostOf } from "@/server/launchers/domain";
import { SlotTime } from "@/components/entry/slot-time";
import { JOIN_EARLY_MS, loadScheduledForLink } from "@/server/queue/schedule";
import { startScheduledAction } from "../../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Your scheduled session",
  robots: { index: false, follow: false },
};

type Props = {
  params: Promise<{ key: string; scheduledId: string }>;
  searchParams: Promise<{ t?: string | string[] }>;
};

export default async function ScheduledPage({ params, searchParams }: Props) {
  const [{ key, scheduledId }, sp] = await Promise.all([params, searchParams]);
  const token = (Array.isArray(sp.t) ? sp.t[0] : sp.t) ?? null;
  const now = new Date();
  const found = await loadScheduledForLink({ key, scheduledId, token, now });
  if (!found) notFound();
  const { launcher, scheduled, referrerUrl, state } = found;
  const org = { name: launcher.org.name, brandColor: launcher.org.brandColor };
  const when = <SlotTime iso={scheduled.scheduledFor.toISOString()} />;
  const host = referrerUrl ? hostOf(referrerUrl) : null;

  if (state === "open") {
    return (
      <EntryShell org={org}>
        <Card>
          <NoticeIcon tone="ok">
            <CalendarIcon />
          </NoticeIcon>
          <h1 className="mt-5 text-2xl font-semibold tracking-tight">It&apos;s time for your session</h1>
          <p className="mt-2 text-slate-600">
            Your live session with {org.name} was booked for <strong className="font-semibold text-slate-900">{when}</strong>. Join now and
            you&apos;ll go to the front of the line.
          </p>
          <div className="mt-6">
            <StartScheduledForm action={startScheduledAction.bind(null, key, scheduled.id, token ?? "")} />
          </div>
        </Card>
      </EntryShell>
    );
  }

  const opensAt = new Date(scheduled.scheduledFor.getTime() - JOIN_EARLY_MS);
  const notice =
    state === "early"
      ? {
          icon: <ClockIcon />,
          tone: "info" as const,
          title: <>Your session starts at {when}</>,
          body: (
            <>
              This link opens 5 minutes before the start, in <Countdown opensAt={opensAt.toISOString()} initialNow={now.getTime()} />. Keep
              this page open, or come back to the link in your email.
            </>
          ),
        }
      : state === "late"
        ? {
            icon: <ClockIcon />,
            tone: "neutral" as const,
            title: "This session's time has passed",
            body: <>It was booked for {when}. You&apos;re welcome to ask for help again from the website.</>,
          }
        : state === "cancelled"
          ? {
              icon: <PauseIcon />,
              tone: "neutral" as const,
              title: "This session was cancelled",
              body: <>The session booked for {when} won&apos;t take place.</>,
            }
          : {
              icon: <PauseIcon />,
              tone: "neutral" as const,
              title: "Live help is unavailable right now",
              body: <>{org.name} isn&apos;t taking live help requests at the moment. Please try again later.</>,
            };
  return (
    <EntryShell org={org}>
      {state === "early" ? (
        <noscript>
          <meta httpEquiv="refresh" content="60" />
        </noscript>
      ) : null}
      <Card>
        <NoticeIcon tone={notice.tone}>{notice.icon}</NoticeIcon>
        <h1 className="mt-5 text-2xl font-semibold tracking-tight">{notice.title}</h1>
        <p className="mt-2 text-slate-600">{notice.body}</p>
        {host && referrerUrl && state !== "early" ? (
          <a href={referrerUrl} className={`${secondaryLink} mt-6`}>
            Go to {host}
          </a>
        ) : null}
      </Card>
    </EntryShell>
  );
}

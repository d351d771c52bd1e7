// The waiting page: only for the browser whose visitor cookie owns the entry (anyone else: 404).
// Live over realtime with JavaScript; without it, the page reloads itself every 5 s and, once an
// agent has accepted, the server sends the visitor into the session.
import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { Card, EntryShell, NoticeIcon } from "@/components/entry/entry-shell";
import { CalendarIcon, CheckIcon, ClockIcon, DoorIcon } from "@/components/entry/icons";
import { primaryLink, secondaryLink } from "@/components/entry/styles";
import { SubmitButton } from "@/components/entry/submit-button";
import { WaitingRoom } from "@/components/entry/waiting-room";
import { MonitoringNotice } from "@/components/viewer/monitoring-notice";
import { ScenarioBanner } from "@/components/viewer/scenario-banner";
import { visitorBanner } from "@/lib/banner";
import { loadOwnedEntry, scheduledForEntry } from "@/server/entry/waiting";
import { hostOf } from "@/server/launchers/domain";
import { entryHref, signEntryToken } from "@/server/launchers/entry";
import { SlotTime } from "@/components/entry/slot-time";
import { queueStatus } from "@/server/queue/status";
import { clientRealtimeConfig } from "@/server/realtime/config";
import { queueChannel } from "@/server/realtime/subscriptions";
import { VISITOR_COOKIE, verifyVisitorCookie } from "@/server/visitors/cookie";
import { leaveAction } from "../../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Waiting for live help", robots: { index: false, follow: false } };

type Props = { params: Promise<{ key: string; entryId: string }> };

function Refresh({ seconds }: { seconds: number }) {
  // Only without JavaScript: with it, the live view takes over and a reload would interrupt it.
  return (
    <noscript>
      <meta httpEquiv="refresh" content={String(seconds)} />
    </noscript>
  );
}

function Tile({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <span className="flex items-start gap-3 text-left">
      <span aria-hidden className="mt-0.5 grid size-9 shrink-0 place-items-center rounded-lg bg-brand-50 text-brand-700">
        {icon}
      </span>
      <span>
        <span className="block font-medium text-slate-900">{title}</span>
        <span className="mt-0.5 block text-sm font-normal text-slate-500">{children}</span>
      </span>
    </span>
  );
}

const tileClass =
  "flex w-full rounded-xl border border-slate-200 bg-white p-4 transition-colors hover:border-brand-500 hover:bg-brand-50/40 disabled:cursor-wait disabled:opacity-70";

export default async function WaitPage({ params }: Props) {
  const [{ key, entryId }, jar, h] = await Promise.all([params, cookies(), headers()]);
  const entry = await loadOwnedEntry({
    key,
    entryId,
    cookieId: verifyVisitorCookie(jar.get(VISITOR_COOKIE)?.value),
  });
  if (!entry) notFound();
  const status = await queueStatus(entry.id);
  if (!status) notFound();
  if (status.status === "ASSIGNED" && status.sessionId) redirect(`/s/${status.sessionId}`);

  const org = entry.org;
  const referrer = entry.referrerUrl ? { url: entry.referrerUrl, host: hostOf(entry.referrerUrl) ?? entry.referrerUrl } : null;
  const rejoinHref = entryHref(entry.launcher.key, signEntryToken(entry.launcherId, entry.referrerUrl), entry.referrerUrl);
  const backToSite = referrer ? (
    <a href={referrer.url} className={secondaryLink}>
      Back to {referrer.host}
    </a>
  ) : null;

  if (status.status === "ABANDONED" || status.status === "EXPIRED") {
    const left = status.status === "ABANDONED";
    return (
      <EntryShell org={org}>
        <Card>
          <NoticeIcon tone="neutral">{left ? <DoorIcon /> : <ClockIcon />}</NoticeIcon>
          <h1 className="mt-5 text-2xl font-semibold tracking-tight">
            {left ? "You left the queue" : "Sorry, nobody could answer in time"}
          </h1>
          <p className="mt-2 text-slate-600">
            {left
              ? `Thanks for stopping by. Whenever you're ready, ${org.name} is happy to help.`
              : `Everyone at ${org.name} was busy and your request timed out. You're welcome to try again.`}
          </p>
          <div className="mt-6 flex flex-col gap-3 sm:flex-row">
            <a href={rejoinHref} className={primaryLink}>
              Join the queue again
            </a>
            {backToSite}
          </div>
        </Card>
      </EntryShell>
    );
  }

  if (status.status === "SCHEDULED") {
    const booked = await scheduledForEntry(entry);
    return (
      <EntryShell org={org}>
        <Card>
          <NoticeIcon tone="ok">
            <CheckIcon />
          </NoticeIcon>
          <h1 className="mt-5 text-2xl font-semibold tracking-tight">You&apos;re booked</h1>
          {booked ? (
            <>
              <p className="mt-2 text-slate-600">
                Your live session with {org.name} is on{" "}
                <strong className="font-semibold text-slate-900">
                  <SlotTime iso={booked.scheduledFor.toISOString()} />
                </strong>
                .
              </p>
              <p className="mt-2 text-slate-600">
                We&apos;ve emailed <strong className="font-semibold [overflow-wrap:anywhere] text-slate-900">{booked.email}</strong> a link
                and a calendar invitation. The link opens 5 minutes before the start and puts you at the front of the line.
              </p>
            </>
          ) : (
            <p className="mt-2 text-slate-600">We&apos;ve emailed you a link to join at the time you picked.</p>
          )}
          {backToSite ? <div className="mt-6">{backToSite}</div> : null}
        </Card>
      </EntryShell>
    );
  }

  const base = `/l/${encodeURIComponent(key)}/wait/${encodeURIComponent(entry.id)}`;
  return (
    <EntryShell org={org}>
      <Refresh seconds={5} />
      <ScenarioBanner banner={visitorBanner(entry.scenario.banner)} variant="card" />
      <MonitoringNotice show={entry.scenario.monitoringNotice} variant="card" />
      <Card>
        <WaitingRoom
          launcherKey={key}
          entryId={entry.id}
          channel={queueChannel(entry.id)}
          orgName={org.name}
          initial={status}
          realtime={clientRealtimeConfig(h.get("host") ?? undefined)}
          referrer={referrer}
        />
      </Card>
      <section aria-labelledby="other-options" className="mt-6">
        <h2 id="other-options" className="px-1 text-sm font-semibold text-slate-700">
          Not a good time?
        </h2>
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          <a href={`${base}/schedule`} className={tileClass}>
            <Tile icon={<CalendarIcon className="size-5" />} title="Schedule for later">
              Pick a time in the next 7 days. We&apos;ll email you a link.
            </Tile>
          </a>
          <form action={leaveAction.bind(null, key, entry.id)} className="contents">
            <SubmitButton className={tileClass} pendingLabel="Leaving the queue…">
              <Tile icon={<DoorIcon className="size-5" />} title="Leave the queue">
                You can come back any time.
              </Tile>
            </SubmitButton>
          </form>
        </div>
      </section>
    </EntryShell>
  );
}

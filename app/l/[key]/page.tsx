// The front door: /l/{key}. All decisions are made in server/launchers/entry.ts; this renders them.
import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AvailabilityPill } from "@/components/entry/availability-pill";
import { EntryAvatar } from "@/components/entry/avatar";
import { Card, EntryShell, NoticeIcon } from "@/components/entry/entry-shell";
import { LockIcon, PauseIcon, ShieldIcon } from "@/components/entry/icons";
import { PreChatForm } from "@/components/entry/pre-chat-form";
import { primaryLink } from "@/components/entry/styles";
import { MonitoringNotice } from "@/components/viewer/monitoring-notice";
import { CobrowseNonceKeeper } from "@/components/cobrowse/visitor-pairing";
import { ScenarioBanner } from "@/components/viewer/scenario-banner";
import { getSessionUser } from "@/server/auth";
import { requestIp, selfOrigins } from "@/server/entry/request";
import { entryHref, loadLauncher, resolveEntry } from "@/server/launchers/entry";
import { VISITOR_COOKIE, verifyVisitorCookie } from "@/server/visitors/cookie";
import { joinAction } from "./actions";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ key: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const orgName = cache(async (key: string) => (await loadLauncher(key))?.org.name ?? null);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const name = await orgName((await params).key);
  return { title: name ? `Live help: ${name}` : "Live help", robots: { index: false, follow: false } };
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

export default async function EntryPage({ params, searchParams }: Props) {
  const [{ key }, sp, h, jar, user] = await Promise.all([params, searchParams, headers(), cookies(), getSessionUser()]);
  const view = await resolveEntry({
    key,
    referer: h.get("referer"),
    page: first(sp.page),
    token: first(sp.t),
    selfOrigins: selfOrigins(h),
    ip: requestIp(h),
    visitorCookieId: verifyVisitorCookie(jar.get(VISITOR_COOKIE)?.value),
    userId: user?.id ?? null,
    preview: first(sp.preview) === "1",
  });
  if (!view) notFound();

  if (view.kind === "unavailable") {
    return (
      <EntryShell org={view.org}>
        <Card>
          <NoticeIcon tone="neutral">
            <PauseIcon />
          </NoticeIcon>
          <h1 className="mt-5 text-2xl font-semibold tracking-tight">Live help is unavailable right now</h1>
          <p className="mt-2 text-slate-600">
            {view.org.name} isn&apos;t taking live help requests at the moment. Nobody has been queued. Please try again later, or contact{" "}
            {view.org.name} another way.
          </p>
        </Card>
      </EntryShell>
    );
  }

  if (view.kind === "refused") {
    const noReferrer = view.reason === "no_referrer";
    return (
      <EntryShell org={view.org}>
        <Card>
          <NoticeIcon tone="warn">
            <ShieldIcon />
          </NoticeIcon>
          <h1 className="mt-5 text-2xl font-semibold tracking-tight">
            {noReferrer ? "Please open live help from the website" : "This site is not an authorized iSession client"}
          </h1>
          <p className="mt-2 text-slate-600">
            {noReferrer ? (
              <>
                We couldn&apos;t tell which site sent you here, and this live help link only works from {view.org.name}&apos;s own website.
              </>
            ) : (
              <>
                The page that sent you here, <strong className="font-semibold [overflow-wrap:anywhere] text-slate-800">{view.host}</strong>,
                is not allowed to open live help for {view.org.name}.
              </>
            )}{" "}
            You have not been queued.
          </p>
          <h2 className="mt-6 text-sm font-semibold text-slate-900">What you can do</h2>
          <ul className="mt-2 list-disc space-y-1.5 pl-5 text-sm text-slate-600 marker:text-slate-400">
            <li>Go to {view.org.name}&apos;s own website and use the live help button there.</li>
            {noReferrer ? (
              <li>If your browser or an extension hides which page you came from, allow it for this site and try again.</li>
            ) : (
              <li>If you were expecting help from {view.host}, contact that site: its link to us is not set up.</li>
            )}
            <li>{view.org.name}&apos;s administrators have been told about this, so there is nothing else you need to do.</li>
          </ul>
        </Card>
      </EntryShell>
    );
  }

  const callback = entryHref(key, view.token, view.referrerUrl);
  const signInHref = `/sign-in?callbackUrl=${encodeURIComponent(callback)}`;
  const greeting = view.visitor ? `Welcome back${view.visitor.name ? `, ${view.visitor.name}` : ""}! ` : "";
  return (
    <EntryShell org={view.org}>
      <CobrowseNonceKeeper />
      {view.preview ? (
        <p role="status" className="mb-4 rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          <strong className="font-semibold">Preview — visitors see this page.</strong> Only members of {view.org.name} can open it like
          this; joining the queue is turned off here.
        </p>
      ) : null}
      <ScenarioBanner banner={view.banner} variant="card" />
      <MonitoringNotice show={view.scenario.monitoringNotice} variant="card" />
      <Card>
        <div className="flex items-start gap-4">
          <EntryAvatar avatarUrl={view.avatarUrl} />
          <div className="min-w-0">
            <AvailabilityPill state={view.availability.state} />
            <h1 className="mt-2 text-2xl font-semibold tracking-tight text-balance">{view.launcher.buttonLabel}</h1>
          </div>
        </div>
        <p className="mt-4 text-slate-600">
          {greeting}
          {view.availability.state === "offline"
            ? `Join the queue and we'll connect you as soon as someone at ${view.org.name} is back, or schedule a time on the next page.`
            : `Tell us what you need and we'll connect you with the next available person at ${view.org.name}.`}
        </p>
        <div className="mt-6 border-t border-slate-100 pt-6">
          {view.signInRequired ? (
            <div>
              <NoticeIcon tone="info">
                <LockIcon />
              </NoticeIcon>
              <h2 className="mt-4 text-lg font-semibold">Sign in to join</h2>
              <p className="mt-1 text-sm text-slate-600">
                {view.scenario.name} sessions at {view.org.name} are for signed-in participants. You&apos;ll come straight back here.
              </p>
              <a href={signInHref} className={`${primaryLink} mt-5 w-full sm:w-auto`}>
                Sign in to continue
              </a>
            </div>
          ) : (
            <PreChatForm
              action={joinAction.bind(null, key)}
              launcherKey={key}
              token={view.token}
              question={view.scenario.question}
              askName={view.scenario.askName}
              askEmail={view.scenario.askEmail}
              needsCode={view.scenario.needsCode}
              submitLabel={view.roomRunning ? "Join the room" : "Join the queue"}
              initial={{ name: view.visitor?.name ?? "", email: view.visitor?.email ?? "" }}
              signInHref={signInHref}
              preview={view.preview}
            />
          )}
        </div>
      </Card>
      <p className="mt-4 text-center text-xs text-slate-500">Nothing to install. You can keep browsing in another tab while you wait.</p>
    </EntryShell>
  );
}

import { TRPCError } from "@trpc/server";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { AttendeeClosed } from "@/components/auditorium/attendee-closed";
import { AttendeeView } from "@/components/auditorium/attendee-view";
import { ProducerView } from "@/components/auditorium/producer-view";
import { SpeakerView } from "@/components/auditorium/speaker-view";
import { BasicPageRedirect } from "@/components/viewer/basic-chat";
import { PastSession } from "@/components/viewer/past-session";
import { sessionTitle } from "@/components/viewer/session-title";
import { DropJoinParam, StaffJoinConfirm } from "@/components/viewer/staff-join-confirm";
import { Viewer } from "@/components/viewer/viewer";
import { backLink } from "@/lib/back-link";
import { RealtimeProvider } from "@/lib/realtime/hooks";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";
import { clientRealtimeConfig } from "@/server/realtime/config";
import { isInvisible } from "@/lib/roles";

/** The tab names the business and whom one talks to (the header does too, kept live by the viewer). */
export async function generateMetadata({ params }: { params: Promise<{ sessionId: string }> }): Promise<Metadata> {
  const { sessionId } = await params;
  try {
    const view = await (await getServerApi()).sessions.view({ sessionId });
    return { title: sessionTitle(view.session.orgName, view.participants, view.me.id) };
  } catch (e) {
    // No seat (yet): the page itself decides what to show; the tab says no more than this.
    if (e instanceof TRPCError) return { title: "Live session" };
    throw e;
  }
}
// On a phone the on-screen keyboard shrinks the layout (Chrome for Android), so the dvh-sized
// viewer keeps the conversation and the input line in view instead of scrolling them away.
export const viewport: Viewport = { interactiveWidget: "resizes-content" };
export const dynamic = "force-dynamic";

/** `?join=` in a staff link: the role the confirmation offers (never taken on the GET itself). */
const JOIN_ROLES = { monitor: "MONITOR", prompter: "PROMPTER", agent: "AGENT", room: "AGENT" } as const;

export default async function SessionPage({
  params,
  searchParams,
}: {
  params: Promise<{ sessionId: string }>;
  searchParams: Promise<{ join?: string | string[]; back?: string | string[] }>;
}) {
  const { sessionId } = await params;
  const { join, back } = await searchParams;
  const api = await getServerApi();
  const signInFirst = () =>
    redirect(
      `/sign-in?callbackUrl=${encodeURIComponent(`/s/${encodeURIComponent(sessionId)}${typeof join === "string" ? `?join=${encodeURIComponent(join)}` : ""}`)}`,
    );

  const joinRole = typeof join === "string" && Object.hasOwn(JOIN_ROLES, join) ? JOIN_ROLES[join as keyof typeof JOIN_ROLES] : undefined;
  if (joinRole && !(await getSessionUser())) signInFirst();

  // Once the session ended, or the caller left it, the page is its read-only transcript (those who
  // took part; staff with sessions.read). Anyone else goes on as before: "not found" or sign in.
  const past = await api.sessions.past({ sessionId }).catch((e: unknown) => {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") return undefined;
    throw e;
  });
  // A visitor's way out is the client's (past.exit), as after the live session; staff go back.
  // An auditorium's attendee gets no transcript afterwards: the event ended, they left, or were removed.
  if (past?.session.kind === "AUDITORIUM" && past.me?.role === "ATTENDEE") {
    return (
      <AttendeeClosed
        title={past.session.title}
        reason={past.me.removed ? "removed" : past.session.status === "ENDED" ? "ended" : "left"}
      />
    );
  }
  if (past) return <PastSession past={past} back={backLink(back, "/agent")} />;

  let view;
  try {
    view = await api.sessions.view({ sessionId });
  } catch (e) {
    if (!(e instanceof TRPCError && e.code === "NOT_FOUND")) throw e;
    // Staff who are not signed in yet sign in first; anyone else without a seat sees "not found".
    if (!(await getSessionUser())) signInFirst();
    if (!joinRole) notFound();
  }
  // ?join= never joins on a GET, seen or unseen: a link from any site would seat a signed-in
  // manager (Lax cookies go along). The page asks; only its button joins, by a POST from our
  // origin. A visible seat stays as it is (nobody can vanish once seen).
  const unseenSeat = view && !view.me.left && isInvisible(view.me.role);
  if (joinRole && (!view || view.me.left || (unseenSeat && view.me.role !== joinRole)))
    return <StaffJoinConfirm sessionId={sessionId} role={joinRole} room={join === "room"} />;
  if (!view) notFound();
  const staff = view.me.role !== "VISITOR" && view.me.role !== "ATTENDEE";
  // A visitor's Close returns to the client's page (or closes the embed's window), never to ours.
  const exit = staff ? null : await api.sessions.visitorExit({ sessionId });
  return (
    <RealtimeProvider config={clientRealtimeConfig((await headers()).get("host") ?? undefined)}>
      {joinRole ? <DropJoinParam sessionId={sessionId} /> : null}
      {isInvisible(view.me.role) || view.session.kind === "AUDITORIUM" ? null : <BasicPageRedirect sessionId={sessionId} />}
      {/* A new role (monitor -> prompter -> barge in) is a new seat state: start the viewer afresh. */}
      {view.session.kind === "AUDITORIUM" && view.me.role === "PRODUCER" ? (
        <ProducerView initial={view} exitHref={backLink(back, "/manager/events").href} />
      ) : view.session.kind === "AUDITORIUM" && view.me.role === "SPEAKER" ? (
        // A speaker promoted from the audience is rebuilt as one (use-stage-role.ts refreshes the page).
        <SpeakerView key={view.me.role} initial={view} exitHref={staff ? "/agent" : "/"} />
      ) : view.session.kind === "AUDITORIUM" && view.me.role === "ATTENDEE" ? (
        <AttendeeView key={view.me.role} initial={view} />
      ) : (
        <Viewer key={view.me.role} initial={view} exitHref={staff ? "/agent" : "/"} exit={exit} />
      )}
    </RealtimeProvider>
  );
}

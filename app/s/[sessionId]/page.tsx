import { TRPCError } from "@trpc/server";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { BargeInConfirm, DropJoinParam } from "@/components/viewer/barge-in-confirm";
import { BasicPageRedirect } from "@/components/viewer/basic-chat";
import { PastSession } from "@/components/viewer/past-session";
import { sessionTitle } from "@/components/viewer/session-title";
import { Viewer } from "@/components/viewer/viewer";
import { backLink } from "@/lib/back-link";
import { RealtimeProvider } from "@/lib/realtime/hooks";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";
import { AppError } from "@/server/errors";
import { clientRealtimeConfig } from "@/server/realtime/config";

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

/** `?join=` from the manager's console: the staff role to take in the session. */
const JOIN_ROLES = { monitor: "MONITOR", prompter: "PROMPTER", agent: "AGENT" } as const;

export default async function SessionPage({ params, searchParams }: { params: Promise<{ sessionId: string }>; searchParams: Promise<{ join?: string | string[]; back?: string | string[] }> }) {
  const { sessionId } = await params;
  const { join, back } = await searchParams;
  const api = await getServerApi();
  const signInFirst = () => redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/s/${encodeURIComponent(sessionId)}${typeof join === "string" ? `?join=${encodeURIComponent(join)}` : ""}`)}`);

  const joinRole = typeof join === "string" && Object.hasOwn(JOIN_ROLES, join) ? JOIN_ROLES[join as keyof typeof JOIN_ROLES] : undefined;
  if (joinRole && !(await getSessionUser())) signInFirst();
  // Joining unseen changes nothing anyone in the room can notice, so the link itself does it.
  // Barging in never happens on a GET: the page asks, and its button joins (BargeInConfirm).
  if (joinRole && joinRole !== "AGENT") {
    try {
      await api.sessions.joinAsStaff({ sessionId, role: joinRole });
    } catch (e) {
      if (!(e instanceof TRPCError)) throw e;
      // An ended session can still be read as a replay. Otherwise (no permission, a visible seat
      // already) the page shows what the caller's own seat allows, or "not found" without one.
      if (e.cause instanceof AppError && e.cause.details?.reason === "ended") redirect(`/s/${encodeURIComponent(sessionId)}/replay`);
    }
  }

  // Once the session ended, or the caller left it, the page is its read-only transcript (those who
  // took part; staff with sessions.read). Anyone else goes on as before: "not found" or sign in.
  const past = await api.sessions.past({ sessionId }).catch((e: unknown) => {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") return undefined;
    throw e;
  });
  if (past) return <PastSession past={past} back={past.staff ? backLink(back, "/agent") : { href: "/", label: "Back" }} />;

  let view;
  try {
    view = await api.sessions.view({ sessionId });
  } catch (e) {
    if (!(e instanceof TRPCError && e.code === "NOT_FOUND")) throw e;
    // Staff who are not signed in yet sign in first; anyone else without a seat sees "not found".
    if (!(await getSessionUser())) signInFirst();
    if (joinRole !== "AGENT") notFound();
  }
  const seen = view && view.me.role !== "MONITOR" && view.me.role !== "PROMPTER";
  if (joinRole === "AGENT" && !seen) return <BargeInConfirm sessionId={sessionId} />;
  if (!view) notFound();
  const staff = view.me.role !== "VISITOR" && view.me.role !== "ATTENDEE";
  return (
    <RealtimeProvider config={clientRealtimeConfig((await headers()).get("host") ?? undefined)}>
      {joinRole === "AGENT" ? <DropJoinParam sessionId={sessionId} /> : null}
      {view.me.role === "MONITOR" || view.me.role === "PROMPTER" ? null : <BasicPageRedirect sessionId={sessionId} />}
      {/* A new role (monitor -> prompter -> barge in) is a new seat state: start the viewer afresh. */}
      <Viewer key={view.me.role} initial={view} exitHref={staff ? "/agent" : "/"} />
    </RealtimeProvider>
  );
}

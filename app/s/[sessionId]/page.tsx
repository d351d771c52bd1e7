import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { DropJoinParam, StaffJoinConfirm } from "@/components/viewer/staff-join-confirm";
import { Viewer } from "@/components/viewer/viewer";
import { RealtimeProvider } from "@/lib/realtime/hooks";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";
import { clientRealtimeConfig } from "@/server/realtime/config";

export const metadata: Metadata = { title: "Live session" };
export const dynamic = "force-dynamic";

/** `?join=` in a staff link: the role the confirmation offers (never taken on the GET itself). */
const JOIN_ROLES = { monitor: "MONITOR", prompter: "PROMPTER", agent: "AGENT" } as const;

export default async function SessionPage({ params, searchParams }: { params: Promise<{ sessionId: string }>; searchParams: Promise<{ join?: string | string[] }> }) {
  const { sessionId } = await params;
  const { join } = await searchParams;
  const api = await getServerApi();
  const signInFirst = () => redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/s/${encodeURIComponent(sessionId)}${typeof join === "string" ? `?join=${encodeURIComponent(join)}` : ""}`)}`);

  const joinRole = typeof join === "string" && Object.hasOwn(JOIN_ROLES, join) ? JOIN_ROLES[join as keyof typeof JOIN_ROLES] : undefined;
  if (joinRole && !(await getSessionUser())) signInFirst();

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
  const unseenSeat = view && !view.me.left && (view.me.role === "MONITOR" || view.me.role === "PROMPTER");
  if (joinRole && (!view || view.me.left || (unseenSeat && view.me.role !== joinRole))) return <StaffJoinConfirm sessionId={sessionId} role={joinRole} />;
  if (!view) notFound();
  const staff = view.me.role !== "VISITOR" && view.me.role !== "ATTENDEE";
  // A visitor's Close returns to the client's page (or closes the embed's window), never to ours.
  const exit = staff ? null : await api.sessions.visitorExit({ sessionId });
  return (
    <RealtimeProvider config={clientRealtimeConfig((await headers()).get("host") ?? undefined)}>
      {joinRole ? <DropJoinParam sessionId={sessionId} /> : null}
      {/* A new role (monitor -> prompter -> barge in) is a new seat state: start the viewer afresh. */}
      <Viewer key={view.me.role} initial={view} exitHref={staff ? "/agent" : "/"} exit={exit} />
    </RealtimeProvider>
  );
}

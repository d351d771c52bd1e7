// An invitation to a collaboration room (/s/{id}/join?t=...): a name, and the passcode where the
// room has one, then into /s/{id}. Opening the link joins nothing; only the form's post seats.
// A forged token, one for another room and a room that does not exist read the same.
import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { Card, EntryShell } from "@/components/entry/entry-shell";
import { InviteJoinForm } from "@/components/viewer/invite-join-form";
import { Logo } from "@/components/ui/logo";
import { getSessionUser } from "@/server/auth";
import { readRoomInvite, roomInvitePath } from "@/server/sessions/room-invite";
import { VISITOR_COOKIE, verifyVisitorCookie } from "@/server/visitors/cookie";
import { joinRoomAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Join the room", robots: { index: false, follow: false } };

type Props = { params: Promise<{ sessionId: string }>; searchParams: Promise<{ t?: string | string[] }> };

function Notice({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="grid min-h-dvh place-items-center px-4">
      <div className="max-w-sm text-center">
        <Logo />
        <h1 className="mt-8 text-xl font-semibold">{title}</h1>
        <p className="mt-2 text-sm text-slate-600">{children}</p>
      </div>
    </main>
  );
}

export default async function JoinRoomPage({ params, searchParams }: Props) {
  const [{ sessionId }, { t }, jar, user] = await Promise.all([params, searchParams, cookies(), getSessionUser()]);
  const token = typeof t === "string" ? t : null;
  const page = await readRoomInvite({
    sessionId,
    token,
    cookieId: verifyVisitorCookie(jar.get(VISITOR_COOKIE)?.value),
    userId: user?.id ?? null,
  });
  if (page.state === "invalid") {
    return (
      <Notice title="This invitation isn't valid">
        The link may be incomplete or out of date. Ask someone in the room to send you a new one.
      </Notice>
    );
  }
  if (page.state === "ended") return <Notice title="This room has ended">Everyone has left, so there is nothing to join any more.</Notice>;
  // Already in the room in this browser: the link brings them back to it.
  if (page.state === "seated") redirect(`/s/${encodeURIComponent(sessionId)}`);

  const permalink = roomInvitePath(sessionId, token ?? "");
  return (
    <EntryShell org={{ name: page.orgName, brandColor: page.brandColor }}>
      <Card>
        <h1 className="text-xl font-semibold text-slate-900">Join the room</h1>
        <p className="mt-1 text-sm text-slate-600">
          You were invited to {page.orgName}&apos;s{" "}
          {page.roomName.toLowerCase() === "collaboration" ? "collaboration room" : `room “${page.roomName}”`}.{" "}
          {page.present === 1 ? "1 person is in it now." : `${page.present} people are in it now.`}
        </p>
        {page.signInRequired ? (
          <p className="mt-4 rounded-lg bg-brand-50 px-3 py-2.5 text-sm text-slate-800 ring-1 ring-brand-100">
            This room is for signed-in people.{" "}
            <a href={`/sign-in?callbackUrl=${encodeURIComponent(permalink)}`} className="font-medium underline">
              Sign in
            </a>{" "}
            first, then come back to this link.
          </p>
        ) : null}
        <div className="mt-6">
          <InviteJoinForm
            action={joinRoomAction.bind(null, sessionId, token ?? "")}
            permalink={permalink}
            needsCode={page.needsCode}
            initialName={page.name}
            signInHref={`/sign-in?callbackUrl=${encodeURIComponent(permalink)}`}
          />
        </div>
      </Card>
    </EntryShell>
  );
}

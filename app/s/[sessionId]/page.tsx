import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { Viewer } from "@/components/viewer/viewer";
import { RealtimeProvider } from "@/lib/realtime/hooks";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";
import { clientRealtimeConfig } from "@/server/realtime/config";

export const metadata: Metadata = { title: "Live session" };
export const dynamic = "force-dynamic";

export default async function SessionPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  const api = await getServerApi();
  let view;
  try {
    view = await api.sessions.view({ sessionId });
  } catch (e) {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") {
      // Staff who are not signed in yet sign in first; anyone else without a seat sees "not found".
      if (!(await getSessionUser())) redirect(`/sign-in?callbackUrl=/s/${encodeURIComponent(sessionId)}`);
      notFound();
    }
    throw e;
  }
  const staff = view.me.role !== "VISITOR" && view.me.role !== "ATTENDEE";
  return (
    <RealtimeProvider config={clientRealtimeConfig((await headers()).get("host") ?? undefined)}>
      <Viewer initial={view} exitHref={staff ? "/agent" : "/"} />
    </RealtimeProvider>
  );
}

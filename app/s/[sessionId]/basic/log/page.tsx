// The basic page's conversation frame: server-rendered, reloading itself every few seconds (each load
// is the seat's sign of life, server/sessions/basic.ts). A column-reverse box opens at its newest line
// without any script. Only a load in our own page's frame is recorded (a GET changes nothing when a
// link from another site opens it, server/sessions/basic.ts).
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { Transcript } from "@/components/viewer/transcript";
import { getServerApi } from "@/server/api/server";
import { BASIC_REFRESH_SECONDS, fetchMetadataOf } from "@/server/sessions/basic";

export const metadata: Metadata = { title: "Conversation", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

export default async function BasicLogPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  const api = await getServerApi();
  let view;
  try {
    view = await api.sessions.view({ sessionId });
  } catch (e) {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const live = view.session.status === "ACTIVE" && !view.me.left;
  if (live) await api.sessions.basicPageLoad({ sessionId, ...fetchMetadataOf(await headers()) });
  const current = view.session.currentUrl;
  return (
    <div className="flex h-dvh flex-col-reverse overflow-y-auto bg-slate-50">
      {live ? <meta httpEquiv="refresh" content={String(BASIC_REFRESH_SECONDS)} /> : null}
      <div>
        {current ? (
          <p className="border-b border-slate-200 bg-white px-3 py-2 text-sm text-slate-600">
            Shared page:{" "}
            <a href={current} target="_blank" rel="noopener noreferrer" className="break-all text-brand-700 underline">
              {current}
            </a>
          </p>
        ) : null}
        <Transcript events={view.events} pending={[]} typing={{}} participants={view.participants} meId={view.me.id} />
        {live ? null : (
          <p role="status" className="px-3 pb-3 text-center text-sm text-slate-700">
            {view.session.status === "ACTIVE" ? "You left this session." : "This session has ended."}{" "}
            <a href={`/s/${encodeURIComponent(sessionId)}`} target="_top" className="font-medium text-brand-700 underline">
              Read the transcript
            </a>
          </p>
        )}
      </div>
    </div>
  );
}

// The session without JavaScript (the live viewer sends such browsers here): the conversation in a
// frame that reloads itself, and a form that posts a line. The frame, not the page, reloads, so a
// line being typed is never lost. server/sessions/basic.ts says how the seat is kept and left.
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { randomUUID } from "node:crypto";
import { Logo } from "@/components/ui/logo";
import { BasicNote } from "@/components/viewer/basic-chat";
import { MonitoringNotice } from "@/components/viewer/monitoring-notice";
import { sessionHeading } from "@/lib/back-link";
import { MAX_CHAT_LENGTH } from "@/lib/session-events";
import { getServerApi } from "@/server/api/server";
import { BASIC_REFRESH_SECONDS, fetchMetadataOf, isOwnNavigation } from "@/server/sessions/basic";
import { leaveBasic, sendBasicLine, type BasicError } from "./actions";
import { isInvisible } from "@/lib/roles";

export const metadata: Metadata = { title: "Live session (basic)", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

const ERRORS: Record<BasicError, string> = {
  empty: "Type a message first.",
  "too-long": `That message was not sent: messages can be at most ${MAX_CHAT_LENGTH} characters.`,
  closed: "That message was not sent: the session has ended.",
  "not-allowed": "You can't write in this session.",
  failed: "That message was not sent. Please try again.",
};

export default async function BasicSessionPage({
  params,
  searchParams,
}: {
  params: Promise<{ sessionId: string }>;
  searchParams: Promise<{ error?: string | string[] }>;
}) {
  const [{ sessionId }, { error }] = await Promise.all([params, searchParams]);
  let view;
  try {
    view = await (await getServerApi()).sessions.view({ sessionId });
  } catch (e) {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const path = `/s/${encodeURIComponent(sessionId)}`;
  // Over, or not a seat that writes to the room: the session page has the rest (the transcript).
  if (view.me.left || view.session.status !== "ACTIVE" || isInvisible(view.me.role)) redirect(path);
  const ownNavigation = isOwnNavigation(fetchMetadataOf(await headers()));
  const message = typeof error === "string" && Object.hasOwn(ERRORS, error) ? ERRORS[error as BasicError] : null;

  return (
    <div className="flex h-dvh flex-col bg-slate-50">
      <header className="flex min-h-12 shrink-0 items-center gap-3 border-b border-slate-200 bg-white px-3 sm:px-4">
        <span className="hidden sm:block">
          <Logo href={path} />
        </span>
        <h1 className="min-w-0 flex-1 truncate text-base font-semibold">{sessionHeading(view.session.title)}</h1>
        <span className="shrink-0 rounded-full bg-amber-50 px-2 py-0.5 text-xs text-amber-800">Basic</span>
        <form action={leaveBasic}>
          <input type="hidden" name="sessionId" value={sessionId} />
          <button className="min-h-11 rounded-lg px-3 text-sm text-red-700 hover:bg-red-50">
            {view.me.role === "AGENT" ? "End session" : "Leave"}
          </button>
        </form>
      </header>
      <MonitoringNotice show={view.scenario.monitoringNotice} />
      <BasicNote refreshSeconds={BASIC_REFRESH_SECONDS} />
      {/* Opened by a link from another site, the page would load the frame as our own (a sign of
          life the visitor never gave): it asks for one click on our page first. */}
      {ownNavigation ? (
        <iframe src={`${path}/basic/log`} title="Conversation" className="min-h-0 w-full flex-1 border-0" />
      ) : (
        <p className="grid flex-1 place-items-center px-4 text-center text-sm text-slate-700">
          <a
            href={`${path}/basic`}
            className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 text-base font-medium text-white hover:bg-brand-700"
          >
            Open the conversation
          </a>
        </p>
      )}
      <form action={sendBasicLine} className="shrink-0 border-t border-slate-200 bg-white p-3 sm:px-4">
        <input type="hidden" name="sessionId" value={sessionId} />
        {/* A new id per page: sending the same form twice (a double click, a re-post) stores the line once. */}
        <input type="hidden" name="clientEventId" value={randomUUID()} />
        {message ? (
          <p role="alert" className="mb-2 text-sm text-red-700">
            {message}
          </p>
        ) : null}
        <div className="flex items-end gap-2">
          <label htmlFor="basic-message" className="sr-only">
            Message
          </label>
          <textarea
            id="basic-message"
            name="text"
            rows={2}
            required
            maxLength={MAX_CHAT_LENGTH}
            placeholder="Type a message"
            className="min-h-11 flex-1 resize-none rounded-xl border border-slate-300 px-3 py-2 text-base focus:border-brand-500 focus:outline-2 focus:outline-brand-500"
          />
          <button className="min-h-11 rounded-xl bg-brand-600 px-4 text-base font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600">
            Send
          </button>
        </div>
      </form>
    </div>
  );
}

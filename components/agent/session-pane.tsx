"use client";
// One open session inside the console: the viewer's own state machine (useSession) and chat area
// (room and sidebar tabs, the prompter's suggestions), the macro composer, transfer / end, and the
// context panel. Every pane stays mounted (hidden when not active) so its live subscription keeps
// counting unread lines.
import { useMutation, useQuery } from "@tanstack/react-query";
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import type { MacroItem } from "@/lib/macros";
import { useTRPC } from "@/lib/trpc";
import { ConversationArea } from "@/components/viewer/conversation-area";
import { isUnreadLine } from "@/components/viewer/conversations";
import { isAfter, marksOf, type SeenMarks } from "@/components/viewer/event-log";
import type { SessionViewData } from "@/components/viewer/types";
import { useSession } from "@/components/viewer/use-session";
import { ContextPanel } from "./context-panel";
import { MacroComposer } from "./macro-composer";
import { TransferButton } from "./transfer-dialog";
import { CobrowseMirror } from "@/components/cobrowse/mirror";
import { useSharedPageMarks } from "@/components/viewer/annotations";
import { liveLabel } from "../viewer/live-label";

export type PaneHandle = { focusComposer: () => void };

type PaneProps = {
  orgId: string;
  sessionId: string;
  label: string;
  active: boolean;
  macros: MacroItem[];
  onUnread: (sessionId: string, n: number) => void;
  onGone: (sessionId: string, message: string) => void;
};

export const SessionPane = forwardRef<PaneHandle, PaneProps>(function SessionPane(props, ref) {
  const trpc = useTRPC();
  const view = useQuery({
    ...trpc.sessions.view.queryOptions({ sessionId: props.sessionId }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const inputRef = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({ focusComposer: () => inputRef.current?.focus() }), []);
  if (view.isLoading) return props.active ? <p className="p-6 text-sm text-slate-500">Loading the conversation…</p> : null;
  if (view.isError || !view.data) {
    return props.active ? (
      <p className="p-6 text-sm text-amber-800">Couldn&apos;t open this session: {view.error?.message ?? "unknown error"}</p>
    ) : null;
  }
  return <LivePane {...props} initial={view.data} inputRef={inputRef} />;
});

function LivePane({
  orgId,
  sessionId,
  label,
  active,
  macros,
  onUnread,
  onGone,
  initial,
  inputRef,
}: PaneProps & { initial: SessionViewData; inputRef: React.RefObject<HTMLTextAreaElement | null> }) {
  const s = useSession(initial);
  const trpc = useTRPC();
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const lead = useMutation(
    trpc.sessions.lead.mutationOptions({
      onSuccess: (e) => setNotice(`Led to ${String(e.payload.url)}`),
      onError: (e) => setNotice(e.message),
    }),
  );
  const leave = useMutation(
    trpc.sessions.leave.mutationOptions({
      onSuccess: () => onGone(sessionId, `You ended the session with ${label}.`),
      onError: (e) => setNotice(e.message),
    }),
  );
  const closed = s.ended || s.left || s.handoff !== null;
  // The leader's marks over the visitor's mirrored tab (issue 17; docs/sessions.md).
  const marks = useSharedPageMarks({ ...s, closed });

  // Unread: lines others addressed to me (room chat, a prompt to me, a sidebar line) that arrived
  // after the tab was last in view.
  const [seen, setSeen] = useState<SeenMarks>({});
  if (active && s.events.some((e) => isAfter(e, seen))) setSeen(marksOf(s.events));
  const unread = active ? 0 : s.events.filter((e) => isAfter(e, seen) && isUnreadLine(e, s.me.id)).length;
  useEffect(() => onUnread(sessionId, unread), [onUnread, sessionId, unread]);

  const iLead = s.leader === s.me.id;
  // The visitor's shared tab (docs/cobrowse.md), only in the pane in view: a pane brought back
  // into view asks for a fresh snapshot, like any late viewer.
  const cobrowsing = s.events.findLast((e) => e.type === "cobrowse.started" || e.type === "cobrowse.stopped")?.type === "cobrowse.started";
  return (
    <div className="grid min-h-0 gap-0 lg:grid-cols-[1fr_18rem]" hidden={!active}>
      <div className="flex h-[min(70dvh,40rem)] min-h-0 flex-col">
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-2">
          <span
            className={`rounded-full px-2 py-0.5 text-xs ${s.ended ? "bg-slate-100 text-slate-600" : s.visitorLeft ? "bg-amber-100 text-amber-900" : s.liveState === "subscribed" ? "bg-emerald-50 text-emerald-700" : "bg-amber-50 text-amber-800"}`}
          >
            {s.ended ? "Ended" : s.visitorLeft ? "Visitor left" : liveLabel(s.liveState)}
          </span>
          <span className="min-w-0 truncate text-xs text-slate-500" title={s.current?.url}>
            {s.current?.url ? `Showing ${s.current.url}` : "No page shared yet"}
            {iLead ? " · you lead" : ""}
          </span>
          <span className="ml-auto flex items-center gap-1">
            <a
              href={`/s/${sessionId}`}
              className="rounded-lg px-2 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600"
            >
              Full view
            </a>
            {s.me.role === "AGENT" ? (
              <TransferButton orgId={orgId} sessionId={sessionId} disabled={closed} onDone={(m) => onGone(sessionId, m)} />
            ) : null}
            {confirmEnd ? (
              <span role="group" aria-label="Confirm ending" className="flex items-center gap-1">
                <button
                  type="button"
                  autoFocus
                  className="rounded-lg bg-red-600 px-2 py-1 text-sm font-medium text-white"
                  onClick={() => leave.mutate({ sessionId })}
                >
                  {s.me.role === "AGENT" ? "End for everyone" : "Leave now"}
                </button>
                <button type="button" className="rounded-lg px-2 py-1 text-sm hover:bg-slate-100" onClick={() => setConfirmEnd(false)}>
                  Cancel
                </button>
              </span>
            ) : (
              <button
                type="button"
                className="rounded-lg px-2 py-1 text-sm text-red-700 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-red-600"
                onClick={() => (closed ? onGone(sessionId, "") : setConfirmEnd(true))}
              >
                {closed ? "Close tab" : s.me.role === "AGENT" ? "End session" : "Leave"}
              </button>
            )}
          </span>
        </div>
        {s.privateError ? (
          <p role="alert" className="bg-red-50 px-3 py-1 text-xs text-red-800">
            {s.privateError}
          </p>
        ) : null}
        {notice ? (
          <p role="status" className="flex items-center gap-2 bg-amber-50 px-3 py-1 text-xs text-amber-900">
            <span className="min-w-0 truncate">{notice}</span>
            <button type="button" className="ml-auto underline" onClick={() => setNotice(null)}>
              Dismiss
            </button>
          </p>
        ) : null}
        {cobrowsing && active && !closed ? (
          <div className="flex h-[45%] shrink-0 flex-col border-b border-slate-200">
            <CobrowseMirror
              channel={s.channels.cobrowse}
              participantId={s.me.id}
              className="min-h-0 flex-1"
              overlay={(g) => marks.overlay(g, "cobrowse")}
            />
          </div>
        ) : null}
        <div className="flex min-h-0 flex-1 flex-col bg-slate-50">
          <ConversationArea
            s={s}
            closed={closed}
            inputRef={inputRef}
            renderComposer={(slot) => (
              <MacroComposer
                ref={inputRef}
                {...slot}
                macros={macros}
                onLead={(url) =>
                  iLead ? lead.mutate({ sessionId, url }) : setNotice("Only the leader can lead. Ask for the baton in the full view.")
                }
              />
            )}
          />
        </div>
      </div>
      <aside aria-label={`About ${label}`} className="border-t border-slate-200 lg:border-t-0 lg:border-l">
        <ContextPanel orgId={orgId} sessionId={sessionId} />
      </aside>
    </div>
  );
}

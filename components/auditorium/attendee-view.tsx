"use client";
// The attendee's view of an auditorium: the page the stage leads to (the viewer's large view), the
// stage chat (read-only: no input line), the audience count, and the question box with the raised
// hand. Chat first on a phone, as the viewer is: the shared page takes room only while there is one;
// "Ask" is a tab beside the stage chat there, a column on a desktop.
import { useState } from "react";
import { Logo } from "@/components/ui/logo";
import { ProgressBar } from "@/components/ui/progress";
import { LargeView } from "../viewer/large-view";
import { Transcript } from "../viewer/transcript";
import type { SessionViewData } from "../viewer/types";
import { AttendeeClosed } from "./attendee-closed";
import { AttendeeQuestions } from "./attendee-questions";
import { useAttendee } from "./attendee-state";
import { useStageRoleWatch } from "./use-stage-role";
import { liveLabel } from "../viewer/live-label";

const headerButton =
  "inline-flex items-center rounded-lg px-2 py-1 text-sm max-sm:min-h-11 max-sm:px-3 focus-visible:outline-2 focus-visible:outline-brand-600";

export function AttendeeView({ initial }: { initial: SessionViewData }) {
  const a = useAttendee(initial);
  // Promoted to the stage: the page is rendered again as the speaker's view.
  useStageRoleWatch(a.left || a.removed ? null : a.channels.own);
  const [floating, setFloating] = useState(false);
  const [tab, setTab] = useState<"chat" | "ask">("chat");

  if (a.removed) return <AttendeeClosed title={a.title} reason="removed" />;
  if (a.ended) return <AttendeeClosed title={a.title} reason="ended" message={a.endReason} />;
  if (a.left) return <AttendeeClosed title={a.title} reason="left" />;

  return (
    <div className="flex h-dvh flex-col bg-slate-50">
      {a.liveState !== "subscribed" && a.liveState !== "error" ? (
        <ProgressBar label="Connecting to the event" className="fixed inset-x-0 top-0 z-40" />
      ) : null}
      <header className="flex min-h-12 shrink-0 flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 bg-white px-3 py-1.5">
        <span className="hidden sm:block">
          <Logo href="/" />
        </span>
        <h1 className="min-w-0 flex-1 text-sm leading-tight font-semibold sm:flex-none">
          <span className="block truncate">{a.title || "Live event"}</span>
          <span className="block text-xs font-normal text-slate-500">{a.orgName} · you are watching</span>
        </h1>
        <span
          role="status"
          className={`shrink-0 rounded-full px-2 py-0.5 text-xs ${a.liveState === "subscribed" ? "bg-emerald-50 text-emerald-700" : "bg-amber-50 text-amber-800"}`}
        >
          {liveLabel(a.liveState)}
        </span>
        <span
          className="shrink-0 rounded-full bg-slate-900 px-2.5 py-0.5 text-xs font-semibold text-white tabular-nums"
          aria-live="polite"
          data-audience-count={a.audience ?? ""}
        >
          {a.audience === null ? "Audience: …" : `${a.audience.toLocaleString()} watching`}
        </span>
        <button
          type="button"
          disabled={a.leaving}
          onClick={a.leave}
          className={`${headerButton} ml-auto text-slate-700 hover:bg-slate-100`}
        >
          Leave
        </button>
      </header>
      {a.liveError ? (
        <p role="alert" className="bg-amber-50 px-3 py-1.5 text-center text-sm text-amber-900">
          The live connection was refused ({a.liveError}). Reload the page to try again.
        </p>
      ) : null}
      {/* On a phone the "Ask" tab shows the questions under the stage's header lines, which keep their own height. */}
      <div className={`grid min-h-0 flex-1 lg:grid-cols-[1fr_22rem] ${tab === "ask" ? "max-lg:grid-rows-[auto_minmax(0,1fr)]" : ""}`}>
        <main className="flex min-h-0 flex-col">
          <p className="border-b border-slate-200 bg-white px-3 py-1.5 text-sm text-slate-600">
            {a.leaderName ? `${a.leaderName} leads the audience.` : "The stage will lead you to pages here."}
          </p>
          <div
            className={
              floating ? "" : `shrink-0 border-b border-slate-200 lg:h-[55%] ${a.current || a.newWindowOffer ? "" : "max-lg:hidden"}`
            }
          >
            <LargeView
              current={a.current}
              newWindowOffer={a.newWindowOffer}
              floating={floating}
              onToggleFloat={() => setFloating((f) => !f)}
            />
          </div>
          <div role="tablist" aria-label="Event" className="flex shrink-0 border-b border-slate-200 bg-white lg:hidden">
            {(["chat", "ask"] as const).map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                id={`attendee-tab-${t}`}
                aria-selected={tab === t}
                aria-controls={`attendee-panel-${t}`}
                onClick={() => setTab(t)}
                className="min-h-11 flex-1 border-b-2 border-transparent px-3 text-sm text-slate-600 aria-selected:border-brand-600 aria-selected:font-semibold aria-selected:text-brand-700"
              >
                {t === "chat" ? "Stage chat" : "Ask a question"}
              </button>
            ))}
          </div>
          <section
            id="attendee-panel-chat"
            aria-labelledby="stage-chat-heading"
            className={`min-h-0 flex-1 flex-col ${tab === "chat" ? "flex" : "max-lg:hidden lg:flex"}`}
          >
            <h2
              id="stage-chat-heading"
              className="border-b border-slate-200 bg-white px-3 py-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase max-lg:sr-only"
            >
              Stage chat
            </h2>
            <div className="min-h-0 flex-1 overflow-y-auto">
              <Transcript events={a.events} pending={[]} typing={{}} participants={a.stage} meId={a.me.id} onRetry={() => {}} />
            </div>
            <p className="border-t border-slate-200 bg-white px-3 py-2 text-xs text-slate-500">
              You are in the audience: the stage chat is read-only. Ask the speakers a question instead.
            </p>
          </section>
        </main>
        <aside
          id="attendee-panel-ask"
          aria-label="Questions"
          className={`min-h-0 overflow-y-auto border-l border-slate-200 bg-slate-50 ${tab === "ask" ? "max-lg:block" : "max-lg:hidden"}`}
        >
          <AttendeeQuestions sessionId={a.sessionId} ownChannel={a.channels.own} live />
        </aside>
      </div>
    </div>
  );
}

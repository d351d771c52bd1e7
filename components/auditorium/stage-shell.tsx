"use client";
// The frame both stage views share (producer-view.tsx, speaker-view.tsx): a header with the live
// audience count, the lead bar, the shared page, the stage chat, and a side panel of tabs that
// each view fills. Built from the viewer's parts (components/viewer/*) over the same useSession.
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { Logo } from "@/components/ui/logo";
import { ProgressBar } from "@/components/ui/progress";
import { useTRPC } from "@/lib/trpc";
import { AddressBar } from "../viewer/address-bar";
import { ConversationArea } from "../viewer/conversation-area";
import { LargeView } from "../viewer/large-view";
import type { SessionState } from "../viewer/use-session";
import { Avatar } from "../viewer/avatar-strip";
import type { StageSeat } from "./stage-state";
import { liveLabel } from "../viewer/live-label";

export type StageTab = { id: string; label: string; badge?: number; content: ReactNode };

const headerButton =
  "inline-flex items-center rounded-lg px-2 py-1 text-sm max-sm:min-h-11 max-sm:px-3 focus-visible:outline-2 focus-visible:outline-brand-600";

export function StageShell({
  s,
  title,
  seats,
  roleLabel,
  audience,
  tabs,
  mayLead,
  onLead,
  leading,
  leadError,
  onAskLead,
  endLabel,
  endQuestion,
  onEnd,
  notice = null,
  exitHref,
}: {
  s: SessionState;
  title: string;
  seats: StageSeat[];
  roleLabel: string;
  audience: number | null;
  tabs: StageTab[];
  /** The producer always (taking the baton first); a speaker while holding it. */
  mayLead: boolean;
  onLead: (url: string, opts: { notToSelf: boolean; newWindow: boolean }) => void;
  leading: boolean;
  leadError: string | null;
  onAskLead?: () => void;
  endLabel: string;
  endQuestion: string;
  onEnd: () => void;
  /** A failure to show above the stage (e.g. ending the event). */
  notice?: string | null;
  exitHref: string;
}) {
  const trpc = useTRPC();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const endRef = useRef<HTMLDialogElement>(null);
  const [floating, setFloating] = useState(false);
  const [panelOpen, setPanelOpen] = useState(false);
  const [tab, setTab] = useState(tabs[0]!.id);
  const closed = s.ended || s.left;
  const waiting = tabs.reduce((n, t) => n + (t.badge ?? 0), 0);
  const leader = seats.find((p) => p.id === s.leader);
  const newWindowOffer =
    s.lastNavigate && s.lastNavigate.newWindow && s.lastNavigate.actor !== s.me.id ? { url: s.lastNavigate.url } : null;
  // The stage chat names people by the stage's list: speakers promoted after the page loaded too.
  const stageView = {
    ...s,
    participants: [...s.participants.filter((p) => !seats.some((x) => x.id === p.id)), ...seats.map((p) => ({ ...p, canLead: true }))],
  };
  const pass = useMutation(trpc.sessions.passBaton.mutationOptions());

  const lastRequest = [...s.events].reverse().find((e) => e.type === "baton.requested" || e.type === "baton.passed");
  const asked =
    !closed &&
    (s.leader === s.me.id || s.me.role === "PRODUCER") &&
    lastRequest?.type === "baton.requested" &&
    lastRequest.actorParticipantId !== s.me.id
      ? seats.find((p) => p.id === lastRequest.actorParticipantId)
      : undefined;

  const onTabKey = (e: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === tab);
    const to = e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length]!;
    setTab(next.id);
    document.getElementById(`stage-tab-${next.id}`)?.focus();
  };

  return (
    <div className="flex h-dvh flex-col bg-slate-50">
      {!closed && s.liveState !== "subscribed" && s.liveState !== "error" ? (
        <ProgressBar label="Connecting to the event" className="fixed inset-x-0 top-0 z-40" />
      ) : null}
      <header className="flex min-h-12 shrink-0 flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 bg-white px-3 py-1.5">
        <span className="hidden sm:block">
          <Logo href={exitHref} />
        </span>
        <h1 className="min-w-0 text-sm leading-tight font-semibold">
          <span className="block truncate">{title || "Auditorium"}</span>
          <span className="block text-xs font-normal text-slate-500">{roleLabel}</span>
        </h1>
        <span
          role="status"
          className={`shrink-0 rounded-full px-2 py-0.5 text-xs ${closed ? "bg-slate-100 text-slate-600" : s.liveState === "subscribed" ? "bg-emerald-50 text-emerald-700" : "bg-amber-50 text-amber-800"}`}
        >
          {s.ended ? "Ended" : s.left ? "Left" : liveLabel(s.liveState)}
        </span>
        <span
          className="shrink-0 rounded-full bg-slate-900 px-2.5 py-0.5 text-xs font-semibold text-white tabular-nums"
          aria-live="polite"
          data-audience-count={audience ?? ""}
        >
          {audience === null ? "Audience: …" : `${audience.toLocaleString()} watching`}
        </span>
        <nav aria-label="Event" className="ml-auto flex items-center gap-1">
          <button
            type="button"
            className={`${headerButton} hover:bg-slate-100 lg:hidden`}
            aria-expanded={panelOpen}
            aria-controls="stage-panel"
            onClick={() => setPanelOpen((o) => !o)}
          >
            {panelOpen ? "Back to stage" : `Backstage${waiting ? ` (${waiting})` : ""}`}
          </button>
          {closed ? (
            <Link href={exitHref} className={`${headerButton} hover:bg-slate-100`}>
              Close
            </Link>
          ) : (
            <button type="button" className={`${headerButton} text-red-700 hover:bg-red-50`} onClick={() => endRef.current?.showModal()}>
              {endLabel}
            </button>
          )}
        </nav>
      </header>
      {s.ended ? (
        <p role="status" className="bg-slate-800 px-3 py-1.5 text-center text-sm text-white">
          This event has ended. The stage chat stays below.
        </p>
      ) : null}
      {notice && !s.ended ? (
        <p role="alert" className="bg-red-50 px-3 py-1.5 text-center text-sm text-red-800">
          {notice}
        </p>
      ) : null}
      {asked ? (
        <p role="status" className="flex flex-wrap items-center justify-center gap-3 bg-brand-50 px-3 py-1.5 text-sm text-brand-900">
          {asked.displayName} asked to lead.
          <button
            type="button"
            className="rounded-lg bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white max-sm:min-h-11 max-sm:px-3"
            onClick={() => pass.mutate({ sessionId: s.sessionId, toParticipantId: asked.id })}
          >
            Give them the lead
          </button>
        </p>
      ) : null}

      <div className="grid min-h-0 flex-1 lg:grid-cols-[1fr_24rem]">
        {/* On a phone the backstage takes the stage's place (a toggle in the header), never covers the header. */}
        <main className={`flex min-h-0 flex-col ${panelOpen ? "max-lg:hidden" : ""}`}>
          {closed ? null : mayLead ? (
            <AddressBar busy={leading} error={leadError} onLead={onLead} />
          ) : (
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 bg-white px-3 py-2 text-sm text-slate-600">
              <span>
                {leader
                  ? `${leader.id === s.me.id ? "You lead" : `${leader.displayName} leads`} the audience.`
                  : "Nobody leads the audience yet."}
              </span>
              {onAskLead ? (
                <button
                  type="button"
                  onClick={onAskLead}
                  className="ring-brand-200 rounded-lg px-2 py-1 text-xs font-semibold text-brand-700 ring-1 hover:bg-brand-50 max-sm:min-h-11"
                >
                  Ask to lead
                </button>
              ) : null}
            </div>
          )}
          <div
            className={
              floating ? "" : `shrink-0 border-b border-slate-200 lg:h-[48%] ${s.current || newWindowOffer ? "" : "max-lg:hidden"}`
            }
          >
            <LargeView
              current={s.current}
              newWindowOffer={newWindowOffer}
              floating={floating}
              onToggleFloat={() => setFloating((f) => !f)}
            />
          </div>
          <div className="flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-3 py-1.5">
            <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Stage chat · the audience sees it</h2>
            <StageStrip seats={seats} leaderId={s.leader} />
          </div>
          <div className="flex min-h-0 flex-1 flex-col">
            <ConversationArea s={stageView} closed={closed} inputRef={inputRef} placeholder="Say something to everyone" />
          </div>
        </main>
        <aside id="stage-panel" className={`${panelOpen ? "flex" : "hidden"} min-h-0 flex-col border-l border-slate-200 bg-white lg:flex`}>
          <div role="tablist" aria-label="Backstage" className="flex shrink-0 border-b border-slate-200" onKeyDown={onTabKey}>
            {tabs.map((t) => (
              <button
                key={t.id}
                id={`stage-tab-${t.id}`}
                type="button"
                role="tab"
                aria-selected={tab === t.id}
                aria-controls={`stage-tabpanel-${t.id}`}
                tabIndex={tab === t.id ? 0 : -1}
                onClick={() => setTab(t.id)}
                className={`flex-1 border-b-2 px-2 py-2.5 text-sm font-medium max-sm:min-h-11 ${tab === t.id ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800"}`}
              >
                {t.label}
                {t.badge ? (
                  <span className="ml-1.5 rounded-full bg-brand-600 px-1.5 text-[11px] font-semibold text-white">{t.badge}</span>
                ) : null}
              </button>
            ))}
          </div>
          {tabs.map((t) => (
            <div
              key={t.id}
              id={`stage-tabpanel-${t.id}`}
              role="tabpanel"
              aria-labelledby={`stage-tab-${t.id}`}
              hidden={tab !== t.id}
              className="flex min-h-0 flex-1 flex-col overflow-y-auto"
            >
              {t.content}
            </div>
          ))}
        </aside>
      </div>

      <ConfirmDialog dialogRef={endRef} id="end" title={`${endLabel}?`} confirmLabel={endLabel} onConfirm={onEnd}>
        {endQuestion}
      </ConfirmDialog>
    </div>
  );
}

/** Who is on stage, at a glance beside the chat; the leader ringed. */
function StageStrip({ seats, leaderId }: { seats: StageSeat[]; leaderId: string | null }) {
  const shown = seats.slice(0, 6);
  return (
    <ul aria-label="On stage now" className="flex shrink-0 items-center -space-x-1.5">
      {shown.map((p) => (
        <li
          key={p.id}
          title={`${p.displayName}${p.id === leaderId ? " (leads)" : ""}`}
          className={`rounded-full ring-2 ${p.id === leaderId ? "ring-amber-400" : "ring-white"}`}
        >
          <Avatar p={p} size="size-6" />
          <span className="sr-only">
            {p.displayName}
            {p.id === leaderId ? ", leads the audience" : ""}
          </span>
        </li>
      ))}
      {seats.length > shown.length ? <li className="pl-3 text-xs text-slate-500">+{seats.length - shown.length}</li> : null}
    </ul>
  );
}

"use client";
// The session viewer (docs/sessions.md), one for every role: the large view, the avatar strip, the
// transcript and the input line; the leader's address bar; a panel with history, who and rooms;
// help and exit.
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { Logo } from "@/components/ui/logo";
import { ProgressBar } from "@/components/ui/progress";
import { useTRPC } from "@/lib/trpc";
import type { WireEvent } from "@/lib/session-events";
import { AddressBar } from "./address-bar";
import { usePopupOffer, useSharedPageMarks } from "./annotations";
import { AvatarStrip } from "./avatar-strip";
import { handoffMessage } from "./handoff";
import { InviteButton } from "./invite-button";
import { ConversationArea } from "./conversation-area";
import { LargeView } from "./large-view";
import { CobrowseMirror } from "@/components/cobrowse/mirror";
import { CobrowseVisitorPairing } from "@/components/cobrowse/visitor-pairing";
import { FormProposals } from "@/components/cobrowse/form-proposals";
import type { Replayer } from "@rrweb/replay";
import { SidePanel } from "./side-panel";
import { MonitoringNotice } from "./monitoring-notice";
import { ScenarioBanner } from "./scenario-banner";
import { sessionTitleParts } from "./session-title";
import { StaffBar } from "./staff-bar";
import { SurveyCard } from "./survey-card";
import type { SessionViewData } from "./types";
import { useSession } from "./use-session";
import { ExitButton, VisitorFarewell, type VisitorExit } from "./visitor-exit";
import { isInvisible } from "@/lib/roles";
import { liveLabel } from "./live-label";

/** Header actions: compact on a desktop, a 44 px target under a thumb. */
const headerButton = "inline-flex items-center rounded-lg px-2 py-1 text-sm max-sm:min-h-11 max-sm:px-3";

/** `exit`: a visitor's way out (back to the client's page, or closing the embed's window), in the client's brand. */
export function Viewer({ initial, exitHref, exit }: { initial: SessionViewData; exitHref: string; exit?: VisitorExit | null }) {
  const s = useSession(initial);
  const trpc = useTRPC();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const helpRef = useRef<HTMLDialogElement>(null);
  const exitRef = useRef<HTMLDialogElement>(null);
  const [floating, setFloating] = useState(false);
  const [mirrorReplayer, setMirrorReplayer] = useState<Replayer | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [leadError, setLeadError] = useState<string | null>(null);

  const title = sessionTitleParts(initial.session.orgName, s.participants, s.me.id);
  const iLead = s.leader === s.me.id;
  const closed = s.ended || s.left || s.handoff !== null;
  // The leader's marks over the shared page and pop-ups on the followers' side (issue 17).
  const marks = useSharedPageMarks({ ...s, closed });
  const popupOffer = usePopupOffer({ ...s, closed });
  const unseen = isInvisible(s.me.role);
  const room = initial.session.kind === "COLLABORATION";
  const canInvite = room && !unseen && !closed;
  // An agent ends a one-on-one; a room goes on until its last person leaves, agents included.
  const ends = s.me.role === "AGENT" && !room;
  // Co-browsing is on while the archive's last cobrowse.* event is a start (docs/cobrowse.md).
  const cobrowsing = s.events.findLast((e) => e.type === "cobrowse.started" || e.type === "cobrowse.stopped")?.type === "cobrowse.started";
  const mirrors = cobrowsing && !closed && !unseen && s.me.role !== "VISITOR";
  const onEventResult = { onError: (e: { message: string }) => setNotice(e.message) };
  const lead = useMutation(trpc.sessions.lead.mutationOptions());
  const leadTo = (url: string, opts: { notToSelf?: boolean; newWindow?: boolean } = {}) =>
    lead.mutate(
      { sessionId: s.sessionId, url, ...opts },
      {
        onSuccess: () => {
          setLeadError(null);
          // After leading, the conversation goes on: focus returns to the chat input.
          inputRef.current?.focus();
        },
        onError: (e) => setLeadError(e.message),
      },
    );
  const pass = useMutation(trpc.sessions.passBaton.mutationOptions(onEventResult));
  const ask = useMutation(
    trpc.sessions.requestBaton.mutationOptions({
      ...onEventResult,
      onSuccess: () => setNotice("You asked to lead. The leader has been told."),
    }),
  );
  const take = useMutation(trpc.sessions.takeBaton.mutationOptions(onEventResult));
  const leave = useMutation(trpc.sessions.leave.mutationOptions({ onSuccess: () => s.setLeft(true), ...onEventResult }));

  const newWindowOffer =
    s.lastNavigate && s.lastNavigate.newWindow && s.lastNavigate.actor !== s.me.id ? { url: s.lastNavigate.url } : null;
  const lastRequest = [...s.events].reverse().find((e: WireEvent) => e.type === "baton.requested" || e.type === "baton.passed");
  const batonAsked = iLead && lastRequest?.type === "baton.requested" && lastRequest.actorParticipantId !== s.me.id ? lastRequest : null;
  const asker = batonAsked ? s.participants.find((p) => p.id === batonAsked.actorParticipantId) : null;

  const panel = (
    <SidePanel
      history={s.history}
      participants={s.participants}
      rooms={s.rooms}
      showWho={s.scenario.showWho}
      showRooms={s.scenario.showRooms}
      meId={s.me.id}
      leaderId={s.leader}
      iLead={iLead}
      mayTake={s.me.mayTake}
      ended={closed}
      onLeadAgain={(url) => leadTo(url)}
      onPass={(id) => pass.mutate({ sessionId: s.sessionId, toParticipantId: id })}
      onAsk={() => ask.mutate({ sessionId: s.sessionId })}
      onTake={() => take.mutate({ sessionId: s.sessionId })}
      invite={
        canInvite ? (
          <InviteButton
            sessionId={s.sessionId}
            className="rounded-lg border border-slate-300 px-3 py-1.5 text-xs hover:bg-slate-50 max-sm:min-h-11 sm:hidden"
          />
        ) : null
      }
    />
  );

  // A hand-off closes the seat too, but the agent keeps the transcript and is told where it went.
  if (s.left && !s.handoff) {
    if (exit)
      return <VisitorFarewell exit={exit} survey={<SurveyCard sessionId={s.sessionId} brandColor={exit.brandColor} className="mt-6" />} />;
    return (
      <main className="grid min-h-dvh place-items-center px-4">
        <div className="max-w-sm text-center">
          <Logo />
          <h1 className="mt-8 text-xl font-semibold">You left the session</h1>
          <p className="mt-2 text-sm text-slate-500">Thanks for stopping by. The conversation is kept for the people who helped you.</p>
          <Link
            href={exitHref}
            className="mt-6 inline-flex items-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white max-sm:min-h-11"
          >
            Continue
          </Link>
          {/* A plain link: the server renders the transcript of a seat that left (components/viewer/past-session.tsx). */}
          <a href={`/s/${encodeURIComponent(s.sessionId)}`} className="mt-3 block text-sm text-brand-700 underline">
            Read the transcript
          </a>
        </div>
      </main>
    );
  }

  return (
    <div className="flex h-dvh flex-col">
      {/* Rendered by the server, so it is the first thing a visitor sees; gone once the room is live. */}
      {!closed && s.liveState !== "subscribed" && s.liveState !== "error" ? (
        <ProgressBar label="Connecting to the session" className="fixed inset-x-0 top-0 z-40" />
      ) : null}
      <header className="flex h-12 shrink-0 items-center gap-3 border-b border-slate-200 bg-white px-3">
        <span className="hidden sm:block">
          <Logo href={exitHref} />
        </span>
        {/* On a phone the two parts stack, so neither is cut to a few letters beside the buttons. */}
        <h1 className="min-w-0 text-sm leading-tight font-semibold sm:truncate">
          <span className="block truncate sm:inline">{title.org}</span>
          {title.withWhom ? (
            <span className="block truncate text-xs font-normal text-slate-500 sm:inline sm:text-sm sm:before:content-['_·_']">
              {title.withWhom}
            </span>
          ) : null}
        </h1>
        <span
          role="status"
          className={`shrink-0 rounded-full px-2 py-0.5 text-xs ${closed ? "bg-slate-100 text-slate-600" : s.visitorLeft ? "bg-amber-100 text-amber-900" : s.liveState === "subscribed" ? "bg-emerald-50 text-emerald-700" : "bg-amber-50 text-amber-800"}`}
        >
          {s.handoff ? "Handed over" : s.ended ? "Ended" : s.visitorLeft ? "Visitor left" : liveLabel(s.liveState)}
        </span>
        <nav aria-label="Session" className="ml-auto flex items-center gap-1">
          <button
            type="button"
            className={`${headerButton} hover:bg-slate-100 lg:hidden`}
            aria-expanded={panelOpen}
            onClick={() => setPanelOpen((o) => !o)}
          >
            Panel
          </button>
          {/* On a phone the header has no room for it: Invite is in the panel's Who tab there. */}
          {canInvite ? <InviteButton sessionId={s.sessionId} className={`${headerButton} hover:bg-slate-100 max-sm:hidden`} /> : null}
          <button type="button" className={`${headerButton} hover:bg-slate-100`} onClick={() => helpRef.current?.showModal()}>
            Help
          </button>
          {(s.ended || s.handoff) && exit ? (
            <ExitButton exit={exit} className={`${headerButton} hover:bg-slate-100`}>
              Close
            </ExitButton>
          ) : s.ended || s.handoff ? (
            <Link href={exitHref} className={`${headerButton} hover:bg-slate-100`}>
              Close
            </Link>
          ) : (
            <button type="button" className={`${headerButton} text-red-700 hover:bg-red-50`} onClick={() => exitRef.current?.showModal()}>
              {ends ? "End session" : "Exit"}
            </button>
          )}
        </nav>
      </header>
      <ScenarioBanner banner={initial.scenario.banner} />
      <MonitoringNotice show={initial.scenario.monitoringNotice} />

      {s.handoff ? (
        <p
          role="status"
          className="flex flex-wrap items-center justify-center gap-x-3 gap-y-1 bg-slate-800 px-3 py-1.5 text-center text-sm text-white"
        >
          <span>
            {handoffMessage(s.handoff)}
            {s.handoff.reassigned ? ` (${s.handoff.byName})` : ""} You can no longer write here; the transcript stays below.
          </span>
          <Link
            href="/agent"
            className="inline-flex items-center rounded font-semibold underline focus-visible:outline-2 focus-visible:outline-white max-sm:min-h-11"
          >
            Back to the agent console
          </Link>
        </p>
      ) : s.ended ? (
        <p role="status" className="bg-slate-800 px-3 py-1.5 text-center text-sm text-white">
          This session has ended. The transcript stays below.
        </p>
      ) : null}
      {/* A visitor's satisfaction survey once the session is over (nothing when the scenario has none). */}
      {s.ended && !s.handoff && exit ? (
        <div className="max-h-[60dvh] shrink-0 overflow-y-auto border-b border-slate-200 bg-slate-50 p-3">
          <SurveyCard sessionId={s.sessionId} brandColor={exit.brandColor} className="mx-auto max-w-xl" />
        </div>
      ) : null}
      {notice ? (
        <p role="status" className="flex items-center justify-center gap-2 bg-amber-50 px-3 py-1.5 text-sm text-amber-900">
          {notice}
          <button type="button" className="underline max-sm:min-h-11" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </p>
      ) : null}
      {unseen && !closed ? <StaffBar sessionId={s.sessionId} role={s.me.role as "MONITOR" | "PROMPTER"} /> : null}
      {s.privateError ? (
        <p role="alert" className="bg-red-50 px-3 py-1.5 text-center text-sm text-red-800">
          {s.privateError}
        </p>
      ) : null}
      {batonAsked && !closed ? (
        <p role="status" className="flex items-center justify-center gap-3 bg-brand-50 px-3 py-1.5 text-sm text-brand-900">
          {asker?.displayName ?? "Someone"} asked to lead.
          <button
            type="button"
            className="rounded-lg bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white max-sm:min-h-11 max-sm:px-3"
            onClick={() => pass.mutate({ sessionId: s.sessionId, toParticipantId: batonAsked.actorParticipantId! })}
          >
            Pass the lead
          </button>
        </p>
      ) : null}

      <div className="grid min-h-0 flex-1 lg:grid-cols-[1fr_20rem]">
        <main className="flex min-h-0 flex-col">
          {iLead && !closed ? <AddressBar busy={lead.isPending} error={leadError} onLead={(url, opts) => leadTo(url, opts)} /> : null}
          {/* Chat first on small screens: the shared view takes room only while there is something in it. */}
          {s.me.role === "VISITOR" && !closed ? <CobrowseVisitorPairing sessionId={s.sessionId} /> : null}
          {mirrors ? (
            <>
              <div className="flex h-[42dvh] shrink-0 flex-col border-b border-slate-200 lg:h-[52%]">
                <CobrowseMirror
                  channel={s.channels.cobrowse}
                  participantId={s.me.id}
                  className="min-h-0 flex-1"
                  overlay={(g) => marks.overlay(g, "cobrowse")}
                  onReplayer={setMirrorReplayer}
                />
              </div>
              {s.me.role === "AGENT" ? (
                <FormProposals sessionId={s.sessionId} channel={s.channels.cobrowse} myName={s.me.displayName} replayer={mirrorReplayer} />
              ) : null}
            </>
          ) : (
            <div
              className={
                floating ? "" : `shrink-0 border-b border-slate-200 lg:h-[52%] ${s.current || newWindowOffer ? "" : "max-lg:hidden"}`
              }
            >
              <LargeView
                current={s.current}
                newWindowOffer={popupOffer ?? newWindowOffer}
                overlay={(g) => marks.overlay(g, "frame")}
                floating={floating}
                onToggleFloat={() => setFloating((f) => !f)}
              />
            </div>
          )}
          <AvatarStrip participants={s.participants} leaderId={s.leader} typing={s.typing} meId={s.me.id} onlineIds={s.onlineIds} />
          <div className="flex min-h-0 flex-1 flex-col bg-slate-50">
            <ConversationArea s={s} closed={closed} inputRef={inputRef} />
          </div>
        </main>
        <aside
          className={`${panelOpen ? "fixed inset-x-0 top-12 bottom-0 z-20 block" : "hidden"} border-l border-slate-200 lg:static lg:block`}
        >
          {panel}
        </aside>
      </div>

      <dialog ref={helpRef} aria-labelledby="help-title" className="m-auto max-w-md rounded-2xl p-0 backdrop:bg-slate-900/40">
        <div className="p-6">
          <h2 id="help-title" className="text-lg font-semibold">
            How this works
          </h2>
          <ul className="mt-3 list-disc space-y-1.5 pl-5 text-sm text-slate-700">
            <li>Type below and press Enter to send. The others see what you type as you type it.</li>
            <li>The person leading can take everyone to a web page; it opens in the large view above the chat.</li>
            <li>Want to show something yourself? Open the panel&apos;s “Who” tab and ask to lead.</li>
            <li>A page that can&apos;t be shown here gets an “Open it in a new window” button.</li>
          </ul>
          <form method="dialog" className="mt-5 text-right">
            <button className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white max-sm:min-h-11">Got it</button>
          </form>
        </div>
      </dialog>
      <ConfirmDialog
        dialogRef={exitRef}
        id="exit"
        title={ends ? "End this session?" : room ? "Leave this room?" : "Leave this session?"}
        confirmLabel={ends ? "End session" : "Leave"}
        onConfirm={() => leave.mutate({ sessionId: s.sessionId })}
      >
        {ends
          ? "If you are the last agent, the session ends for everyone."
          : room
            ? "The room goes on without you and ends when its last person leaves. While it runs, its link or an invitation brings you back."
            : "You can't come back to this session afterwards."}
      </ConfirmDialog>
    </div>
  );
}

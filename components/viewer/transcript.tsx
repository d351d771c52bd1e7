"use client";
import { Fragment, useEffect, useRef } from "react";
import {
  eventKey,
  type PromptPayload,
  type SessionTransferredPayload,
  type SidebarChatPayload,
  type SidebarOpenedPayload,
  type WireEvent,
} from "@/lib/session-events";
import { Avatar } from "./avatar-strip";
import { ANSWER_TYPES, AnswerCard } from "../auditorium/answer-card";
import { LocalTime } from "./local-time";
import { RichText } from "./rich-text";
import { LineText, type LineTranslations } from "./translation";
import type { Pending, Typing, ViewParticipant } from "./types";

function systemLine(e: WireEvent, name: (id: string | null | undefined) => string): string | null {
  switch (e.type) {
    case "session.started":
      return "Session started";
    case "participant.joined":
      return `${name(e.actorParticipantId)} joined`;
    case "participant.left":
      return `${name(e.actorParticipantId)} left`;
    case "navigate":
      return `${name(e.actorParticipantId)} led to ${String(e.payload.url)}`;
    case "popup.sent":
      return `${name(e.actorParticipantId)} sent a pop-up window: ${String(e.payload.url)}`;
    case "popup.opened":
      return `${name(e.actorParticipantId)} opened the pop-up`;
    case "baton.passed": {
      if (!e.payload.from) return null;
      const who = name(String(e.payload.to));
      return who === "You" ? "You now lead" : `${who} now leads`;
    }
    case "baton.requested":
      return `${name(e.actorParticipantId)} asked to lead`;
    case "session.transferred": {
      const t = e.payload as Partial<SessionTransferredPayload>;
      const by = t.reassigned ? ` (${t.byName ?? "a manager"} reassigned it)` : "";
      return t.kind === "queue"
        ? `${t.fromName ?? "The agent"} passed this session back to the queue${by}. The next available agent will join you here.`
        : `${t.fromName ?? "The agent"} handed this session to ${t.toName ?? "a colleague"}${by}.`;
    }
    case "stage.promoted":
      return `${String(e.payload.name ?? "Someone")} came on stage`;
    case "stage.demoted":
      return `${String(e.payload.name ?? "Someone")} went back to the audience`;
    case "session.ended":
      return `Session ended. ${String(e.payload.reason ?? "")}`;
    // Co-browsing (docs/cobrowse.md).
    case "cobrowse.started": {
      const who = name(e.actorParticipantId);
      return `${who} started sharing ${who === "You" ? "your" : "their"} tab${e.payload.control ? ", with permission to scroll and follow links" : ""}`;
    }
    case "cobrowse.stopped": {
      const who = name(e.actorParticipantId);
      if (e.payload.reason === "too_large")
        return who === "You" ? "Your page was too large to share" : `${who}'s page was too large to share`;
      return `${who} stopped sharing ${who === "You" ? "your" : "their"} tab`;
    }
    case "survey.answered": {
      const rating = Number(e.payload.rating);
      const label = e.payload.scale === "THUMBS" ? (rating === 1 ? "thumbs up" : "thumbs down") : `${rating} of 5 stars`;
      return `${name(e.actorParticipantId)} rated the session: ${label}${e.payload.comment ? ` — “${String(e.payload.comment)}”` : ""}`;
    }
    case "participant.basic": {
      const who = name(e.actorParticipantId);
      return who === "You"
        ? "You are on the basic page without JavaScript; the others have been told."
        : `${who} is on the basic page without JavaScript: no live connection, so they see new lines only when their page refreshes (every few seconds) and can't see anyone type.`;
    }
    default:
      return null;
  }
}

export function Transcript({
  events,
  pending,
  typing,
  participants,
  meId,
  onRetry,
  showPrivate = false,
  translations,
}: {
  events: WireEvent[];
  pending: Pending[];
  typing: Record<string, Typing>;
  participants: ViewParticipant[];
  meId: string;
  onRetry?: (p: Pending) => void;
  /** The replay and the read-only transcript of staff who audit: prompts and sidebar lines too, marked private. */
  showPrivate?: boolean;
  /** Others' lines in the reader's language (components/viewer/translation.tsx); absent: as written. */
  translations?: LineTranslations;
}) {
  const byId = new Map(participants.map((p) => [p.id, p]));
  const name = (id: string | null | undefined) => (id === meId ? "You" : (id && byId.get(id)?.displayName) || "Someone");
  const endRef = useRef<HTMLDivElement>(null);
  const sidebarTitles = new Map(
    events.filter((e) => e.type === "sidebar.opened").map((e) => [String(e.payload.sidebarId), String(e.payload.title ?? "Sidebar")]),
  );
  const typingKey = Object.entries(typing)
    .map(([k, v]) => k + (v.text ?? ""))
    .join("|");
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: "end" });
  }, [events.length, pending.length, typingKey]);

  return (
    <div className="flex-1 overflow-y-auto px-3 py-3 sm:px-4">
      <ol role="log" aria-label="Conversation" aria-live="polite" className="space-y-2">
        {events.map((e) => {
          if (e.type === "session.started" && typeof e.payload.question === "string" && e.payload.question.trim()) {
            // The visitor's question, asked before anyone joined, is the conversation's first line.
            const visitor = participants.find((p) => p.role === "VISITOR");
            return (
              <Fragment key={eventKey(e)}>
                <li className="text-center text-xs text-slate-500" data-seq={e.seq}>
                  Session started · <LocalTime iso={e.createdAt} />
                </li>
                <QuestionLine
                  seq={e.seq}
                  at={e.createdAt}
                  text={e.payload.question}
                  mine={visitor !== undefined && visitor.id === meId}
                  name={visitor?.displayName ?? "Visitor"}
                  who={visitor}
                  translations={translations}
                  lineKey={eventKey(e)}
                />
              </Fragment>
            );
          }
          if (showPrivate && (e.type === "prompt" || e.type === "sidebar.chat")) {
            return <PrivateLine key={eventKey(e)} e={e} name={name} sidebarTitle={sidebarTitles.get(String(e.payload.sidebarId))} />;
          }
          if (showPrivate && (e.type === "sidebar.opened" || e.type === "sidebar.closed")) {
            const title = sidebarTitles.get(String(e.payload.sidebarId)) ?? "sidebar";
            const members =
              e.type === "sidebar.opened" ? (e.payload as unknown as SidebarOpenedPayload).members.map((m) => m.name).join(", ") : "";
            return (
              <li key={eventKey(e)} className="text-center text-xs text-amber-800" data-seq={e.seq} data-private>
                <span className="break-all">
                  {e.type === "sidebar.opened"
                    ? `${name(e.actorParticipantId)} opened the private sidebar “${title}” (${members})`
                    : `${name(e.actorParticipantId)} closed the sidebar “${title}”`}
                </span>{" "}
                · <LocalTime iso={e.createdAt} />
              </li>
            );
          }
          if (ANSWER_TYPES.includes(e.type)) return <AnswerCard key={eventKey(e)} e={e} answerer={name(e.actorParticipantId)} />;
          if (e.type === "chat") {
            const mine = e.actorParticipantId === meId;
            return (
              <li key={eventKey(e)} className={`flex items-end gap-2 ${mine ? "justify-end" : "justify-start"}`} data-seq={e.seq}>
                {!mine ? <LineAvatar id={e.actorParticipantId} byId={byId} /> : null}
                <div
                  className={`max-w-[85%] rounded-2xl px-3 py-2 text-sm ${mine ? "bg-brand-600 text-white [&_a]:text-white" : "bg-white text-slate-900 ring-1 ring-slate-200"}`}
                >
                  {!mine ? <p className="mb-0.5 text-xs font-semibold text-slate-500">{name(e.actorParticipantId)}</p> : null}
                  {mine || !translations ? (
                    <p className="break-words whitespace-pre-wrap">
                      <RichText text={String(e.payload.text ?? "")} />
                    </p>
                  ) : (
                    <LineText
                      text={String(e.payload.text ?? "")}
                      translated={translations.lines.get(eventKey(e))}
                      language={translations.language}
                    />
                  )}
                  <p className={`mt-0.5 text-right text-[11px] ${mine ? "text-white/70" : "text-slate-400"}`}>
                    <LocalTime iso={e.createdAt} />
                  </p>
                </div>
              </li>
            );
          }
          const line = systemLine(e, name);
          return line ? (
            <li key={eventKey(e)} className="text-center text-xs text-slate-500" data-seq={e.seq}>
              <span className="[overflow-wrap:anywhere]">{line}</span> · <LocalTime iso={e.createdAt} />
            </li>
          ) : null;
        })}
        {pending.map((p) => (
          <li key={p.clientEventId} className="flex justify-end">
            <div className="max-w-[85%] rounded-2xl bg-brand-600/50 px-3 py-2 text-sm text-white">
              <p className="break-words whitespace-pre-wrap">{p.text}</p>
              {p.state === "sending" ? (
                <p className="mt-0.5 text-right text-[11px] text-white/80">Sending…</p>
              ) : (
                <p className="mt-0.5 text-right text-[11px] text-white">
                  Not sent{p.error ? `: ${p.error}` : ""}.{" "}
                  {onRetry ? (
                    <button type="button" className="font-semibold underline max-sm:min-h-11" onClick={() => onRetry(p)}>
                      Retry
                    </button>
                  ) : null}
                </p>
              )}
            </div>
          </li>
        ))}
      </ol>
      <div aria-live="polite" className="mt-2 space-y-1">
        {Object.entries(typing)
          .filter(([id]) => id !== meId)
          .map(([id, t]) => (
            <p key={id} className="text-xs text-slate-500" data-typing-from={id}>
              <span className="font-semibold">{name(id)}</span>
              {t.text ? (
                <>
                  {" is typing: "}
                  <span className="text-slate-700 italic">{t.text}</span>
                </>
              ) : (
                " is typing…"
              )}
            </p>
          ))}
      </div>
      <div ref={endRef} />
    </div>
  );
}

/**
 * The sender's picture beside a line of someone else's (the avatar strip's, so the page rule's
 * visitor avatar and the agent's own show here too). Only people in the reader's participant list
 * have one; that list never holds unseen staff for a visible reader.
 */
function LineAvatar({ id, byId }: { id: string | null | undefined; byId: Map<string, ViewParticipant> }) {
  const p = id ? byId.get(id) : undefined;
  if (!p) return <span aria-hidden className="size-7 shrink-0" />;
  return (
    <span className="shrink-0" data-line-avatar={p.avatarUrl ?? ""}>
      <Avatar p={p} size="size-7" />
    </span>
  );
}

function QuestionLine({
  seq,
  at,
  text,
  mine,
  name,
  who,
  translations,
  lineKey,
}: {
  seq: number;
  at: string;
  text: string;
  mine: boolean;
  name: string;
  who: ViewParticipant | undefined;
  translations: LineTranslations | undefined;
  lineKey: string;
}) {
  return (
    <li className={`flex items-end gap-2 ${mine ? "justify-end" : "justify-start"}`} data-question-of={seq}>
      {!mine && who ? <LineAvatar id={who.id} byId={new Map([[who.id, who]])} /> : null}
      <div
        className={`max-w-[85%] rounded-2xl px-3 py-2 text-sm ${mine ? "bg-brand-600 text-white" : "bg-white text-slate-900 ring-1 ring-slate-200"}`}
      >
        <p className={`mb-0.5 text-xs font-semibold ${mine ? "text-white/80" : "text-slate-500"}`}>
          {mine ? "Your question" : `${name}'s question`}
        </p>
        {mine || !translations ? (
          <p className="break-words whitespace-pre-wrap">{text}</p>
        ) : (
          <LineText text={text} translated={translations.lines.get(lineKey)} language={translations.language} />
        )}
        <p className={`mt-0.5 text-right text-[11px] ${mine ? "text-white/70" : "text-slate-400"}`}>
          <LocalTime iso={at} />
        </p>
      </div>
    </li>
  );
}

/** A prompt or a sidebar line in an audit: who wrote it, to whom, and that the room never saw it. */
function PrivateLine({
  e,
  name,
  sidebarTitle,
}: {
  e: WireEvent;
  name: (id: string | null | undefined) => string;
  sidebarTitle: string | undefined;
}) {
  const label =
    e.type === "prompt"
      ? `Prompt from ${name(e.actorParticipantId)} to ${name((e.payload as unknown as PromptPayload).to)}`
      : `${name(e.actorParticipantId)} in the sidebar “${sidebarTitle ?? "Sidebar"}”`;
  const text = e.type === "prompt" ? (e.payload as unknown as PromptPayload).text : (e.payload as unknown as SidebarChatPayload).text;
  return (
    <li className="flex justify-start" data-seq={e.seq} data-private={e.type}>
      <div className="max-w-[85%] rounded-2xl bg-amber-50 px-3 py-2 text-sm text-slate-900 ring-1 ring-amber-200">
        <p className="mb-0.5 text-xs font-semibold text-amber-800">
          {label} <span className="font-normal">(private: the room did not see it)</span>
        </p>
        <p className="break-words whitespace-pre-wrap">
          <RichText text={String(text ?? "")} />
        </p>
        <p className="mt-0.5 text-right text-[11px] text-slate-400">
          <LocalTime iso={e.createdAt} />
        </p>
      </div>
    </li>
  );
}

"use client";
import { useEffect, useRef } from "react";
import type { SessionTransferredPayload, WireEvent } from "@/lib/session-events";
import { LocalTime } from "./local-time";
import { RichText } from "./rich-text";
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
    case "baton.passed":
      return e.payload.from ? `${name(String(e.payload.to))} now leads` : null;
    case "baton.requested":
      return `${name(e.actorParticipantId)} asked to lead`;
    case "session.transferred": {
      const t = e.payload as Partial<SessionTransferredPayload>;
      const by = t.reassigned ? ` (${t.byName ?? "a manager"} reassigned it)` : "";
      return t.kind === "queue"
        ? `${t.fromName ?? "The agent"} passed this session back to the queue${by}. The next available agent will join you here.`
        : `${t.fromName ?? "The agent"} handed this session to ${t.toName ?? "a colleague"}${by}.`;
    }
    case "session.ended":
      return `Session ended. ${String(e.payload.reason ?? "")}`;
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
}: {
  events: WireEvent[];
  pending: Pending[];
  typing: Record<string, Typing>;
  participants: ViewParticipant[];
  meId: string;
  onRetry?: (p: Pending) => void;
}) {
  const byId = new Map(participants.map((p) => [p.id, p]));
  const name = (id: string | null | undefined) => (id === meId ? "You" : (id && byId.get(id)?.displayName) || "Someone");
  const endRef = useRef<HTMLDivElement>(null);
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
          if (e.type === "chat") {
            const mine = e.actorParticipantId === meId;
            return (
              <li key={e.seq} className={`flex ${mine ? "justify-end" : "justify-start"}`} data-seq={e.seq}>
                <div className={`max-w-[85%] rounded-2xl px-3 py-2 text-sm ${mine ? "bg-brand-600 text-white [&_a]:text-white" : "bg-white text-slate-900 ring-1 ring-slate-200"}`}>
                  {!mine ? <p className="mb-0.5 text-xs font-semibold text-slate-500">{name(e.actorParticipantId)}</p> : null}
                  <p className="whitespace-pre-wrap break-words">
                    <RichText text={String(e.payload.text ?? "")} />
                  </p>
                  <p className={`mt-0.5 text-right text-[11px] ${mine ? "text-white/70" : "text-slate-400"}`}><LocalTime iso={e.createdAt} /></p>
                </div>
              </li>
            );
          }
          const line = systemLine(e, name);
          return line ? (
            <li key={e.seq} className="text-center text-xs text-slate-500" data-seq={e.seq}>
              <span className="break-all">{line}</span> · <LocalTime iso={e.createdAt} />
            </li>
          ) : null;
        })}
        {pending.map((p) => (
          <li key={p.clientEventId} className="flex justify-end">
            <div className="max-w-[85%] rounded-2xl bg-brand-600/50 px-3 py-2 text-sm text-white">
              <p className="whitespace-pre-wrap break-words">{p.text}</p>
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
                  <span className="italic text-slate-700">{t.text}</span>
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

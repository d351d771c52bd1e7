"use client";
// Read-only replay for staff: the viewer's own transcript and large view, stepped through the archive
// in time order (arrow keys, the slider, the "jump to" list, or play at a chosen speed, with the
// session's own pauses shortened). Private lines the API returns (prompts, sidebars:
// all of them for staff who audit, the reader's own for an agent) are drawn, marked private. Every
// time is in LocalTime's one format; "Back" returns to where the reader came from.
import Link from "next/link";
import { useEffect, useState } from "react";
import type { NavigatePayload, WireEvent } from "@/lib/session-events";
import { marksAt, ReplayMarks } from "./annotations/replay-marks";
import { LargeView } from "./large-view";
import { LocalTime } from "./local-time";
import { Transcript } from "./transcript";
import type { ViewParticipant } from "./types";

const SPEEDS = [0.5, 1, 2, 4, 8];

/** A short name for an event in the "jump to" list. */
function eventLabel(e: WireEvent & { private: boolean }): string {
  const text = typeof e.payload.text === "string" ? e.payload.text : null;
  const url = typeof e.payload.url === "string" ? e.payload.url : null;
  if (e.type === "annotation") return `✎ ${String(e.payload.shape)} on ${url?.slice(0, 36) ?? "the page"}`;
  if (e.type === "popup.sent") return `⧉ pop-up ${url?.slice(0, 36) ?? ""}`;
  const what = text
    ? `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`
    : url
      ? `→ ${url.slice(0, 40)}`
      : e.type.replace(/[.]/g, " ");
  return `${e.private ? "(private) " : ""}${what}`;
}

export function Replay({
  title,
  startedAt,
  endedAt,
  backHref,
  backLabel,
  events,
  participants,
}: {
  title: string;
  startedAt: string;
  endedAt: string | null;
  backHref: string;
  backLabel: string;
  events: (WireEvent & { private: boolean })[];
  participants: ViewParticipant[];
}) {
  const [step, setStep] = useState(events.length);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [floating, setFloating] = useState(false);
  // Playing stops by itself at the last event.
  const running = playing && step < events.length;
  useEffect(() => {
    if (!running) return;
    // The real gap to the next event, so a replay feels like the session, but no silence lasts over 2 s (before speed).
    const prev = step > 0 ? Date.parse(events[step - 1]!.createdAt) : Date.parse(events[0]!.createdAt);
    const gap = Date.parse(events[step]!.createdAt) - prev;
    const t = setTimeout(() => setStep((n) => Math.min(events.length, n + 1)), Math.min(2000, Math.max(150, gap)) / speed);
    return () => clearTimeout(t);
  }, [running, step, speed, events]);
  const shown = events.slice(0, step);
  const nav = [...shown].reverse().find((e) => e.type === "navigate");
  const current = nav ? (nav.payload as unknown as NavigatePayload) : null;
  // A pop-up sent after the last lead shows as the card followers saw.
  const popup = [...shown].reverse().find((e) => e.type === "popup.sent" || e.type === "navigate");
  const popupCard = popup?.type === "popup.sent" ? { url: String(popup.payload.url ?? "") } : null;
  const marks = marksAt(shown);
  const nameOf = (id: string | null) => participants.find((p) => p.id === id)?.displayName ?? "The leader";
  const at = shown.at(-1);
  return (
    <div
      className="flex h-dvh flex-col"
      onKeyDown={(e) => {
        if (e.key === "ArrowRight") setStep((n) => Math.min(events.length, n + 1));
        if (e.key === "ArrowLeft") setStep((n) => Math.max(0, n - 1));
      }}
    >
      <header className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-3 py-2">
        <Link
          href={backHref}
          className="rounded-lg px-2 py-1 text-sm font-medium text-brand-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600"
        >
          <span aria-hidden>←</span> {backLabel}
        </Link>
        <div className="min-w-0">
          <h1 className="truncate text-sm font-semibold">Replay · {title}</h1>
          <p className="text-xs text-slate-500">
            Started <LocalTime iso={startedAt} withDate />
            {endedAt ? (
              <>
                {" · ended "}
                <LocalTime iso={endedAt} withDate />
              </>
            ) : (
              " · still live"
            )}
          </p>
        </div>
        <div className="ml-auto flex items-center gap-2 text-sm">
          <button type="button" className="rounded-lg border border-slate-300 px-2 py-1" onClick={() => setStep(0)}>
            Start
          </button>
          <button
            type="button"
            className="rounded-lg border border-slate-300 px-2 py-1"
            onClick={() => setStep((n) => Math.max(0, n - 1))}
            aria-label="Previous event"
          >
            ◀
          </button>
          <button
            type="button"
            className="rounded-lg bg-slate-900 px-3 py-1 text-white"
            onClick={() => {
              if (running) return setPlaying(false);
              if (step >= events.length) setStep(0);
              setPlaying(true);
            }}
          >
            {running ? "Pause" : "Play"}
          </button>
          <button
            type="button"
            className="rounded-lg border border-slate-300 px-2 py-1"
            onClick={() => setStep((n) => Math.min(events.length, n + 1))}
            aria-label="Next event"
          >
            ▶
          </button>
          <label className="flex items-center gap-1">
            <span className="text-xs text-slate-500">Speed</span>
            <select
              className="rounded-lg border border-slate-300 px-1 py-1"
              value={speed}
              onChange={(e) => setSpeed(Number(e.target.value))}
            >
              {SPEEDS.map((x) => (
                <option key={x} value={x}>
                  {x}×
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1">
            <span className="text-xs text-slate-500">Jump to</span>
            <select
              className="max-w-48 rounded-lg border border-slate-300 px-1 py-1"
              value={step}
              onChange={(e) => {
                setPlaying(false);
                setStep(Number(e.target.value));
              }}
            >
              <option value={0}>Start</option>
              {events.map((e, i) => (
                <option key={`${e.stream}#${e.seq}`} value={i + 1}>
                  {i + 1}. {eventLabel(e)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2">
            <span className="sr-only">Position in the session</span>
            <input type="range" min={0} max={events.length} value={step} onChange={(e) => setStep(Number(e.target.value))} />
          </label>
          <span className="text-slate-500 tabular-nums" aria-live="polite">
            {step}/{events.length}
            {at ? (
              <>
                {" · "}
                <LocalTime iso={at.createdAt} withDate />
              </>
            ) : null}
          </span>
        </div>
      </header>
      <div className={floating ? "" : "h-[45%] shrink-0 border-b border-slate-200"}>
        <LargeView
          current={current}
          newWindowOffer={popupCard}
          floating={floating}
          onToggleFloat={() => setFloating((f) => !f)}
          overlay={(g) => <ReplayMarks marks={marks} geom={g} nameOf={nameOf} />}
        />
      </div>
      <div className="flex min-h-0 flex-1 flex-col bg-slate-50">
        <Transcript events={shown} pending={[]} typing={{}} participants={participants} meId="" showPrivate />
      </div>
    </div>
  );
}

"use client";
// Read-only replay for staff: the viewer's own transcript and large view, stepped through the archive
// in time order (arrow keys, the slider, or play). Private lines the API returns (prompts, sidebars:
// all of them for staff who audit, the reader's own for an agent) are drawn, marked private. Every
// time is in LocalTime's one format; "Back" returns to where the reader came from.
import Link from "next/link";
import { useEffect, useState } from "react";
import type { NavigatePayload, WireEvent } from "@/lib/session-events";
import { LargeView } from "./large-view";
import { LocalTime } from "./local-time";
import { Transcript } from "./transcript";
import type { ViewParticipant } from "./types";

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
  const [floating, setFloating] = useState(false);
  useEffect(() => {
    if (!playing) return;
    const t = setInterval(() => setStep((n) => (n >= events.length ? (setPlaying(false), n) : n + 1)), 700);
    return () => clearInterval(t);
  }, [playing, events.length]);
  const shown = events.slice(0, step);
  const nav = [...shown].reverse().find((e) => e.type === "navigate");
  const current = nav ? (nav.payload as unknown as NavigatePayload) : null;
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
        <Link href={backHref} className="rounded-lg px-2 py-1 text-sm font-medium text-brand-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600">
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
          <button type="button" className="rounded-lg border border-slate-300 px-2 py-1" onClick={() => setStep((n) => Math.max(0, n - 1))} aria-label="Previous event">
            ◀
          </button>
          <button type="button" className="rounded-lg bg-slate-900 px-3 py-1 text-white" onClick={() => {
            if (step >= events.length) setStep(0);
            setPlaying((p) => !p);
          }}>
            {playing ? "Pause" : "Play"}
          </button>
          <button type="button" className="rounded-lg border border-slate-300 px-2 py-1" onClick={() => setStep((n) => Math.min(events.length, n + 1))} aria-label="Next event">
            ▶
          </button>
          <label className="flex items-center gap-2">
            <span className="sr-only">Position in the session</span>
            <input type="range" min={0} max={events.length} value={step} onChange={(e) => setStep(Number(e.target.value))} />
          </label>
          <span className="tabular-nums text-slate-500" aria-live="polite">
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
        <LargeView current={current} newWindowOffer={null} floating={floating} onToggleFloat={() => setFloating((f) => !f)} />
      </div>
      <div className="flex min-h-0 flex-1 flex-col bg-slate-50">
        <Transcript events={shown} pending={[]} typing={{}} participants={participants} meId="" showPrivate />
      </div>
    </div>
  );
}

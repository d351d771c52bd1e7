"use client";
// Marks in the replay: at each step, the marks drawn in the ~4 s of session time before it, faded
// as they were live. Each mark is placed by what its leader saw (its own scroll, its viewport scaled
// to the replay's frame), since the replay does not scroll the recorded page.
import type { AnnotationPayload, WireEvent } from "@/lib/session-events";
import { eventKey } from "@/lib/session-events";
import { MARK_LIFE_MS, markOpacity } from "./fading";
import type { OverlayGeometry } from "./geometry";
import { Mark } from "./overlay";

export type ReplayMark = { key: string; actor: string | null; payload: AnnotationPayload; shownAt: number; opacity: number };

/** The marks visible when the replay stands after `shown` (the events up to the current step, in time order). */
export function marksAt(shown: readonly WireEvent[]): ReplayMark[] {
  const at = shown.at(-1);
  if (!at) return [];
  const now = Date.parse(at.createdAt);
  const out: ReplayMark[] = [];
  for (let i = shown.length - 1; i >= 0; i--) {
    const e = shown[i]!;
    const t = Date.parse(e.createdAt);
    if (now - t >= MARK_LIFE_MS) break;
    if (e.type !== "annotation") continue;
    out.unshift({
      key: eventKey(e),
      actor: e.actorParticipantId,
      payload: e.payload as unknown as AnnotationPayload,
      shownAt: t,
      opacity: markOpacity(now - t),
    });
  }
  return out;
}

export function ReplayMarks({
  marks,
  geom,
  nameOf,
}: {
  marks: ReplayMark[];
  geom: OverlayGeometry;
  nameOf: (id: string | null) => string;
}) {
  if (marks.length === 0) return null;
  const last = marks.at(-1)!;
  return (
    <div className="absolute inset-0" data-testid="replay-marks">
      <svg className="absolute inset-0 h-full w-full" aria-hidden>
        {marks.map((m) => {
          const scale = Math.min(1, geom.width / Math.max(1, m.payload.viewport.w));
          return (
            <Mark
              key={m.key}
              mark={m}
              geom={{
                scale,
                scrollX: m.payload.scrollX,
                scrollY: m.payload.scrollY,
                width: m.payload.viewport.w,
                height: m.payload.viewport.h,
              }}
            />
          );
        })}
      </svg>
      <p className="absolute bottom-2 left-2 max-w-[calc(100%-1rem)] truncate rounded bg-slate-900/80 px-2 py-1 text-xs text-white">
        {nameOf(last.actor)} {last.payload.shape === "box" ? "highlighted" : last.payload.shape === "circle" ? "circled" : "pointed at"}{" "}
        part of {last.payload.surface === "cobrowse" ? "the visitor's own page" : "the shared page"} ({last.payload.url})
      </p>
    </div>
  );
}

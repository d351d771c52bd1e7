"use client";
// Raised hands, first raised first: the producer brings one on stage as a speaker, or lowers it.
import { LocalTime } from "../viewer/local-time";
import { small } from "./stage-speakers";
import type { Backstage } from "./use-backstage";

export function ProducerHands({ b, closed }: { b: Backstage; closed: boolean }) {
  if (b.handsLoading)
    return (
      <p role="status" className="animate-pulse px-3 py-6 text-center text-sm text-slate-500">
        Loading raised hands…
      </p>
    );
  if (b.hands.length === 0)
    return <p className="px-3 py-6 text-center text-sm text-slate-500">No hands raised. Attendees who ask to come on stage appear here.</p>;
  return (
    <ul aria-label="Raised hands" className="divide-y divide-slate-100">
      {b.hands.map((h) => (
        <li key={h.participantId} className="flex flex-wrap items-center gap-x-3 gap-y-1.5 px-3 py-2.5" data-hand={h.participantId}>
          <span aria-hidden className="text-lg">
            ✋
          </span>
          <span className="min-w-0 flex-1">
            <span className="block truncate text-sm font-medium text-slate-900">{h.name}</span>
            <span className="block text-xs text-slate-500">
              Raised at <LocalTime iso={h.at} />
            </span>
          </span>
          {!closed ? (
            <span className="flex gap-1.5">
              <button
                type="button"
                disabled={b.busy}
                onClick={() => b.promote(h.participantId)}
                className={`${small} bg-emerald-600 text-white hover:bg-emerald-700`}
                aria-label={`Bring ${h.name} on stage as a speaker`}
              >
                Bring on stage
              </button>
              <button
                type="button"
                onClick={() => b.lowerHand(h.participantId)}
                className={`${small} text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50`}
                aria-label={`Lower ${h.name}'s hand`}
              >
                Lower
              </button>
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

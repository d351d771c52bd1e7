"use client";
// The stage: producers and speakers, who holds the baton, and (for the producer, or the speaker
// who leads) handing it on. The producer also sends a speaker back to the audience.
import { Avatar } from "../viewer/avatar-strip";
import type { StageSeat } from "./stage-state";

/** The backstage's small action buttons: compact on a desktop, 44 px under a thumb. */
export const small =
  "inline-flex items-center justify-center rounded-lg px-2.5 py-1 text-xs font-semibold disabled:opacity-50 max-sm:min-h-11 max-sm:px-3 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";

export function StageSpeakers({
  seats,
  meId,
  leaderId,
  mayPass,
  mayDemote,
  busy,
  onPass,
  onDemote,
}: {
  seats: StageSeat[];
  meId: string;
  leaderId: string | null;
  /** The producer always; a speaker while leading. */
  mayPass: boolean;
  mayDemote: boolean;
  busy: boolean;
  onPass: (participantId: string) => void;
  onDemote: (participantId: string) => void;
}) {
  if (seats.length === 0) return <p className="px-3 py-6 text-center text-sm text-slate-500">Nobody is on stage yet.</p>;
  return (
    <ul aria-label="On stage" className="divide-y divide-slate-100">
      {seats.map((p) => {
        const leads = p.id === leaderId;
        return (
          <li key={p.id} className="flex flex-wrap items-center gap-x-3 gap-y-1.5 px-3 py-2.5" data-stage-seat={p.id}>
            <span className="relative">
              <Avatar p={p} />
              {leads ? (
                <span
                  aria-hidden
                  className="absolute -right-1 -bottom-1 grid size-4 place-items-center rounded-full bg-amber-400 text-[10px] ring-2 ring-white"
                >
                  ★
                </span>
              ) : null}
            </span>
            <span className="min-w-0 flex-1">
              <span className="block truncate text-sm font-medium text-slate-900">
                {p.displayName}
                {p.id === meId ? <span className="font-normal text-slate-500"> (you)</span> : null}
              </span>
              <span className="block text-xs text-slate-500">
                {p.role === "PRODUCER" ? "Producer" : "Speaker"}
                {leads ? <strong className="ml-1.5 font-semibold text-amber-700">· Leads the audience</strong> : null}
              </span>
            </span>
            {!leads && mayPass ? (
              <button
                type="button"
                disabled={busy}
                onClick={() => onPass(p.id)}
                className={`${small} ring-brand-200 text-brand-700 ring-1 hover:bg-brand-50`}
                aria-label={`Give the lead to ${p.displayName}`}
              >
                Give the lead
              </button>
            ) : null}
            {mayDemote && p.role === "SPEAKER" ? (
              <button
                type="button"
                disabled={busy}
                onClick={() => onDemote(p.id)}
                className={`${small} text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50`}
                aria-label={`Send ${p.displayName} back to the audience`}
              >
                To audience
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

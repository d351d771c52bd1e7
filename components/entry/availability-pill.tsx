import type { AvailabilityState } from "@/server/launchers/availability";

const TEXT: Record<AvailabilityState, { label: string; dot: string; ring: string }> = {
  available: {
    label: "Someone is available now",
    dot: "bg-emerald-500",
    ring: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  },
  busy: {
    label: "All agents are busy: expect a short wait",
    dot: "bg-amber-500",
    ring: "bg-amber-50 text-amber-900 ring-amber-200",
  },
  offline: {
    label: "No one is online right now",
    dot: "bg-slate-400",
    ring: "bg-slate-100 text-slate-700 ring-slate-200",
  },
};

export function AvailabilityPill({ state }: { state: AvailabilityState }) {
  const t = TEXT[state];
  return (
    <p className={`inline-flex items-center gap-2 rounded-full px-3 py-1 text-xs font-medium ring-1 ${t.ring}`}>
      <span aria-hidden className={`relative flex size-2`}>
        {state === "available" ? (
          <span className={`absolute inline-flex size-full animate-ping rounded-full opacity-60 motion-reduce:hidden ${t.dot}`} />
        ) : null}
        <span className={`relative inline-flex size-2 rounded-full ${t.dot}`} />
      </span>
      {t.label}
    </p>
  );
}

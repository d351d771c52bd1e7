// A small coloured pill that says what state something is in. The mapping from a domain's states to a
// label and a tone lives with the domain (ORG_STATUS in console/bits, STATEMENT_STATUS in billing/parts).
export type BadgeTone = "ok" | "info" | "warn" | "error" | "neutral";

const tones: Record<BadgeTone, { pill: string; dot: string }> = {
  ok: { pill: "bg-emerald-50 text-emerald-800 ring-emerald-200", dot: "bg-emerald-600" },
  info: { pill: "bg-sky-50 text-sky-800 ring-sky-200", dot: "bg-sky-600" },
  warn: { pill: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-600" },
  error: { pill: "bg-red-50 text-red-800 ring-red-200", dot: "bg-red-600" },
  neutral: { pill: "bg-slate-100 text-slate-700 ring-slate-200", dot: "bg-slate-500" },
};

export function StatusBadge({ label, tone, dot = false }: { label: string; tone: BadgeTone; dot?: boolean }) {
  return (
    <span className={`inline-flex shrink-0 items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${tones[tone].pill}`}>
      {dot ? <span aria-hidden className={`size-1.5 rounded-full ${tones[tone].dot}`} /> : null}
      {label}
    </span>
  );
}

// Small pieces shared by the reseller portal and the operator console.
import type { ReactNode } from "react";
import { PLANS } from "@/lib/plans";
import type { BadgeTone } from "@/components/ui/status-badge";

/** An organization's status as StatusBadge props: `<StatusBadge dot {...ORG_STATUS[org.status]} />`. */
export const ORG_STATUS: Record<"ACTIVE" | "SUSPENDED", { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: "Active", tone: "ok" },
  SUSPENDED: { label: "Suspended", tone: "error" },
};

export function planName(plan: "PER_MINUTE" | "PER_HIT"): string {
  return PLANS[plan].name;
}

const dateFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const dateTimeFmt = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

export const formatDate = (d: Date) => dateFmt.format(d);
export const formatDateTime = (d: Date) => dateTimeFmt.format(d);
export const formatCount = (n: number) => n.toLocaleString("en-US");

/** Figures in a row of small tiles. */
export function Stats({ items }: { items: { label: string; value: ReactNode; hint?: string }[] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {items.map((s) => (
        <div key={s.label} className="rounded-xl border border-slate-200 bg-white px-3 py-2.5">
          <dt className="text-xs text-slate-500">{s.label}</dt>
          <dd className="mt-0.5 text-lg font-semibold tabular-nums">{s.value}</dd>
          {s.hint ? <dd className="text-xs text-slate-500">{s.hint}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

export function ListSkeleton({ label, rows = 4 }: { label: string; rows?: number }) {
  return (
    <div aria-busy="true" aria-label={label}>
      <div className="h-8 w-56 animate-pulse rounded bg-slate-200" />
      <div className="mt-3 h-4 w-80 max-w-full animate-pulse rounded bg-slate-200" />
      <div className="mt-8 space-y-2">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="h-14 animate-pulse rounded-xl bg-slate-200/70" />
        ))}
      </div>
    </div>
  );
}

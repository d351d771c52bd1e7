// Small pieces shared by the three billing pages (client, reseller, operator). Server components.
import type { ReactNode } from "react";
import { formatCents } from "@/lib/plans";
import type { BadgeTone } from "@/components/ui/status-badge";

export const STATEMENT_STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  OPEN: { label: "In progress", tone: "info" },
  FINALIZED: { label: "Invoiced", tone: "warn" },
  PAID: { label: "Paid", tone: "ok" },
  PAYMENT_FAILED: { label: "Payment failed", tone: "error" },
  NOT_CHARGED: { label: "Not charged", tone: "neutral" },
};

/** A statement's status as StatusBadge props: `<StatusBadge {...statementStatus(s.status)} />`. */
export function statementStatus(status: string): { label: string; tone: BadgeTone } {
  return STATEMENT_STATUS[status] ?? { label: status, tone: "neutral" };
}

/** How the billing pages set up a Table: roomy cells (px-4 py-3), amounts in the last column. */
export const BILLING_TABLE = { width: "narrow", density: "roomy", alignLastRight: true } as const;

export function Money({ cents, currency = "usd" }: { cents: number; currency?: string }) {
  return <span className="tabular-nums">{formatCents(cents, currency)}</span>;
}

/** "November 2026" (UTC months). */
export function monthName(d: Date): string {
  return d.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
}

export function dayName(d: Date): string {
  return d.toLocaleString("en-US", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

export function Section({ id, title, children, aside }: { id: string; title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-8">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h2 id={id} className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          {title}
        </h2>
        {aside}
      </div>
      <div className="mt-3">{children}</div>
    </section>
  );
}

export function PageLoading({ label }: { label: string }) {
  return (
    <div className="mx-auto max-w-6xl px-4 py-6" aria-busy="true" aria-label={label}>
      <div className="h-8 w-40 animate-pulse rounded bg-slate-200" />
      <div className="mt-3 h-4 w-72 animate-pulse rounded bg-slate-200" />
      <div className="mt-8 h-40 animate-pulse rounded-2xl bg-slate-200/70" />
      <div className="mt-8 space-y-2">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-12 animate-pulse rounded-xl bg-slate-200/70" />
        ))}
      </div>
    </div>
  );
}

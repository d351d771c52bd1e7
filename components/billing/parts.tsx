// Small pieces shared by the three billing pages (client, reseller, operator). Server components.
import type { ReactNode } from "react";
import { formatCents } from "@/lib/plans";

export const STATEMENT_STATUS: Record<string, { label: string; style: string }> = {
  OPEN: { label: "In progress", style: "bg-sky-100 text-sky-800" },
  FINALIZED: { label: "Invoiced", style: "bg-amber-100 text-amber-800" },
  PAID: { label: "Paid", style: "bg-emerald-100 text-emerald-800" },
  PAYMENT_FAILED: { label: "Payment failed", style: "bg-red-100 text-red-800" },
  NOT_CHARGED: { label: "Not charged", style: "bg-slate-100 text-slate-700" },
};

export function StatusBadge({ status }: { status: string }) {
  const s = STATEMENT_STATUS[status] ?? { label: status, style: "bg-slate-100 text-slate-700" };
  return <span className={`inline-block shrink-0 rounded-full px-2.5 py-0.5 text-xs font-medium ${s.style}`}>{s.label}</span>;
}

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

export function Card({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <div className={`rounded-2xl border border-slate-200 bg-white ${className}`}>{children}</div>;
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-2xl border border-dashed border-slate-300 bg-white p-8 text-center">
      <p className="font-medium">{title}</p>
      {children ? <p className="mt-1 text-sm text-slate-500">{children}</p> : null}
    </div>
  );
}

/** A table that scrolls sideways inside its card on narrow screens instead of breaking the page. */
export function Table({ caption, head, children }: { caption: string; head: string[]; children: ReactNode }) {
  return (
    <Card className="relative overflow-x-auto">
      <table className="w-full min-w-[32rem] text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-500 uppercase">
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={`px-4 py-2 font-medium ${i > 0 && i === head.length - 1 ? "text-right" : ""}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </Card>
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

export function Notice({ tone, title, children }: { tone: "info" | "warn" | "error"; title: string; children?: ReactNode }) {
  const style = {
    info: "border-sky-200 bg-sky-50 text-sky-900",
    warn: "border-amber-200 bg-amber-50 text-amber-900",
    error: "border-red-200 bg-red-50 text-red-900",
  }[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`mt-4 rounded-xl border px-4 py-3 text-sm ${style}`}>
      <p className="font-medium">{title}</p>
      {children ? <p className="mt-0.5">{children}</p> : null}
    </div>
  );
}

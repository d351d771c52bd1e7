// The frame of every visitor page: the client's name and colour up top, our name small at the
// bottom. The org's brand colour re-themes Tailwind's brand-* colours inside (lib/brand.ts).
import Link from "next/link";
import type { CSSProperties, ReactNode } from "react";
import { brandStyle } from "@/lib/brand";

export function EntryShell({
  org,
  children,
  wide = false,
}: {
  org: { name: string; brandColor: string };
  children: ReactNode;
  wide?: boolean;
}) {
  const initial = org.name.trim().charAt(0).toUpperCase() || "?";
  return (
    <div style={brandStyle(org.brandColor) as CSSProperties} className="flex min-h-dvh flex-col">
      <div aria-hidden className="h-1 bg-brand-600" />
      <header className="border-b border-slate-200 bg-white">
        <div className={`mx-auto flex h-14 items-center justify-between gap-3 px-4 ${wide ? "max-w-2xl" : "max-w-xl"}`}>
          <p className="flex min-w-0 items-center gap-2.5 font-semibold text-slate-900">
            <span aria-hidden className="grid size-8 shrink-0 place-items-center rounded-lg bg-brand-600 text-sm font-bold text-white">
              {initial}
            </span>
            <span className="truncate">{org.name}</span>
          </p>
          <p className="shrink-0 rounded-full bg-brand-50 px-2.5 py-1 text-xs font-medium text-brand-700">Live help</p>
        </div>
      </header>
      <main className="flex-1 px-4 py-6 sm:py-10">
        <div className={`mx-auto w-full ${wide ? "max-w-2xl" : "max-w-xl"}`}>{children}</div>
      </main>
      <footer className="px-4 pb-6 text-center text-xs text-slate-400">
        Live help by{" "}
        <Link href="/" className="inline-flex items-center font-medium text-slate-500 underline-offset-2 hover:underline max-sm:min-h-11">
          iSession
        </Link>{" "}
        · nothing to install
      </footer>
    </div>
  );
}

export function Card({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <section className={`rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8 ${className}`}>{children}</section>;
}

/** A round icon badge at the top of a notice card. */
export function NoticeIcon({ tone, children }: { tone: "warn" | "info" | "ok" | "neutral"; children: ReactNode }) {
  const tones = {
    warn: "bg-amber-50 text-amber-700 ring-amber-200",
    info: "bg-brand-50 text-brand-700 ring-brand-100",
    ok: "bg-emerald-50 text-emerald-700 ring-emerald-200",
    neutral: "bg-slate-100 text-slate-600 ring-slate-200",
  } as const;
  return <div className={`grid size-12 place-items-center rounded-full ring-1 ${tones[tone]}`}>{children}</div>;
}

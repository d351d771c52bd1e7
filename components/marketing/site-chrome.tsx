// Header and footer of the public pages (landing, pricing, sign-up, embed demo).
import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";

export const ctaPrimary =
  "inline-flex h-11 items-center justify-center gap-2 rounded-xl bg-brand-600 px-5 text-sm font-semibold text-white shadow-sm transition-colors hover:bg-brand-700";
export const ctaSecondary =
  "inline-flex h-11 items-center justify-center gap-2 rounded-xl border border-slate-300 bg-white px-5 text-sm font-semibold text-slate-800 transition-colors hover:bg-slate-50";

const NAV = [
  { href: "/#features", label: "Product" },
  { href: "/pricing", label: "Pricing" },
  { href: "/embed-demo", label: "Embed" },
];

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200/80 bg-white/90 backdrop-blur">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-3 px-4 sm:px-6">
        <Logo />
        <nav aria-label="Main" className="flex items-center gap-1 text-sm">
          {NAV.map((n) => (
            <Link
              key={n.href}
              href={n.href}
              className="hidden rounded-lg px-3 py-2 font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 md:inline-flex"
            >
              {n.label}
            </Link>
          ))}
          <Link href="/sign-in" className="rounded-lg px-3 py-2 font-medium text-slate-700 hover:bg-slate-100">
            Sign in
          </Link>
          <Link
            href="/sign-up"
            className="inline-flex h-9 items-center rounded-lg bg-brand-600 px-3 font-semibold text-white hover:bg-brand-700"
          >
            Sign up
          </Link>
        </nav>
      </div>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-8 text-sm text-slate-500 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>iSession — live assistance on the web.</p>
        <nav aria-label="Footer" className="flex flex-wrap gap-x-5 gap-y-2">
          <Link href="/pricing" className="hover:text-slate-900">
            Pricing
          </Link>
          <Link href="/embed-demo" className="hover:text-slate-900">
            Embed demo
          </Link>
          <Link href="/l/demo" className="hover:text-slate-900">
            Live demo
          </Link>
          <Link href="/sign-in" className="hover:text-slate-900">
            Sign in
          </Link>
        </nav>
      </div>
    </footer>
  );
}

export function SiteShell({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col bg-white">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-lg focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <SiteHeader />
      <main id="main" className="flex-1">
        {children}
      </main>
      <SiteFooter />
    </div>
  );
}

/** The snippet a client pastes, for the landing and the embed demo. */
export function EmbedSnippet({ origin, launcherKey }: { origin: string; launcherKey: string }) {
  return (
    <pre className="overflow-x-auto rounded-xl bg-slate-900 p-4 text-left text-[13px] leading-relaxed text-slate-100">
      <code>
        <span className="text-sky-300">&lt;script</span> <span className="text-amber-200">src</span>=
        <span className="text-emerald-300">&quot;{origin}/embed.js&quot;</span> <span className="text-amber-200">data-launcher</span>=
        <span className="text-emerald-300">&quot;{launcherKey}&quot;</span> <span className="text-amber-200">async</span>
        <span className="text-sky-300">&gt;&lt;/script&gt;</span>
      </code>
    </pre>
  );
}

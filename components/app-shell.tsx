import type { ReactNode } from "react";
import Link from "next/link";
import { Logo } from "@/components/ui/logo";

export function AppShell({
  orgName,
  userLabel,
  children,
}: {
  orgName?: string;
  userLabel: string;
  children: ReactNode;
}) {
  return (
    <div className="min-h-dvh">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4">
          <div className="flex min-w-0 items-center gap-3">
            <Logo href="/app" />
            {orgName ? (
              <span className="truncate rounded-md bg-slate-100 px-2 py-0.5 text-sm text-slate-600">{orgName}</span>
            ) : null}
          </div>
          <nav aria-label="Account" className="flex items-center gap-3 text-sm">
            <span className="hidden text-slate-600 sm:inline">{userLabel}</span>
            <Link href="/sign-out" className="rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100">
              Sign out
            </Link>
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
}

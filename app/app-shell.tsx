import type { ReactNode } from "react";
import Link from "next/link";
import { Logo } from "@/components/ui/logo";
import { appLinksFor, standingOf, type AppLink } from "@/server/accounts/landing";
import { getSessionUser } from "@/server/auth";

/** The signed-in shell. Its nav offers only the consoles this person may use. */
export async function AppShell({
  orgName,
  userLabel,
  current,
  children,
}: {
  orgName?: string;
  userLabel: string;
  /** The console this page belongs to, marked in the nav. */
  current?: AppLink["href"];
  children: ReactNode;
}) {
  const user = await getSessionUser();
  const links = user ? appLinksFor(await standingOf(user.id)) : [];
  return (
    <div className="min-h-dvh">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4">
          <div className="flex min-w-0 items-center gap-3">
            <Logo href="/app" />
            {orgName ? <span className="truncate rounded-md bg-slate-100 px-2 py-0.5 text-sm text-slate-600">{orgName}</span> : null}
          </div>
          <nav aria-label="Account" className="flex items-center gap-3 text-sm">
            <span className="hidden text-slate-600 sm:inline">{userLabel}</span>
            <Link href="/sign-out" className="rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100">
              Sign out
            </Link>
          </nav>
        </div>
        {links.length > 1 ? (
          <nav aria-label="Consoles" className="mx-auto flex max-w-6xl gap-1 overflow-x-auto px-4 pb-2 text-sm">
            {links.map((l) => (
              <Link
                key={l.href}
                href={l.href}
                aria-current={l.href === current ? "page" : undefined}
                className="shrink-0 rounded-md px-2.5 py-1 text-slate-600 hover:bg-slate-100 aria-[current=page]:bg-brand-50 aria-[current=page]:font-medium aria-[current=page]:text-brand-700"
              >
                {l.label}
              </Link>
            ))}
          </nav>
        ) : null}
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
}

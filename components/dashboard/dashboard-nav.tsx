"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

const LINKS = [
  { href: "/dashboard", label: "Overview" },
  { href: "/dashboard/preferences", label: "Preferences" },
  { href: "/dashboard/scenarios", label: "Scenarios" },
  { href: "/dashboard/launchers", label: "Launchers" },
  { href: "/dashboard/agents", label: "Agents" },
  { href: "/dashboard/macros", label: "Macros" },
  { href: "/dashboard/notifications", label: "Notifications" },
  { href: "/dashboard/webhooks", label: "Webhooks" },
  { href: "/dashboard/privacy", label: "Privacy" },
  { href: "/dashboard/billing", label: "Billing" },
  { href: "/dashboard/api-keys", label: "API keys" },
] as const;

/** The dashboard's sections: a column on wide screens, a scrolling row on phones. */
export function DashboardNav() {
  const path = usePathname();
  const list = useRef<HTMLUListElement>(null);
  // On a phone the row scrolls sideways: bring the current section into view.
  useEffect(() => {
    const current = list.current?.querySelector<HTMLElement>("[aria-current=page]");
    const row = list.current?.parentElement;
    if (current && row && row.scrollWidth > row.clientWidth)
      row.scrollLeft = current.offsetLeft - row.clientWidth / 2 + current.offsetWidth / 2;
  }, [path]);
  return (
    <nav aria-label="Dashboard" className="relative -mx-4 mb-5 overflow-x-auto px-4 lg:mx-0 lg:mb-0 lg:px-0">
      <ul ref={list} className="flex gap-1 lg:flex-col">
        {LINKS.map((l) => {
          const current = l.href === "/dashboard" ? path === l.href : path === l.href || path.startsWith(`${l.href}/`);
          return (
            <li key={l.href} className="shrink-0">
              <Link
                href={l.href}
                aria-current={current ? "page" : undefined}
                className="block rounded-lg px-3 py-2 text-sm text-slate-600 hover:bg-slate-100 aria-[current=page]:bg-brand-50 aria-[current=page]:font-medium aria-[current=page]:text-brand-700"
              >
                {l.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

"use client";
// The second row of a console's header: its sections, the current one marked for screen readers.
// Scrolls sideways on a phone rather than wrapping into a tall block.
import Link from "next/link";
import { usePathname } from "next/navigation";

/** `exact`: current only on `href` itself (and under the `also` prefixes), not on every page below it. */
export type NavItem = { href: string; label: string; exact?: boolean; also?: readonly string[] };

function isCurrent(item: NavItem, pathname: string): boolean {
  const under = (prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);
  if (item.also?.some(under)) return true;
  return item.exact ? pathname === item.href : under(item.href);
}

export function SectionNav({ label, items }: { label: string; items: readonly NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="-mx-4 mb-6 overflow-x-auto border-b border-slate-200 px-4">
      <ul className="flex min-w-max gap-1">
        {items.map((item) => {
          const current = isCurrent(item, pathname);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className="-mb-px inline-block border-b-2 border-transparent px-3 py-2.5 text-sm font-medium text-slate-600 hover:text-slate-900 aria-[current=page]:border-brand-600 aria-[current=page]:text-brand-700"
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

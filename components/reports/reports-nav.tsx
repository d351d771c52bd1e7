// The reports' own navigation, under the app shell: one tab per report page. Plain links, so it
// works before any script loads; the current page is marked for screen readers too.
import Link from "next/link";

export const REPORT_PAGES = [
  { href: "/manager/sessions", label: "Sessions" },
  { href: "/manager/reports/usage", label: "Usage" },
  { href: "/manager/reports/queue", label: "Queue" },
  { href: "/manager/reports/staffing", label: "Staffing" },
  { href: "/manager/reports/attendance", label: "Attendance" },
  { href: "/manager/reports/trends", label: "Trends" },
] as const;

export type ReportPage = (typeof REPORT_PAGES)[number]["href"];

export function ReportsNav({ current, orgId }: { current: ReportPage; orgId?: string }) {
  return (
    <nav aria-label="Reports" className="-mx-1 mt-3 overflow-x-auto">
      <ul className="flex min-w-max gap-1 border-b border-slate-200 px-1">
        {REPORT_PAGES.map((p) => {
          const active = p.href === current;
          return (
            <li key={p.href}>
              <Link
                href={orgId ? `${p.href}?org=${encodeURIComponent(orgId)}` : p.href}
                aria-current={active ? "page" : undefined}
                className={`inline-block border-b-2 px-3 py-2 text-sm font-medium ${
                  active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"
                }`}
              >
                {p.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

// The scenario's banner (dashboard scenario editor): a line of text and a few links, shown to
// visitors on the entry page, in the waiting room and at the top of the session. Text is rendered
// as text; links were narrowed to http(s) by lib/banner.ts and open in a new tab without handing
// this page (opener or Referer, which can carry an entry token) to the other site.
import type { VisitorBanner } from "@/lib/banner";

export function ScenarioBanner({ banner, variant = "bar" }: { banner: VisitorBanner | null | undefined; variant?: "bar" | "card" }) {
  if (!banner || (!banner.text && banner.links.length === 0)) return null;
  const links = banner.links.map((l, i) => (
    <a
      key={i}
      href={l.url}
      target="_blank"
      rel="noopener noreferrer"
      className="shrink-0 font-medium text-brand-700 underline underline-offset-2 hover:no-underline max-sm:inline-flex max-sm:min-h-11 max-sm:items-center"
    >
      {l.label}
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  ));
  if (variant === "card") {
    return (
      <aside
        aria-label="Announcement"
        data-testid="scenario-banner"
        className="mb-4 rounded-xl border border-brand-100 bg-brand-50 px-4 py-3 text-sm text-slate-800"
      >
        {banner.text ? <p className="[overflow-wrap:anywhere] whitespace-pre-line">{banner.text}</p> : null}
        {links.length ? <p className={`flex flex-wrap gap-x-4 gap-y-1 ${banner.text ? "mt-2" : ""}`}>{links}</p> : null}
      </aside>
    );
  }
  // One line even on a phone: the text gives way (full text on hover / to screen readers via title),
  // the links scroll sideways if there are many.
  return (
    <aside
      aria-label="Announcement"
      data-testid="scenario-banner"
      className="flex h-8 shrink-0 items-center gap-3 border-b border-brand-100 bg-brand-50 px-3 text-sm whitespace-nowrap text-slate-800 max-sm:h-11"
    >
      {banner.text ? (
        <span className="min-w-0 flex-1 truncate" title={banner.text}>
          {banner.text}
        </span>
      ) : null}
      {links.length ? <span className={`flex max-w-[60%] gap-3 overflow-x-auto ${banner.text ? "" : "flex-1"}`}>{links}</span> : null}
    </aside>
  );
}

// A scenario's banner as visitors see it (entry page, waiting room, session viewer). The stored JSON
// was checked when it was saved, but rows written before that check, or by hand, are still read
// here: nothing becomes a link unless it is an absolute http(s) URL without credentials.
import { normalizeLeadUrl } from "./urls";

export type BannerLink = { label: string; url: string };
export type VisitorBanner = { text: string; links: BannerLink[] };

const MAX_TEXT = 300;
const MAX_LABEL = 40;
const MAX_LINKS = 5;

/** A link the visitor may follow: only when the stored URL is already a full http(s) URL. */
export function safeBannerUrl(raw: unknown): string | null {
  if (typeof raw !== "string" || !/^https?:\/\//i.test(raw.trim())) return null;
  const n = normalizeLeadUrl(raw);
  return n.ok ? n.url : null;
}

/** The stored `Scenario.banner` for display; null when there is nothing to show. */
export function visitorBanner(stored: unknown): VisitorBanner | null {
  if (!stored || typeof stored !== "object" || Array.isArray(stored)) return null;
  const b = stored as { text?: unknown; links?: unknown };
  const text = typeof b.text === "string" ? b.text.trim().slice(0, MAX_TEXT) : "";
  const links: BannerLink[] = [];
  for (const l of Array.isArray(b.links) ? b.links : []) {
    if (links.length >= MAX_LINKS) break;
    const label = typeof l?.label === "string" ? l.label.trim().slice(0, MAX_LABEL) : "";
    const url = safeBannerUrl(l?.url);
    if (label && url) links.push({ label, url });
  }
  return text || links.length ? { text, links } : null;
}

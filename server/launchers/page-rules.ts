// Page rules: "when the visitor came from a page matching this pattern, use this scenario and/or
// avatar". Rules are tried in `position` order; the first match wins. Pure functions.
//
// Pattern syntax (docs/entry.md):
// - `*` matches any run of characters, including none and including "/"; every other character
//   is literal (no regular expressions, so an admin's pattern can't be slow or surprising).
// - A pattern starting with "/" is matched against the page's path:      /pricing, /help/*
// - A pattern with "://" is matched against the whole URL:              https://shop.example.com/*
// - Anything else is host + path, any scheme:                            *.example.com/support/*
//   and a host with no path at all covers every page of that host:      shop.example.com
// - The query string takes part only when the pattern contains "?":      /search?q=*
// - Matching ignores case and the fragment; percent-escapes in the path are decoded first.
// - A visit without a referring page matches no rule.
import "server-only";

export const MAX_PATTERN_LENGTH = 500;

/** Glob match with `*` only, linear-time backtracking (no regex, no catastrophic cases). */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== "*" && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

function decodePath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** The text a pattern is compared with, for this URL. */
function subjectFor(pattern: string, url: URL): { pattern: string; subject: string } {
  const withQuery = pattern.includes("?");
  const path = decodePath(url.pathname) + (withQuery ? decodeURIComponentSafe(url.search) : "");
  if (pattern.startsWith("/")) return { pattern, subject: path };
  if (pattern.includes("://")) return { pattern, subject: `${url.protocol}//${url.host}${path}` };
  // Host (+ path). A host alone covers the whole site.
  const hostOnly = !pattern.includes("/") && !pattern.includes("?");
  return { pattern: hostOnly ? `${pattern}/*` : pattern, subject: `${url.host}${path}` };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/** True when the referring page `url` matches `pattern`. */
export function pageMatches(pattern: string, url: string | URL | null): boolean {
  const raw = pattern.trim();
  if (!raw || raw.length > MAX_PATTERN_LENGTH || !url) return false;
  let parsed: URL;
  try {
    parsed = typeof url === "string" ? new URL(url) : url;
  } catch {
    return false;
  }
  const { pattern: p, subject } = subjectFor(raw, parsed);
  // Runs of stars mean the same as one.
  return globMatch(p.toLowerCase().replace(/\*+/g, "*"), subject.toLowerCase());
}

/** The first rule (by position) whose pattern matches the referring page, or null. */
export function pickPageRule<R extends { position: number; urlPattern: string }>(
  rules: readonly R[],
  referrerUrl: string | null,
): R | null {
  if (!referrerUrl) return null;
  let url: URL;
  try {
    url = new URL(referrerUrl);
  } catch {
    return null;
  }
  const ordered = [...rules].sort((a, b) => a.position - b.position);
  return ordered.find((r) => pageMatches(r.urlPattern, url)) ?? null;
}

/** Why a pattern can't be saved (for the dashboard), or null. */
export function pagePatternError(pattern: string): string | null {
  const p = pattern.trim();
  if (!p) return "Enter a page pattern, e.g. /pricing* or shop.example.com.";
  if (p.length > MAX_PATTERN_LENGTH) return `Keep the pattern under ${MAX_PATTERN_LENGTH} characters.`;
  if (/\s/.test(p)) return "A page pattern cannot contain spaces.";
  if (p.includes("#")) return "Page patterns ignore the #fragment; leave it out.";
  return null;
}

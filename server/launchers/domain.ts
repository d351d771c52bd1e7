// Domain authentication for launchers: may the page that sent this visitor use the org's launcher?
// Pure functions; docs/entry.md states the rules and tests/unit/domain.test.ts pins them down.
//
// Rules, in short:
// - An allowed domain is an exact host ("example.com", "127.0.0.1", "[::1]") or a subdomain
//   wildcard ("*.example.com"), which matches hosts *below* example.com at any depth
//   (shop.example.com, a.b.example.com) but NOT example.com itself: list both to allow both (as CSP
//   and TLS certificates do). A wildcard needs at least two labels after "*." and never covers an
//   IP address ("*.com", "*.localhost" and "*.0.0.1" are rejected).
// - Hosts are compared after the WHATWG URL parser has normalised them: lower case, IDN as
//   punycode, IPv4 in dotted form; one trailing dot is dropped. The port and the scheme (http or
//   https) do not change the decision; user info ("https://example.com@evil.net/") is not the host.
// - Anything that does not parse as one of those forms never matches (fail closed).
import "server-only";

export type DomainRule = { kind: "exact" | "subdomains"; host: string };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
export const MAX_REFERRER_LENGTH = 2048;

function stripTrailingDot(host: string): string {
  return host.endsWith(".") ? host.slice(0, -1) : host;
}

/** Lower case, one trailing dot dropped; null when a label is empty ("a..b", ".a", "a.."). */
function normaliseHost(host: string): string | null {
  const h = stripTrailingDot(host.toLowerCase());
  if (!h || (!h.startsWith("[") && h.split(".").some((label) => label === ""))) return null;
  return h;
}

/** The normalised host of a bare host string, or null when it is not exactly a host. */
function normaliseBareHost(raw: string): string | null {
  let value = raw.trim();
  if (!value || /[\s/\\@?#]/.test(value)) return null;
  // A bare IPv6 address ("::1") is written with brackets in URLs.
  if (value.includes(":") && !value.startsWith("[")) value = `[${value}]`;
  let url: URL;
  try {
    url = new URL(`http://${value}/`);
  } catch {
    return null;
  }
  if (url.port || url.username || url.password || url.pathname !== "/" || url.search || url.hash) return null;
  return normaliseHost(url.hostname);
}

/** Parses one entry of `Organization.allowedDomains`; null when it is not a valid entry. */
export function parseAllowedDomain(entry: string): DomainRule | null {
  const value = entry.trim();
  if (value.startsWith("*.")) {
    const host = normaliseBareHost(value.slice(2));
    if (!host || host.includes("*") || IPV4.test(host) || host.startsWith("[")) return null;
    if (host.split(".").length < 2) return null;
    return { kind: "subdomains", host };
  }
  if (value.includes("*")) return null;
  const host = normaliseBareHost(value);
  return host ? { kind: "exact", host } : null;
}

/** Why an allowed-domain entry is invalid (for the dashboard), or null when it is fine. */
export function allowedDomainError(entry: string): string | null {
  const value = entry.trim();
  if (!value) return "Enter a host name such as example.com.";
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return "Enter only the host, without http:// or https://.";
  if (value.includes("/")) return "Enter only the host, without a path.";
  if (value.startsWith("*.") && parseAllowedDomain(value) === null) {
    return "A wildcard must cover a domain with at least two parts, e.g. *.example.com.";
  }
  if (value.includes("*") && !value.startsWith("*.")) return "A wildcard is written *.example.com (it must be the whole first part).";
  return parseAllowedDomain(value) ? null : "That is not a valid host name.";
}

/** True when `host` (already normalised) is covered by `rule`. */
export function ruleMatches(rule: DomainRule, host: string): boolean {
  if (rule.kind === "exact") return host === rule.host;
  return host.length > rule.host.length + 1 && host.endsWith(`.${rule.host}`);
}

/** The http(s) URL `raw`, or null for anything else (other schemes, junk, over-long). */
export function parseWebUrl(raw: string | null | undefined): URL | null {
  if (!raw || raw.length > MAX_REFERRER_LENGTH * 4) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (!normaliseHost(url.hostname)) return null;
  return url;
}

/** The host a URL (from parseWebUrl) stands for, as allowed domains are compared against. */
export function hostOfUrl(url: URL): string {
  return normaliseHost(url.hostname) ?? url.hostname;
}

/** The normalised host of an http(s) URL string, or null. */
export function hostOf(raw: string | null | undefined): string | null {
  const url = parseWebUrl(raw);
  return url ? hostOfUrl(url) : null;
}

/** True when the host of `raw` (an http(s) URL) is covered by one of `allowedDomains`. */
export function isUrlAllowed(raw: string | null | undefined, allowedDomains: readonly string[]): boolean {
  const host = hostOf(raw);
  if (!host) return false;
  return isHostAllowed(host, allowedDomains);
}

export function isHostAllowed(host: string, allowedDomains: readonly string[]): boolean {
  const normalised = normaliseHost(host);
  if (!normalised) return false;
  for (const entry of allowedDomains) {
    const rule = parseAllowedDomain(entry);
    if (rule && ruleMatches(rule, normalised)) return true;
  }
  return false;
}

/** What we keep of a referring URL: no user info, no fragment, at most MAX_REFERRER_LENGTH characters. */
export function cleanReferrer(url: URL): string {
  const u = new URL(url.href);
  u.username = "";
  u.password = "";
  u.hash = "";
  return u.href.slice(0, MAX_REFERRER_LENGTH);
}

export type EntryClaims = {
  /** The Referer header of the request for /l/{key}. */
  referer: string | null;
  /** The `page` query parameter the embed button adds (location.href of the client's page). */
  page: string | null;
  /** Our own origins: a Referer from one of our pages says nothing about the client's site. */
  selfOrigins: readonly string[];
};

export type EntryDecision =
  | {
      allowed: true;
      via: "referer" | "page" | "direct";
      referrerUrl: string | null;
      origin: string | null;
      host: string | null;
    }
  | {
      allowed: false;
      reason: "domain_not_allowed" | "no_referrer";
      referrerUrl: string | null;
      origin: string | null;
      host: string | null;
    };

/**
 * Which referring page counts, and whether it may use the launcher.
 *
 * - A Referer from our own origin (sign-in callback, "join again") is treated as absent.
 * - Referer and `page` from the same origin: `page` is used (it has the full path, where the
 *   browser's default policy sends only the origin in a cross-site Referer).
 * - Referer and `page` from different origins: the Referer wins and `page` is ignored; a page
 *   parameter is only a claim, and a hostile page can write any claim into its link.
 * - Only one of them: that one. Its origin must itself be allowed.
 * - Neither: a direct visit, allowed only when the launcher allows direct visits.
 */
export function decideEntry(
  claims: EntryClaims,
  launcher: { allowedDomains: readonly string[]; allowDirectVisits: boolean },
): EntryDecision {
  const self = new Set(claims.selfOrigins);
  const refererUrl = parseWebUrl(claims.referer);
  const referer = refererUrl && !self.has(refererUrl.origin) ? refererUrl : null;
  const pageUrl = claims.page && claims.page.length <= MAX_REFERRER_LENGTH ? parseWebUrl(claims.page) : null;
  const page = pageUrl && !self.has(pageUrl.origin) ? pageUrl : null;

  let claim: URL | null = null;
  let via: "referer" | "page" = "referer";
  if (referer && page) {
    if (referer.origin === page.origin) [claim, via] = [page, "page"];
    else claim = referer;
  } else if (referer) claim = referer;
  else if (page) [claim, via] = [page, "page"];

  if (!claim) {
    return launcher.allowDirectVisits
      ? { allowed: true, via: "direct", referrerUrl: null, origin: null, host: null }
      : { allowed: false, reason: "no_referrer", referrerUrl: null, origin: null, host: null };
  }
  const host = hostOfUrl(claim);
  const result = { referrerUrl: cleanReferrer(claim), origin: claim.origin, host };
  return isHostAllowed(host, launcher.allowedDomains)
    ? { allowed: true, via, ...result }
    : { allowed: false, reason: "domain_not_allowed", ...result };
}

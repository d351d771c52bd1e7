// Our own origins: the public one (NEXTAUTH_URL) and the one this request was addressed to (its
// Host; a browser on another site cannot choose our Host, only its own Origin). A state-changing
// request from a browser must come from one of them.
import "server-only";

const HOST = /^[A-Za-z0-9.\-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/;

/** The Host header when it is a plain host[:port]; anything else is ignored. */
export function safeHost(host: string | undefined): string | null {
  return host && HOST.test(host) ? host : null;
}

export function ownOrigins(publicUrl: string, host: string | undefined, https: boolean): string[] {
  const origins = new Set([new URL(publicUrl).origin]);
  const h = safeHost(host);
  if (h) origins.add(new URL(`${https ? "https" : "http"}://${h}`).origin);
  return [...origins];
}

/**
 * True when a browser tells us the request comes from another site: an Origin that is not ours,
 * or (for browsers that send no Origin) Sec-Fetch-Site saying cross-site or same-site.
 */
export function isForeignRequest(
  origin: string | null | undefined,
  secFetchSite: string | null | undefined,
  own: readonly string[],
): boolean {
  if (origin) return !own.includes(origin);
  return secFetchSite === "cross-site" || secFetchSite === "same-site";
}

const BASE = "http://local.invalid";

/**
 * A path on this site to send someone to after sign-in, or `fallback`. Only a path that resolves to
 * our own origin is followed: browsers read "\" as "/" and drop tabs and newlines inside URLs, so
 * "/\evil.com" or "/<TAB>/evil.com" would otherwise leave the site (an open redirect). The path is
 * judged after normalisation: "/.//evil.com", "/%2e//evil.com" and "/a/..//evil.com" all resolve to
 * "//evil.com", which a browser reads as another host.
 */
export function localPath(value: unknown, fallback = "/app"): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== "string" || !v.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(v)) return fallback;
  let url: URL;
  try {
    url = new URL(v, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = url.pathname + url.search + url.hash;
  // What we return is read again by the browser: it must be a path there too, and stay ours.
  if (/^[/\\]{2}/.test(path) || new URL(path, BASE).origin !== BASE) return fallback;
  return path;
}

/**
 * next-auth's redirect callback: our own absolute URLs and local paths (through `localPath`) are
 * followed; anything else goes to the start page.
 */
export function sameSiteRedirect(url: string, baseUrl: string, fallback = "/app"): string {
  let path: unknown = url;
  if (!url.startsWith("/")) {
    try {
      const u = new URL(url);
      path = u.origin === new URL(baseUrl).origin ? u.pathname + u.search + u.hash : undefined;
    } catch {
      path = undefined;
    }
  }
  return `${baseUrl.replace(/\/$/, "")}${localPath(path, fallback)}`;
}

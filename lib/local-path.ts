/**
 * A path on this site to send someone to after sign-in, or `fallback`. Only a path that resolves to
 * our own origin is followed: browsers read "\" as "/" and drop tabs and newlines inside URLs, so
 * "/\evil.com" or "/<TAB>/evil.com" would otherwise leave the site (an open redirect).
 */
export function localPath(value: unknown, fallback = "/app"): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== "string" || !v.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(v)) return fallback;
  const base = "http://local.invalid";
  let url: URL;
  try {
    url = new URL(v, base);
  } catch {
    return fallback;
  }
  return url.origin === base ? url.pathname + url.search + url.hash : fallback;
}

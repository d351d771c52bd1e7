// What may be led to, and how chat text becomes links. Shared by the address bar (instant feedback)
// and the server (the rule that counts).

export type LeadUrlResult = { ok: true; url: string } | { ok: false; error: string };

export const MAX_URL_LENGTH = 2048;

/**
 * Normalises what a leader typed into an absolute http(s) URL: adds https:// when no scheme is
 * given; refuses javascript:, data:, file: and every other scheme, embedded credentials, and hosts
 * that are not hosts.
 */
export function normalizeLeadUrl(input: string): LeadUrlResult {
  const raw = input.trim();
  if (!raw) return { ok: false, error: "Type a web address to lead to." };
  if (raw.length > MAX_URL_LENGTH) return { ok: false, error: `That address is too long (over ${MAX_URL_LENGTH} characters).` };
  // Whitespace and control characters inside a URL are how filters get fooled ("java\tscript:").
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) return { ok: false, error: "A web address cannot contain spaces." };
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw)?.[1]?.toLowerCase();
  // "example.com:8080/x" looks like scheme "example.com": a dot means it is a host, not a scheme.
  const hasScheme = scheme !== undefined && !scheme.includes(".") && !/^\d+$/.test(raw.slice(scheme.length + 1).split("/")[0] ?? "");
  if (hasScheme && scheme !== "http" && scheme !== "https") {
    return { ok: false, error: `Only web pages (http or https) can be led to, not "${scheme}:" addresses.` };
  }
  let url: URL;
  const bare = raw.replace(/^\/\//, "");
  // Without a scheme: https, except for this machine (localhost, IP literals), where dev servers speak http.
  const local = /^(localhost|\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\])(:\d+)?(\/|$)/i.test(bare);
  try {
    url = new URL(hasScheme ? raw : `${local ? "http" : "https"}://${bare}`);
  } catch {
    return { ok: false, error: "That doesn't look like a web address." };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, error: "Only web pages (http or https) can be led to." };
  }
  if (url.username || url.password) return { ok: false, error: "Addresses with a user name or password in them are not allowed." };
  const host = url.hostname;
  const isIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("[");
  if (
    !host ||
    (!isIp && host !== "localhost" && !/^[a-z0-9-]+(\.[a-z0-9-]+)*\.?$/i.test(host)) ||
    (!isIp && host !== "localhost" && !host.includes("."))
  ) {
    return { ok: false, error: "That doesn't look like a web address." };
  }
  return { ok: true, url: url.toString() };
}

export type TextPart = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

const LINK = /\bhttps?:\/\/[^\s<>"']+/gi;

/** Splits chat text into plain text and http(s) links; nothing else ever becomes a link. */
export function autolink(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    // Trailing punctuation belongs to the sentence, not the URL.
    const raw = m[0].replace(/[.,;:!?)\]]+$/, "");
    const start = m.index;
    if (start > last) parts.push({ kind: "text", text: text.slice(last, start) });
    let href: string | null = null;
    try {
      const u = new URL(raw);
      if ((u.protocol === "http:" || u.protocol === "https:") && !u.username && !u.password) href = u.toString();
    } catch {
      href = null;
    }
    parts.push(href ? { kind: "link", text: raw, href } : { kind: "text", text: raw });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}

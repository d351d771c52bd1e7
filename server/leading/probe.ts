// Before followers are sent to a page, the server asks the page whether it may be framed
// (X-Frame-Options, CSP frame-ancestors). The probe is an outbound request made on a user's behalf,
// so it connects only to public addresses (server/leading/address.ts): IP literals are checked
// before any socket opens, names on every address they resolve to (the addresses actually
// connected to, so DNS rebinding cannot slip past), on every redirect hop. The development
// allowlist, or the app's own origin, opens it for a host. What the leader learns is the framing
// decision or one generic reason, never why a connection failed: that would let a leader map ports.
import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type net from "node:net";
import { bareHost, hostAllowed, isIpLiteral, isPrivateAddress } from "./address";

export type FrameProbe = { framable: boolean | null; reason: string };

/** The one reason of every probe without an answer: refused address, connection error, timeout, bad redirect. */
export const NOT_CHECKED = "not checked";
const notChecked: FrameProbe = { framable: null, reason: NOT_CHECKED };

const MAX_REDIRECTS = 3;

/** Frame decision from response headers, for a page (at `pageOrigin`) to be framed by `appOrigin`. */
export function framingFromHeaders(headers: http.IncomingHttpHeaders, appOrigin: string, pageOrigin?: string): FrameProbe {
  const ours = pageOrigin === appOrigin; // our own pages may say SAMEORIGIN / 'self' and still frame in the viewer
  const xfo = String(headers["x-frame-options"] ?? "")
    .trim()
    .toLowerCase();
  if (xfo === "deny" || (xfo === "sameorigin" && !ours)) return { framable: false, reason: `X-Frame-Options: ${xfo.toUpperCase()}` };
  const csp = ([] as string[]).concat(headers["content-security-policy"] ?? []).join(";");
  const directive = csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.toLowerCase().startsWith("frame-ancestors"));
  if (directive) {
    const sources = directive.split(/\s+/).slice(1);
    const allowed = sources.some(
      (src) =>
        src === "*" ||
        src === appOrigin ||
        (ours && src === "'self'") ||
        (src.startsWith("*.") && new URL(appOrigin).hostname.endsWith(src.slice(1))),
    );
    if (!allowed) return { framable: false, reason: `Content-Security-Policy: ${directive}` };
  }
  return { framable: true, reason: "no framing restriction" };
}

type ProbeOptions = { appOrigin: string; allowHosts: string[]; timeoutMs?: number };

class RefusedAddress extends Error {}

function headOnce(url: URL, opts: ProbeOptions): Promise<http.IncomingMessage> {
  const allowed = url.origin === opts.appOrigin || hostAllowed(url.hostname, opts.allowHosts);
  // Node connects to an IP literal without a lookup: judge it here, before any socket opens.
  if (!allowed && isIpLiteral(url.hostname) && isPrivateAddress(bareHost(url.hostname))) return Promise.reject(new RefusedAddress());
  // Every address the socket would connect to is checked here, after DNS, not before it.
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 4);
      const list = addresses as dns.LookupAddress[];
      if (!allowed && list.some((a) => isPrivateAddress(a.address))) return callback(new RefusedAddress(), "", 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      url,
      { method: "GET", lookup, timeout: opts.timeoutMs ?? 2500, headers: { "user-agent": "iSession-frame-probe/1", accept: "text/html" } },
      (res) => {
        res.destroy(); // headers are all we need
        resolve(res);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end();
  });
}

/** Never throws: an address that cannot be asked, for whatever reason, is `NOT_CHECKED`. */
export async function probeFraming(rawUrl: string, opts: ProbeOptions): Promise<FrameProbe> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return notChecked;
  }
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (url.protocol !== "http:" && url.protocol !== "https:") return notChecked;
    let res: http.IncomingMessage;
    try {
      res = await headOnce(url, opts);
    } catch {
      return notChecked;
    }
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      try {
        url = new URL(res.headers.location, url);
      } catch {
        return notChecked;
      }
      continue;
    }
    return framingFromHeaders(res.headers, opts.appOrigin, url.origin);
  }
  return notChecked;
}

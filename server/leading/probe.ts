// Before followers are sent to a page, the server asks the page whether it may be framed
// (X-Frame-Options, CSP frame-ancestors). The probe is an outbound request made on a user's behalf,
// so it refuses every private, loopback, link-local and reserved address (checked on the addresses
// actually connected to, so DNS rebinding cannot slip past), unless a development allowlist names
// the host.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";

export type FrameProbe = { framable: boolean | null; reason: string };

const MAX_REDIRECTS = 3;

/** True for addresses a public web page never lives at. */
export function isPrivateAddress(address: string): boolean {
  const v4 = net.isIPv4(address) ? address : /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (v4) {
    const [a, b] = v4.split(".").map(Number) as [number, number];
    return (
      a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || (a === 192 && b === 0) ||
      (a === 198 && (b === 18 || b === 19)) || a >= 224
    );
  }
  const v6 = address.toLowerCase();
  return v6 === "::" || v6 === "::1" || v6.startsWith("fc") || v6.startsWith("fd") || v6.startsWith("fe80") || v6.startsWith("ff");
}

/** Frame decision from response headers, for a page to be framed by `appOrigin`. */
export function framingFromHeaders(headers: http.IncomingHttpHeaders, appOrigin: string): FrameProbe {
  const xfo = String(headers["x-frame-options"] ?? "").trim().toLowerCase();
  if (xfo === "deny" || xfo === "sameorigin") return { framable: false, reason: `X-Frame-Options: ${xfo.toUpperCase()}` };
  const csp = ([] as string[]).concat(headers["content-security-policy"] ?? []).join(";");
  const directive = csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.toLowerCase().startsWith("frame-ancestors"));
  if (directive) {
    const sources = directive.split(/\s+/).slice(1);
    const allowed = sources.some((src) => src === "*" || src === appOrigin || (src.startsWith("*.") && new URL(appOrigin).hostname.endsWith(src.slice(1))));
    if (!allowed) return { framable: false, reason: `Content-Security-Policy: ${directive}` };
  }
  return { framable: true, reason: "no framing restriction" };
}

type ProbeOptions = { appOrigin: string; allowHosts: string[]; timeoutMs?: number };

function headOnce(url: URL, opts: ProbeOptions): Promise<http.IncomingMessage> {
  const allowed = opts.allowHosts.includes(url.hostname);
  // Every address the socket would connect to is checked here, after DNS, not before it.
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 4);
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => isPrivateAddress(a.address));
      if (bad && !allowed) return callback(Object.assign(new Error(`refused private address ${bad.address}`), { code: "EPRIVATE" }), "", 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method: "GET", lookup, timeout: opts.timeoutMs ?? 2500, headers: { "user-agent": "iSession-frame-probe/1", accept: "text/html" } }, (res) => {
      res.destroy(); // headers are all we need
      resolve(res);
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end();
  });
}

export async function probeFraming(rawUrl: string, opts: ProbeOptions): Promise<FrameProbe> {
  let url = new URL(rawUrl);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    // Literal private IPs are refused before any socket is opened.
    if (net.isIP(url.hostname.replace(/^\[|\]$/g, "")) && isPrivateAddress(url.hostname.replace(/^\[|\]$/g, "")) && !opts.allowHosts.includes(url.hostname)) {
      return { framable: null, reason: "private address: not probed" };
    }
    let res: http.IncomingMessage;
    try {
      res = await headOnce(url, opts);
    } catch (e) {
      const code = (e as { code?: string }).code;
      return { framable: null, reason: code === "EPRIVATE" ? "private address: not probed" : `probe failed: ${(e as Error).message}` };
    }
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      url = new URL(res.headers.location, url);
      if (url.protocol !== "http:" && url.protocol !== "https:") return { framable: null, reason: "redirect to a non-web address" };
      continue;
    }
    return framingFromHeaders(res.headers, opts.appOrigin);
  }
  return { framable: null, reason: "too many redirects" };
}

// What our web server does to every request before Next.js answers it (scripts/web.ts): decide
// the client's address from the socket (forwarded headers only from TRUSTED_PROXIES), set the
// security headers with a fresh CSP nonce, and refuse malformed server-action posts with a 4xx.
// /healthz and /readyz are answered before any of that (server/http/health.ts).
import "server-only";
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { ACTION_BODY_LIMIT, checkActionBody, isActionPost, readBodyWithin, replayRequest, type ActionVerdict } from "./action-guard";
import { serveHealth, type ReadinessCheck } from "./health";
import { CLIENT_ADDRESS_HEADER, clientDecider, type TrustedProxies } from "./client-address";
import { isForeignRequest, ownOrigins, safeHost } from "./origin";
import { apiSecurityHeaders, isApiPath, realtimeSources, securityHeaders } from "./security-headers";

export type WebHandlerOptions = {
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  trusted: TrustedProxies;
  dev: boolean;
  /** NEXTAUTH_URL. */
  publicUrl: string;
  /** The browser's realtime configuration for a page served from `host` (server/realtime/config.ts). */
  realtimeFor: (host: string | undefined) => Parameters<typeof realtimeSources>[0];
  /** /readyz (server/http/health.ts); absent: /healthz and /readyz go to Next like any path. */
  ready?: ReadinessCheck;
};

/** Headers only a trusted proxy may set; from anyone else they are dropped (Next refills X-Forwarded-For from the socket). */
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-real-ip", "forwarded"];

const joined = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(",") : v);

/**
 * A path whose percent-encoding is not UTF-8 (e.g. `%ED%A0%80`, a lone surrogate) or that decodes to
 * a NUL can name nothing we store (issue 12, item 5: such text is refused at every input schema);
 * Next answered 500 on the first kind, so both are refused here, once, for every route.
 */
export function isUnreadablePath(path: string): boolean {
  try {
    return decodeURIComponent(path).includes("\u0000");
  } catch {
    return true;
  }
}

export function createWebHandler(o: WebHandlerOptions) {
  const publicHttps = o.publicUrl.startsWith("https:");
  const decideClient = clientDecider(o.trusted);
  const refuse = (res: ServerResponse, verdict: Exclude<ActionVerdict, { ok: true }>) => {
    res.statusCode = verdict.status;
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.setHeader("Cache-Control", "no-store");
    // The rest of an oversized body is not read; the connection cannot be reused.
    if (verdict.status === 413) res.setHeader("Connection", "close");
    res.end(verdict.message);
  };

  return async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Probes first: no headers to decide, no session, nothing Next would do.
    if (o.ready && serveHealth(req, res, o.ready)) return;
    const { client, trustedPeer } = decideClient(req.socket.remoteAddress, joined(req.headers["x-forwarded-for"]));
    const forwardedProto = trustedPeer ? joined(req.headers["x-forwarded-proto"])?.split(",")[0]?.trim().toLowerCase() : undefined;
    if (!trustedPeer) for (const h of FORWARDING_HEADERS) delete req.headers[h];
    // Private request headers: only we set them.
    delete req.headers[CLIENT_ADDRESS_HEADER];
    delete req.headers["content-security-policy-report-only"];
    if (client) req.headers[CLIENT_ADDRESS_HEADER] = client;

    const https = (req.socket as TLSSocket).encrypted === true || forwardedProto === "https" || (!forwardedProto && publicHttps);
    // Next and the app (visitor cookies' Secure flag, tRPC's own-origin check) read the scheme from
    // X-Forwarded-Proto, which Next would otherwise refill from the plain socket behind an untrusted
    // TLS proxy: hand them our decision, the same one HSTS follows.
    req.headers["x-forwarded-proto"] = https ? "https" : "http";
    const host = safeHost(req.headers.host) ?? undefined;
    const path = (req.url ?? "/").split("?")[0]!;
    // A page gets a fresh nonce for its scripts; an API answer has none to admit.
    const headers = isApiPath(path)
      ? apiSecurityHeaders(https)
      : securityHeaders({
          path,
          nonce: randomBytes(16).toString("base64"),
          https,
          dev: o.dev,
          realtimeSources: realtimeSources(o.realtimeFor(host)),
        });
    for (const name in headers) res.setHeader(name, headers[name]!);
    if (isUnreadablePath(path)) return refuse(res, { ok: false, status: 400, message: "This address has characters that cannot be read." });
    // Next takes the nonce for its scripts from the request's CSP header (docs/security.md).
    req.headers["content-security-policy"] = headers["Content-Security-Policy"];

    if (isActionPost(req)) {
      const origin = joined(req.headers.origin);
      if (isForeignRequest(origin, joined(req.headers["sec-fetch-site"]), ownOrigins(o.publicUrl, host, https))) {
        return refuse(res, { ok: false, status: 403, message: "This form can only be sent from this site." });
      }
      const tooLarge = { ok: false, status: 413, message: "The form is too large." } as const;
      if (Number(req.headers["content-length"] ?? 0) > ACTION_BODY_LIMIT) return refuse(res, tooLarge);
      const body = await readBodyWithin(req, ACTION_BODY_LIMIT);
      if (!body) return refuse(res, tooLarge);
      const verdict = await checkActionBody(body, String(req.headers["content-type"] ?? ""));
      if (!verdict.ok) return refuse(res, verdict);
      return o.handle(replayRequest(req, body), res);
    }
    await o.handle(req, res);
  };
}

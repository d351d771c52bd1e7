// The security headers of every response, set by our web server (scripts/web.ts) before Next
// answers. Pure: the request's path, nonce and transport in, header values out. docs/security.md
// explains each choice.
import "server-only";

/**
 * Framed by our own pages only: the public marketing pages (a leader may show them inside a
 * session's view) and the no-JavaScript session page's conversation frame (/s/{id}/basic/log).
 */
const FRAMEABLE_BY_SELF = [/^\/$/, /^\/pricing\/?$/, /^\/embed-demo\/?$/, /^\/s\/[^/]+\/basic\/log\/?$/];

export type SecurityHeaderInput = {
  path: string;
  /** Fresh per request; Next reads it from the request's CSP header and puts it on its scripts. */
  nonce: string;
  /** Served over TLS (NEXTAUTH_URL https, an encrypted socket, or a trusted proxy said so). */
  https: boolean;
  /** `next dev`: React needs eval for its dev tooling. */
  dev: boolean;
  /** Where the browser opens realtime WebSockets (relay or Pusher), e.g. "ws://localhost:6001". */
  realtimeSources: readonly string[];
};

export function contentSecurityPolicy(input: SecurityHeaderInput): string {
  const path = input.path;
  const frameAncestors = FRAMEABLE_BY_SELF.some((r) => r.test(path)) ? "'self'" : "'none'";
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${input.nonce}' 'strict-dynamic'${input.dev ? " 'unsafe-eval'" : ""}`,
    // React renders style="" attributes and Next injects style elements; CSS cannot run script.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${input.realtimeSources.join(" ")}`.trim(),
    // The session viewer frames whatever page the leader leads to (any http(s) page, lib/urls.ts).
    // On every page: the console and the waiting page reach the viewer by client-side navigation,
    // which keeps the policy of the page the tab first loaded.
    "frame-src 'self' http: https:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    // The billing portal is Stripe's; a form post may end there through a redirect.
    "form-action 'self' https://billing.stripe.com https://checkout.stripe.com",
    `frame-ancestors ${frameAncestors}`,
  ];
  if (input.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** The same on pages and API answers. */
const SHARED = {
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Content-Type-Options": "nosniff",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), browsing-topics=()",
};

export function securityHeaders(input: SecurityHeaderInput): Record<string, string> {
  const csp = contentSecurityPolicy(input);
  const headers: Record<string, string> = {
    "Content-Security-Policy": csp,
    // For browsers without frame-ancestors; same decision.
    "X-Frame-Options": csp.includes("frame-ancestors 'self'") ? "SAMEORIGIN" : "DENY",
    ...SHARED,
  };
  if (input.https) headers["Strict-Transport-Security"] = "max-age=31536000";
  return headers;
}

/**
 * Answers of the APIs (/api/trpc, and the public /api/v1: JSON, never a page) under the same framing, referrer, sniffing
 * and transport rules as pages; with no script to admit, their CSP needs no nonce, so they cost no
 * random bytes and no policy built per request (a chat line is one of them).
 */
export function isApiPath(path: string): boolean {
  return path.startsWith("/api/trpc/") || path.startsWith("/api/v1/");
}

const API_CSP = "default-src 'none'; frame-ancestors 'none'";
function apiHeaders(https: boolean): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": API_CSP,
    "X-Frame-Options": "DENY",
    ...SHARED,
  };
  if (https) headers["Strict-Transport-Security"] = "max-age=31536000";
  return Object.freeze(headers);
}
const API_HEADERS = { http: apiHeaders(false), https: apiHeaders(true) };

export function apiSecurityHeaders(https: boolean): Readonly<Record<string, string>> {
  return https ? API_HEADERS.https : API_HEADERS.http;
}

/** The realtime origins the browser connects to, from the same config the page gets. */
export function realtimeSources(config: {
  cluster: string;
  wsHost?: string;
  wsPort?: number;
  wssPort?: number;
  forceTLS: boolean;
}): string[] {
  if (!config.wsHost) return [`wss://ws-${config.cluster}.pusher.com`];
  const host = config.wsHost.includes(":") ? `[${config.wsHost}]` : config.wsHost;
  const wss = `wss://${host}:${config.wssPort ?? 443}`;
  // pusher-js uses wss on an https page even without forceTLS.
  return config.forceTLS ? [wss] : [`ws://${host}:${config.wsPort ?? 80}`, wss];
}

// One signed POST of a webhook body: public addresses only (./address.ts), a hard time-out for the
// whole exchange, redirects not followed (a 3xx is a failure, as at Stripe), and only the status
// line kept: the response body is read and dropped (at most 64 KiB) so the connection can be reused.
import "server-only";
import http from "node:http";
import https from "node:https";
import { deliveryGuard, RefusedAddressError, type Resolve } from "./address";
import { SIGNATURE_HEADER, signatureHeader } from "./signature";

export const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

export type PostResult = { statusCode: number | null; error: string | null; durationMs: number };

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

export function postWebhook(input: {
  url: string;
  body: string;
  secret: string;
  eventType: string;
  deliveryId: string;
  timeoutMs?: number;
  allowHosts: readonly string[];
  /** Name resolution for the socket (tests); the system resolver when absent. */
  resolve?: Resolve;
}): Promise<PostResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): PostResult => ({
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return Promise.resolve(done(null, "invalid URL"));
  }
  const guard = deliveryGuard(url, input.allowHosts, input.resolve);
  if (guard.refusedLiteral) return Promise.resolve(done(null, new RefusedAddressError().message));
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const https_ = url.protocol === "https:";
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = (https_ ? https : http).request(
      url,
      {
        method: "POST",
        agent: https_ ? agents.https : agents.http,
        lookup: guard.lookup,
        headers: {
          "content-type": "application/json",
          "user-agent": "iSession-Webhooks/1",
          "content-length": Buffer.byteLength(input.body),
          [SIGNATURE_HEADER]: signatureHeader(input.secret, input.body),
          "iSession-Event": input.eventType,
          "iSession-Delivery": input.deliveryId,
        },
      },
      (res) => {
        let read = 0;
        res.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        res.on("error", () => undefined);
        res.on("end", () => finish(done(res.statusCode ?? null, null)));
        res.on("close", () => finish(done(res.statusCode ?? null, null)));
      },
    );
    const timer = setTimeout(() => {
      finish(done(null, `timed out after ${timeoutMs} ms`));
      req.destroy();
    }, timeoutMs);
    req.on("error", (e: NodeJS.ErrnoException) => {
      finish(done(null, e instanceof RefusedAddressError ? e.message : (e.code ?? e.message).slice(0, 200)));
    });
    req.end(input.body);
  });
}

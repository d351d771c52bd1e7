// /api/trpc served by our own server (scripts/web.ts) in production, after web-handler.ts has set
// the client address and the security headers: a chat line no longer pays for Next's app-route
// machinery, which was the largest share of the web process's CPU per line (docs/performance.md).
// The context is built exactly as the app route builds it (server/http/trpc-context.ts), which
// stays for `next dev`.
import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { appRouter } from "../api/root";
import { reportTrpcError, requestContext } from "./trpc-context";

const PREFIX = "/api/trpc/";
const MAX_BODY_BYTES = 1024 * 1024;

export function isTrpcRequest(req: IncomingMessage): boolean {
  return req.url?.startsWith(PREFIX) === true;
}

export function handleTrpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const header = (name: string) => {
    const v = req.headers[name];
    return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
  };
  // Answers are the caller's own: never stored by a cache on the way.
  res.setHeader("Cache-Control", "no-store");
  return nodeHTTPRequestHandler({
    req,
    res,
    path: req.url!.slice(PREFIX.length).split("?")[0]!,
    router: appRouter,
    createContext: () => requestContext(header),
    // A public endpoint: no body larger than any input of ours (a chat line is 4,000 characters).
    maxBodySize: MAX_BODY_BYTES,
    onError: reportTrpcError,
  });
}

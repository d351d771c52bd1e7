// /api/trpc served by our own server (scripts/web.ts) in production, after web-handler.ts has set
// the client address and the security headers: a chat line no longer pays for Next's app-route
// machinery, which was the largest share of the web process's CPU per line (docs/performance.md).
// The context is built exactly as the app route builds it (server/http/trpc-context.ts), which
// stays for `next dev`.
//
// tRPC's own `resolveResponse` answers, as in its node adapter; the adapter's two ends are ours:
// the body is read whole (it is at most 1 MB) before the Request is built, rather than streamed
// through a ReadableStream, and a JSON answer is written with its length in one `end`, rather
// than piped chunk by chunk through a WritableStream and closed by a second write (chunked
// encoding's last chunk). Both were a visible share of a chat line's CPU (docs/performance.md).
import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { TRPCError } from "@trpc/server";
import { internal_exceptionHandler } from "@trpc/server/adapters/node-http";
import { resolveResponse } from "@trpc/server/http";
import { appRouter } from "../api/root";
import { readBodyWithin } from "./action-guard";
import { reportTrpcError, requestContext } from "./trpc-context";

const PREFIX = "/api/trpc/";
const MAX_BODY_BYTES = 1024 * 1024;

export function isTrpcRequest(req: IncomingMessage): boolean {
  return req.url?.startsWith(PREFIX) === true;
}

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const name in req.headers) {
    const value = req.headers[name];
    if (name.startsWith(":") || value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.append(name, value);
  }
  return headers;
}

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const header = (name: string) => {
    const v = req.headers[name];
    return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
  };
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  // A public endpoint: no body larger than any input of ours (a chat line is 4,000 characters).
  const body = hasBody ? await readBodyWithin(req, MAX_BODY_BYTES) : undefined;
  // The rest of an oversized body is not read; the connection cannot be reused.
  if (body === null) res.setHeader("Connection", "close");
  const request = new Request(`http://${header("host") ?? "localhost"}${req.url!}`, {
    method: req.method,
    headers: requestHeaders(req),
    // Our inputs are JSON (superjson), so text.
    body: body?.toString("utf8"),
  });
  const response = await resolveResponse({
    router: appRouter,
    req: request,
    path: req.url!.slice(PREFIX.length).split("?")[0]!,
    createContext: () => requestContext(header),
    error: body === null ? new TRPCError({ code: "PAYLOAD_TOO_LARGE" }) : null,
    onError: reportTrpcError,
  });
  res.statusCode = response.status;
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (!response.body) return void res.end();
  // Our client asks for JSON (httpBatchLink); a streamed answer (JSON lines) is piped as it comes.
  if (!response.headers.get("content-type")?.startsWith("application/json")) {
    return new Promise<void>((resolve, reject) => {
      Readable.fromWeb(response.body as NodeReadableStream)
        .on("error", reject)
        .pipe(res)
        .on("finish", resolve)
        .on("close", resolve);
    });
  }
  const json = Buffer.from(await response.arrayBuffer());
  res.setHeader("Content-Length", json.length);
  res.end(json);
}

export function handleTrpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Answers are the caller's own: never stored by a cache on the way.
  res.setHeader("Cache-Control", "no-store");
  // What tRPC's adapter answers when answering itself failed: the error's shape and status.
  const failed = internal_exceptionHandler({
    req,
    res,
    path: "",
    router: appRouter,
    createContext: () => requestContext(() => null),
    onError: reportTrpcError,
  });
  return answer(req, res).catch(failed);
}

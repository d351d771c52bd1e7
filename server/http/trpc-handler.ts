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
import { sessionCallerOf, trpcError, type Context } from "../api/trpc";
import { refusedLine } from "../chat/line-limit";
import { peekCachedSeat } from "../sessions/participant";
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
  const [path, query] = req.url!.slice(PREFIX.length).split("?") as [string, string | undefined];
  const context = await requestContext(header);
  const response = await resolveResponse({
    router: appRouter,
    req: request,
    path,
    createContext: () => Promise.resolve(context),
    error: body === null ? new TRPCError({ code: "PAYLOAD_TOO_LARGE" }) : (knownLineRefusal(path, query, body, context) ?? null),
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

const SEND_LINE = "sessions.send";

/**
 * A chat line from a seat the line limit refused in the window still running
 * (server/chat/line-limit.ts `refusedLine`): the limit's own error, given to tRPC as the answer
 * before any procedure runs, so a script sending past the limit does not cost the procedure's
 * steps, its input parsing and the limiter for each refused line. Only a lone `sessions.send` from
 * our own site whose seat is cached; anything else (a batch of several calls, a foreign origin, a
 * body we cannot read) goes the whole way and is judged there.
 */
function knownLineRefusal(path: string, query: string | undefined, body: Buffer | undefined, context: Context): TRPCError | undefined {
  if (path !== SEND_LINE || !body || context.foreignOrigin) return undefined;
  const caller = sessionCallerOf(context);
  if (!caller) return undefined;
  let sessionId: unknown;
  try {
    // The input as tRPC reads it (superjson): a batch's first call under "0", else the body itself.
    type Call = { json?: { sessionId?: unknown } } | undefined;
    const parsed = JSON.parse(body.toString("utf8")) as Record<string, Call> | null;
    const batch = new URLSearchParams(query).get("batch") === "1";
    sessionId = (batch ? parsed?.["0"] : (parsed as Call))?.json?.sessionId;
  } catch {
    return undefined;
  }
  if (typeof sessionId !== "string") return undefined;
  const seat = peekCachedSeat(caller, sessionId);
  const refusal = seat && refusedLine(seat.id);
  return refusal ? trpcError(refusal) : undefined;
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

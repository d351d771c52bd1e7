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
//
// A lone chat line (`sessions.send`) skips `resolveResponse` altogether: its procedure is called by
// tRPC's own caller and its answer written as `resolveResponse` would write it (`lineCall`,
// `callLine`, `writeLineAnswer` below; tests/integration/trpc-handler.test.ts compares both ways).
import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError, transformTRPCResponse } from "@trpc/server";
import { internal_exceptionHandler } from "@trpc/server/adapters/node-http";
import { getHTTPStatusCodeFromError, resolveResponse } from "@trpc/server/http";
import type { TRPCResponse } from "@trpc/server/rpc";
import superjson, { type SuperJSONResult } from "superjson";
import { appRouter } from "../api/root";
import { createCallerFactory, sessionCallerOf, trpcError, type Context } from "../api/trpc";
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
  const [path, query] = req.url!.slice(PREFIX.length).split("?") as [string, string | undefined];
  const context = await requestContext(header);
  const line = body ? lineCall(req, path, query, body) : undefined;
  if (line) {
    const refusal = knownLineRefusal(line, context);
    return writeLineAnswer(res, line, context, refusal ? { ok: false, error: refusal } : await callLine(line, context));
  }
  const request = new Request(`http://${header("host") ?? "localhost"}${req.url!}`, {
    method: req.method,
    headers: requestHeaders(req),
    // Our inputs are JSON (superjson), so text.
    body: body?.toString("utf8"),
  });
  const response = await resolveResponse({
    router: appRouter,
    req: request,
    path,
    createContext: () => Promise.resolve(context),
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
  writeJson(res, response.status, Buffer.from(await response.arrayBuffer()));
}

function writeJson(res: ServerResponse, status: number, answer: unknown): void {
  const json = Buffer.isBuffer(answer) ? answer : Buffer.from(JSON.stringify(answer));
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Content-Length", json.length);
  res.end(json);
}

const SEND_LINE = "sessions.send";

/** A lone chat line as tRPC would read it: its raw input (superjson's wire form) and whether it came as a batch of one. */
type LineCall = { batch: boolean; raw: { json?: { sessionId?: unknown } }; input: unknown };

/**
 * A request that is exactly one `sessions.send` call with a JSON body that parses, answered as
 * JSON (not as JSON lines): the hot path of a chat line (docs/performance.md, "A chat line's own
 * way through tRPC"). Anything else, including a body that does not parse, goes the whole way
 * through `resolveResponse` and is judged there.
 */
function lineCall(req: IncomingMessage, path: string, query: string | undefined, body: Buffer): LineCall | undefined {
  if (req.method !== "POST" || path !== SEND_LINE) return undefined;
  if (req.headers["content-type"]?.split(";", 1)[0]!.trim().toLowerCase() !== "application/json") return undefined;
  if (req.headers["trpc-accept"] !== undefined || req.headers.accept?.includes("application/jsonl")) return undefined;
  const search = query ? new URLSearchParams(query) : undefined;
  if (search && [...search.keys()].some((k) => k !== "batch")) return undefined;
  const batch = search?.get("batch") === "1";
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
  const raw = batch ? (parsed as Record<string, unknown> | null)?.["0"] : parsed;
  if (typeof raw !== "object" || raw === null) return undefined;
  if (batch && Object.keys(parsed as object).length !== 1) return undefined;
  try {
    return { batch, raw: raw as LineCall["raw"], input: superjson.deserialize(raw as SuperJSONResult) };
  } catch {
    return undefined;
  }
}

const lineCaller = createCallerFactory(appRouter);

type Called = { ok: true; data: unknown } | { ok: false; error: TRPCError };

/**
 * The line's procedure called directly, by tRPC's own caller: the same middlewares, input parsing
 * and resolver as through `resolveResponse`. What `resolveResponse` adds around a call (a WHATWG
 * Request and Headers built from the Node request, an AbortSignal per call combined with the
 * request's, the Response and its body read back) was about a fifth of the web process's CPU a line
 * (0.86-0.87 against 0.66-0.77 ms, docs/performance.md).
 */
async function callLine(line: LineCall, context: Context): Promise<Called> {
  try {
    const data = await lineCaller(context).sessions.send(line.input as Parameters<ReturnType<typeof lineCaller>["sessions"]["send"]>[0]);
    return { ok: true, data };
  } catch (cause) {
    return { ok: false, error: getTRPCErrorFromUnknown(cause) };
  }
}

/**
 * The answer as `resolveResponse` writes a lone mutation's: `{ result: { data } }` or
 * `{ error: shape }` (the router's error formatter, `getErrorShape`), serialized by the router's
 * transformer, an array of one for a batch; the status is the error's (200 for data); the same
 * `Vary`; an error reported as `onError` reports it. tests/integration/trpc-handler.test.ts compares
 * both ways byte for byte.
 */
function writeLineAnswer(res: ServerResponse, line: LineCall, context: Context, called: Called): void {
  const config = appRouter._def._config;
  let item: TRPCResponse;
  if (called.ok) item = { result: { data: called.data } };
  else {
    reportTrpcError({ error: called.error, path: SEND_LINE });
    item = { error: getTRPCErrorShape({ config, ctx: context, error: called.error, input: undefined, path: SEND_LINE, type: "mutation" }) };
  }
  res.setHeader("Vary", "trpc-accept, accept");
  const status = called.ok ? 200 : getHTTPStatusCodeFromError(called.error);
  writeJson(res, status, transformTRPCResponse(config, line.batch ? [item] : item));
}

/**
 * A chat line from a seat the line limit refused in the window still running
 * (server/chat/line-limit.ts `refusedLine`): the limit's own error, answered (writeLineAnswer)
 * before any procedure runs, so a script sending past the limit does not cost the procedure's
 * steps, its input parsing and the limiter for each refused line. Only from our own site and a
 * seat that is cached; anything else is judged the whole way.
 */
function knownLineRefusal(line: LineCall, context: Context): TRPCError | undefined {
  if (context.foreignOrigin) return undefined;
  const caller = sessionCallerOf(context);
  const sessionId = line.raw.json?.sessionId;
  if (!caller || typeof sessionId !== "string") return undefined;
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

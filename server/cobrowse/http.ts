// The visitor tab's endpoints answer any origin (the client's site), without cookies. Bodies are
// JSON sent as text/plain, so the browser needs no CORS preflight for a POST.
import "server-only";
import { APP_ERROR_CODES, isAppError } from "../errors";

export const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Access-Control-Max-Age": "86400",
  "Cache-Control": "no-store",
} as const;

export function preflight(): Response {
  return new Response(null, { status: 204, headers: CORS });
}

const MAX_BODY = 4096;

export async function readJsonBody(req: Request): Promise<Record<string, unknown>> {
  const text = (await req.text()).slice(0, MAX_BODY + 1);
  if (text.length > MAX_BODY) return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A domain answer as JSON; an AppError as its status and message; anything else a bare 500 (logged without the body). */
export async function answer(fn: () => Promise<unknown>, status = 200): Promise<Response> {
  try {
    return Response.json(await fn(), { status, headers: CORS });
  } catch (e) {
    if (isAppError(e)) return Response.json({ error: e.code, message: e.message }, { status: APP_ERROR_CODES[e.code], headers: CORS });
    console.error("cobrowse endpoint failed:", e instanceof Error ? e.message : "unknown error");
    return Response.json({ error: "INTERNAL", message: "Something went wrong." }, { status: 500, headers: CORS });
  }
}

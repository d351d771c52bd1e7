// The archive's downloads as HTTP answers (app/manager/sessions/*/route.ts): a file to save, or the
// tRPC error's sentence as plain text with its status; anything else is a real 500.
import "server-only";
import { TRPCError } from "@trpc/server";

const STATUS: Partial<Record<TRPCError["code"], number>> = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

export function textResponse(body: string, status: number): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "private, no-store" } });
}

export function fileResponse(body: string, filename: string, contentType: string, extra: Record<string, string> = {}): Response {
  return new Response(body, {
    headers: {
      ...extra,
      "content-type": contentType,
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "private, no-store",
    },
  });
}

/** A refused request as text: the zod issue's own message when the input schema refused it. */
export function errorResponse(e: unknown): Response {
  const status = e instanceof TRPCError ? STATUS[e.code] : undefined;
  if (!(e instanceof TRPCError) || status === undefined) throw e;
  if (e.code === "NOT_FOUND") return textResponse("Not found.", 404);
  const issues = (e.cause as { issues?: { message: string }[] } | undefined)?.issues;
  return textResponse(issues?.[0]?.message ?? e.message, status);
}

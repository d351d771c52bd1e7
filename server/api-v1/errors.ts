// The public API's one error shape: `{ "error": { "code": "NOT_FOUND", "message": "..." } }` with
// the matching HTTP status. Domain functions throw AppError (server/errors.ts); it is mapped here,
// once, so every endpoint answers the same way (docs/api.md lists the codes).
import "server-only";
import { z } from "zod";
import { isAppError, isUnstorableTextError, type AppErrorCode } from "../errors";

export const API_ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]]),
    message: z.string(),
  }),
});

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
}

const FROM_APP: Record<AppErrorCode, ApiErrorCode> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "RATE_LIMITED",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  INTERNAL: "INTERNAL",
};

/** JSON answers of the API are never cached and never sniffed as anything else. */
export const API_RESPONSE_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
} as const;

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...API_RESPONSE_HEADERS, ...headers } });
}

/** Any thrown value as the API's error answer; an unexpected one is logged and answered as INTERNAL without its details. */
export function apiErrorResponse(e: unknown, headers: Record<string, string> = {}): Response {
  let err: ApiError;
  if (e instanceof ApiError) err = e;
  else if (isAppError(e)) err = new ApiError(FROM_APP[e.code], e.message);
  else if (isUnstorableTextError(e))
    err = new ApiError("BAD_REQUEST", "The request has text that cannot be stored (U+0000 or an unpaired surrogate).");
  else {
    console.error("[api/v1] unexpected error:", e);
    err = new ApiError("INTERNAL", "Something went wrong on our side; try again later.");
  }
  return apiJson({ error: { code: err.code, message: err.message } }, err.status, {
    ...headers,
    ...err.headers,
  });
}

/** A zod failure as one sentence: where (the field's path) and what (the first issue's message). */
export function issueSentence(error: z.ZodError, where: "query" | "body" | "path"): string {
  const issue = error.issues[0];
  if (!issue) return `The ${where} is not valid.`;
  const field = issue.path.length ? issue.path.join(".") : null;
  const label = where === "query" ? "query parameter" : where === "path" ? "path parameter" : "field";
  return field ? `${issue.message} (${label} \`${field}\`)` : issue.message;
}

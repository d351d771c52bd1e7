// Typed domain errors. Domain functions throw AppError; tRPC's errorFormatter maps the code once
// (server/api/trpc.ts), so callers see a stable code and a message meant for people.
import "server-only";

export const APP_ERROR_CODES = {
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  BAD_REQUEST: 400,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  PRECONDITION_FAILED: 412,
  INTERNAL: 500,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Another tenant's resource and a missing one look the same: no tenant learns that it exists. */
export function notFound(what: string): AppError {
  return new AppError("NOT_FOUND", `${what} not found.`);
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/**
 * PostgreSQL refused text it cannot store (U+0000: 22021; a lone surrogate's escape in jsonb: 22P05).
 * Input schemas refuse both first (safeString); this is the safety net that keeps a missed field a 400.
 */
export function isUnstorableTextError(e: unknown): boolean {
  const cause = (e as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta?.driverAdapterError?.cause;
  // Through Prisma, or from node-postgres directly (the chat line's append: server/archive/append.ts).
  const code = cause?.originalCode ?? (e as { code?: unknown } | null)?.code;
  return code === "22021" || code === "22P05";
}

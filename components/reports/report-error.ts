// A report call refused for its input, as one sentence for the page (a zod issue's message rather
// than the issue list tRPC puts in `message`); with `notFound`, a missing or another org's item too.
// Anything else is not the reader's doing: rethrown, so the error page shows it.
import { TRPCError } from "@trpc/server";

export function reportInputError(e: unknown, opts: { notFound?: boolean } = {}): string {
  if (e instanceof TRPCError && (e.code === "BAD_REQUEST" || (opts.notFound && e.code === "NOT_FOUND"))) {
    const issues = (e.cause as { issues?: { message?: string }[] } | undefined)?.issues;
    return issues?.[0]?.message ?? e.message;
  }
  throw e;
}

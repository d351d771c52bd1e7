// A report call refused for its input, as one sentence for the page (a zod issue's message rather
// than the issue list tRPC puts in `message`). Anything else is not the reader's doing: rethrown.
import { TRPCError } from "@trpc/server";

export function reportInputError(e: unknown): string {
  if (e instanceof TRPCError && e.code === "BAD_REQUEST") {
    const issues = (e.cause as { issues?: { message?: string }[] } | undefined)?.issues;
    return issues?.[0]?.message ?? e.message;
  }
  throw e;
}

// What a failed tRPC call means for the page that made it, in one place so every form words it the
// same way. In the browser the server's errorFormatter (server/api/trpc.ts) has put the zod issues
// in `data.zodError` and the AppError code in `data.appCode`; on a server page the TRPCError itself
// arrives, with the ZodError as its cause.
import { TRPCClientError } from "@trpc/client";
import { TRPCError } from "@trpc/server";

export type FormErrors = { form: string; fields: Record<string, string> };

export const NO_ERRORS: FormErrors = { form: "", fields: {} };

type ZodFlat = { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | null;

/** A form's message and one per field when the server's zod validation names fields. */
export function formErrors(e: unknown): FormErrors {
  if (e instanceof TRPCClientError) {
    const fieldErrors = (e.data as { zodError?: ZodFlat } | undefined)?.zodError?.fieldErrors;
    if (fieldErrors && Object.keys(fieldErrors).length > 0) {
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(fieldErrors)) if (v?.[0]) fields[k] = v.join(" ");
      return { form: "Please correct the marked fields.", fields };
    }
    return { form: e.message, fields: {} };
  }
  return { form: "Something went wrong. Please try again.", fields: {} };
}

/** The app error code (server/errors.ts) of a failed call, when there is one. */
export function appCodeOf(e: unknown): string | null {
  if (!(e instanceof TRPCClientError)) return null;
  return (e.data as { appCode?: string | null } | undefined)?.appCode ?? null;
}

/**
 * A failed call as one sentence, for a form without per-field messages: the first zod issue
 * (prefixed with its field) rather than the issue list tRPC puts in `message`.
 */
export function errorSentence(e: unknown): string {
  const err = e as { message?: string; data?: { zodError?: ZodFlat } } | null;
  const z = err?.data?.zodError;
  if (z) {
    const field = Object.entries(z.fieldErrors ?? {}).find(([, v]) => v?.length);
    if (field) return `${field[0]}: ${field[1]![0]}`;
    if (z.formErrors?.[0]) return z.formErrors[0];
  }
  return err?.message ?? "Something went wrong.";
}

/** A failed call's own message as tRPC words it, for the live views that show it as it is. */
export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : "Something went wrong.");

/** {@link errorSentence} shaped as FormErrors, for `useFormMutation(..., { read: sentenceErrors })`. */
export const sentenceErrors = (e: unknown): FormErrors => ({ form: errorSentence(e), fields: {} });

/**
 * A server page's call refused for its input, as one sentence for the page; with `notFound`, a
 * missing or another org's item too. Anything else is not the reader's doing: rethrown, so the
 * error page shows it.
 */
export function reportInputError(e: unknown, opts: { notFound?: boolean } = {}): string {
  if (e instanceof TRPCError && (e.code === "BAD_REQUEST" || (opts.notFound && e.code === "NOT_FOUND"))) {
    const issues = (e.cause as { issues?: { message?: string }[] } | undefined)?.issues;
    return issues?.[0]?.message ?? e.message;
  }
  throw e;
}

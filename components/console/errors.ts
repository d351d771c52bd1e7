// What a failed tRPC call means for a form: one message for the form, and one per field when the
// server's zod validation (errorFormatter's `zodError`) names fields.
import { TRPCClientError } from "@trpc/client";

export type FormErrors = { form: string; fields: Record<string, string> };

export function formErrors(e: unknown): FormErrors {
  if (e instanceof TRPCClientError) {
    const data = e.data as { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | undefined;
    const fieldErrors = data?.zodError?.fieldErrors;
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

// The one building block for text that comes in from outside (tRPC inputs, server actions, forms,
// sign-in). PostgreSQL cannot store U+0000 in text or jsonb, and a lone UTF-16 surrogate is not
// Unicode at all (jsonb refuses its escape; text would silently get U+FFFD), so both are refused
// here, at the input schema, with a message that names the problem, instead of failing as a 500
// in the database. Use `safeString()` wherever you would write `z.string()`, and
// `.check(storableText)` on zod's string formats (z.email(), z.url(), ...).
// tests/integration/input-text-safety.test.ts walks every tRPC procedure's input and fails on a
// string field that still accepts either.
import { z } from "zod";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why this text cannot be stored, or null when it can. */
export function unstorableTextProblem(value: string): string | null {
  if (value.includes("\u0000")) return "Must not contain the control character U+0000 (NUL).";
  const lone = LONE_SURROGATE.exec(value);
  if (lone) {
    const code = lone[0].charCodeAt(0).toString(16).toUpperCase();
    return `Must not contain an unpaired surrogate (U+${code}); the text is not valid Unicode.`;
  }
  return null;
}

/** A zod check refusing U+0000 and unpaired surrogates; for zod's string formats. */
export const storableText = z.superRefine<string>((value, ctx) => {
  const problem = unstorableTextProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
});

/** `z.string()` that only accepts text PostgreSQL can store. Chain `.trim().min().max()` as usual. */
export function safeString() {
  return z.string().check(storableText);
}

// What the sign-up form must hold, checked on the server (the form shows these messages next to
// its fields). Pure: no database, so unit tests and the procedure share it.
import "server-only";
import { z } from "zod";
import { safeString } from "../api/schemas/safe-string";
import { allowedDomainError, parseAllowedDomain } from "../launchers/domain";
import { checkPasswordPolicy } from "./password-policy";

export const MAX_ALLOWED_DOMAINS = 50;

export type DomainListResult = { ok: true; domains: string[] } | { ok: false; error: string };

/** One valid allowed-domain entry as stored: lower case, punycode, `*.host` for a wildcard. */
export function normaliseDomainEntry(entry: string): string | null {
  const rule = allowedDomainError(entry) ? null : parseAllowedDomain(entry);
  return rule ? (rule.kind === "subdomains" ? `*.${rule.host}` : rule.host) : null;
}

/**
 * The allowed-domain list typed into the form: entries separated by commas or new lines, each an
 * exact host or a `*.` wildcard (server/launchers/domain.ts rules). Stored normalised (lower case,
 * punycode), without duplicates. The first bad entry is named in the error.
 */
export function parseDomainList(raw: string): DomainListResult {
  const entries = raw
    .split(/[,\r\n]+/)
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return { ok: false, error: "Enter at least one domain your site runs on, such as example.com." };
  if (entries.length > MAX_ALLOWED_DOMAINS) return { ok: false, error: `Enter at most ${MAX_ALLOWED_DOMAINS} domains.` };
  const domains: string[] = [];
  for (const entry of entries) {
    const normalised = normaliseDomainEntry(entry);
    if (!normalised) {
      const shown = entry.length > 60 ? `${entry.slice(0, 57)}…` : entry;
      return { ok: false, error: `“${shown}”: ${allowedDomainError(entry) ?? "That is not a valid host name."}` };
    }
    if (!domains.includes(normalised)) domains.push(normalised);
  }
  return { ok: true, domains };
}

const trimmed = (field: string, max: number) =>
  safeString().trim().min(1, `Enter ${field}.`).max(max, `Keep ${field} under ${max} characters.`);

export const signUpInput = z
  .object({
    businessName: trimmed("your business name", 100).refine((v) => v.length >= 2, "Enter your business name (at least 2 characters)."),
    ownerName: trimmed("your name", 100),
    email: safeString()
      .trim()
      .toLowerCase()
      .max(254, "That email address is too long.")
      .pipe(z.email("Enter a valid email address, like you@example.com.")),
    password: safeString().superRefine((p, ctx) => {
      const problem = checkPasswordPolicy(p);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    plan: z.enum(["PER_MINUTE", "PER_HIT"], "Choose a plan."),
    allowedDomains: safeString()
      .max(5000, "That list is too long.")
      .transform((raw, ctx) => {
        const parsed = parseDomainList(raw);
        if (parsed.ok) return parsed.domains;
        ctx.addIssue({ code: "custom", message: parsed.error });
        return z.NEVER;
      }),
  })
  .superRefine((v, ctx) => {
    const problem = checkPasswordPolicy(v.password, v.email);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });

export type SignUpInput = z.output<typeof signUpInput>;
export type SignUpFields = z.input<typeof signUpInput>;

// Macros (canned phrases and URLs): the input rules shared by the macros page and the server, and
// the composer's slash-menu matching.
import { z } from "zod";
// safe-string is pure (zod only) and reaches the browser through here: it is the one server/ module
// without `server-only` (docs/contributing.md). It belongs in lib/; moving it touches 37 importers.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { safeString } from "../server/api/schemas/safe-string";
import { normalizeLeadUrl } from "./urls";

export const MACRO_TITLE_MAX = 80;
export const MACRO_BODY_MAX = 2000;
const SHORTCUT = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** "/Thanks " -> "thanks"; "" -> null. */
export function normalizeShortcut(raw: string | null | undefined): string | null {
  const s = (raw ?? "").trim().replace(/^\//, "").toLowerCase();
  return s === "" ? null : s;
}

export const macroInput = z
  .object({
    kind: z.enum(["TEXT", "URL"]),
    title: safeString().trim().min(1, "Give the macro a title.").max(MACRO_TITLE_MAX, `At most ${MACRO_TITLE_MAX} characters.`),
    body: safeString().trim().min(1, "Write the text or the address.").max(MACRO_BODY_MAX, `At most ${MACRO_BODY_MAX} characters.`),
    shortcut: safeString()
      .max(40)
      .nullish()
      .transform(normalizeShortcut)
      .refine((s) => s === null || SHORTCUT.test(s), "Shortcuts are letters, digits, - or _ (up to 32), e.g. thanks."),
  })
  .transform((m, ctx) => {
    if (m.kind !== "URL") return m;
    const url = normalizeLeadUrl(m.body);
    if (!url.ok) {
      ctx.addIssue({ code: "custom", path: ["body"], message: url.error });
      return z.NEVER;
    }
    return { ...m, body: url.url };
  });

export type MacroInput = z.input<typeof macroInput>;

export type MacroItem = {
  id: string;
  kind: "TEXT" | "URL";
  title: string;
  shortcut: string | null;
  body: string;
  scope: "org" | "personal";
};

/**
 * What the composer's "/" menu shows for `query` (the text after the slash): exact shortcut first,
 * then shortcut prefixes, then title matches. A personal macro wins over an org-wide one with the
 * same shortcut.
 */
export function matchMacros(macros: MacroItem[], query: string, limit = 8): MacroItem[] {
  const q = query.trim().toLowerCase();
  const seen = new Set<string>();
  const ordered = [...macros].sort((a, b) => (a.scope === b.scope ? a.title.localeCompare(b.title) : a.scope === "personal" ? -1 : 1));
  const unique = ordered.filter((m) => !m.shortcut || (seen.has(m.shortcut) ? false : (seen.add(m.shortcut), true)));
  const rank = (m: MacroItem) => {
    if (!q) return 2;
    if (m.shortcut === q) return 0;
    if (m.shortcut?.startsWith(q)) return 1;
    if (m.title.toLowerCase().includes(q)) return 2;
    return 9;
  };
  return unique
    .map((m) => ({ m, r: rank(m) }))
    .filter((x) => x.r < 9)
    .sort((a, b) => a.r - b.r)
    .slice(0, limit)
    .map((x) => x.m);
}

// A launcher's co-browsing settings: on/off, and the extra CSS selectors masked in the visitor's
// browser. Selectors are checked here with a conservative grammar (the server has no DOM to parse
// them); the visitor's tab also refuses to share if one still fails to parse there, since an
// unparsed selector would leave its fields unmasked.
import "server-only";
import { db } from "../db";
import { AppError, notFound } from "../errors";

export const MAX_MASK_SELECTORS = 50;
export const MAX_SELECTOR_LENGTH = 200;
// Tag, #id, .class, [attr], [attr=value], combinators, :not(), commas: no comments, no at-rules,
// no backslash escapes, nothing that closes a rule.
const SELECTOR = /^[A-Za-z0-9_\-#.\[\]="'^$*~|:() >+,]+$/;

export type ParsedSelectors = { selectors: string[]; errors: { line: number; message: string }[] };

/** One selector per line; blank lines are ignored. */
export function parseMaskSelectors(text: string): ParsedSelectors {
  const selectors: string[] = [];
  const errors: ParsedSelectors["errors"] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const s = raw.trim();
    if (!s) return;
    if (s.length > MAX_SELECTOR_LENGTH) errors.push({ line: i + 1, message: `Longer than ${MAX_SELECTOR_LENGTH} characters.` });
    else if (!SELECTOR.test(s) || /[{};]/.test(s) || !balanced(s))
      errors.push({ line: i + 1, message: "Not a CSS selector this setting accepts." });
    else selectors.push(s);
  });
  if (selectors.length > MAX_MASK_SELECTORS) errors.push({ line: 0, message: `At most ${MAX_MASK_SELECTORS} selectors.` });
  return { selectors, errors };
}

function balanced(s: string): boolean {
  let paren = 0;
  let bracket = 0;
  for (const c of s) {
    if (c === "(") paren++;
    else if (c === ")") paren--;
    else if (c === "[") bracket++;
    else if (c === "]") bracket--;
    if (paren < 0 || bracket < 0) return false;
  }
  return paren === 0 && bracket === 0;
}

export type CobrowseSettings = { launcherId: string; enabled: boolean; maskSelectors: string };

export async function getCobrowseSettings(orgId: string, launcherId: string): Promise<CobrowseSettings> {
  const l = await db.launcher.findFirst({
    where: { id: launcherId, orgId },
    select: { id: true, cobrowseEnabled: true, cobrowseMaskSelectors: true },
  });
  if (!l) throw notFound("Launcher");
  return { launcherId: l.id, enabled: l.cobrowseEnabled, maskSelectors: l.cobrowseMaskSelectors };
}

/** Bad selectors are refused as a whole (nothing saved), each named by its line. */
export async function setCobrowseSettings(
  orgId: string,
  input: { launcherId: string; enabled: boolean; maskSelectors: string },
): Promise<CobrowseSettings> {
  const parsed = parseMaskSelectors(input.maskSelectors);
  if (parsed.errors.length) {
    const first = parsed.errors[0]!;
    throw new AppError("BAD_REQUEST", first.line ? `Mask selector on line ${first.line}: ${first.message}` : first.message, {
      field: "maskSelectors",
      errors: parsed.errors,
    });
  }
  const n = await db.launcher.updateMany({
    where: { id: input.launcherId, orgId },
    data: { cobrowseEnabled: input.enabled, cobrowseMaskSelectors: parsed.selectors.join("\n") },
  });
  if (n.count === 0) throw notFound("Launcher");
  return { launcherId: input.launcherId, enabled: input.enabled, maskSelectors: parsed.selectors.join("\n") };
}

// Masking in the visitor's browser (docs/cobrowse.md): what matches never leaves the page. rrweb
// masks text under `maskTextSelector` and, with maskAllInputs, asks `maskInputFn` for every input
// value (snapshot, typing, value changes), so one predicate decides both.
import { BUILTIN_MASK_SELECTORS } from "../lib/cobrowse";

/** Names that are card or bank data even without autocomplete hints. */
const SENSITIVE_NAME = /(card.?num|cc.?num|cardnumber|cvc|cvv|csc|security.?code|iban|expir)/i;
const MASKED_VALUE = "••••••";

export type Masker = {
  selector: string;
  isMasked: (el: Element | null | undefined) => boolean;
  maskInput: (text: string, el: HTMLElement | null | undefined) => string;
};

/** Null when a launcher selector does not parse here: sharing must not go on with a field unmasked. */
export function makeMasker(extra: readonly string[], doc: Document = document): Masker | null {
  for (const s of extra) {
    try {
      doc.querySelector(s);
    } catch {
      return null;
    }
  }
  const selector = [...BUILTIN_MASK_SELECTORS, ...extra, ...extra.map((s) => `${s} *`)].join(",");
  // A password field switched to type=text (a "show password" button) stays masked.
  const wasPassword = new WeakSet<Element>();
  const isMasked = (el: Element | null | undefined): boolean => {
    if (!el || typeof el.matches !== "function") return false;
    if (el instanceof HTMLInputElement && el.type === "password") wasPassword.add(el);
    if (wasPassword.has(el)) return true;
    if (el.matches(selector)) return true;
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) {
      const names = `${el.name} ${el.id} ${el.getAttribute("autocomplete") ?? ""}`;
      if (SENSITIVE_NAME.test(names)) return true;
    }
    return false;
  };
  return {
    selector,
    isMasked,
    // The same placeholder whatever the length: the length of a secret is a hint too.
    maskInput: (text, el) => (el && !isMasked(el) ? text : text ? MASKED_VALUE : ""),
  };
}

/** The rrweb record options that apply a masker (index.ts and the masking test use exactly these). */
export function maskOptions(m: Masker) {
  return { maskAllInputs: true, maskInputFn: m.maskInput, maskTextSelector: m.selector, blockClass: "rr-block" } as const;
}

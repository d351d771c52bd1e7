import { describe, expect, it } from "vitest";
import { macroInput, matchMacros, normalizeShortcut, type MacroItem } from "../../lib/macros";

const m = (id: string, title: string, shortcut: string | null, scope: MacroItem["scope"] = "org"): MacroItem => ({
  id,
  kind: "TEXT",
  title,
  shortcut,
  body: title,
  scope,
});

describe("macro input", () => {
  it("normalises shortcuts and URL bodies, and refuses what leading refuses", () => {
    expect(normalizeShortcut(" /Thanks ")).toBe("thanks");
    expect(normalizeShortcut("")).toBeNull();
    expect(macroInput.parse({ kind: "URL", title: "Pricing", body: "example.com/pricing", shortcut: "/p" })).toEqual({
      kind: "URL",
      title: "Pricing",
      body: "https://example.com/pricing",
      shortcut: "p",
    });
    expect(macroInput.safeParse({ kind: "URL", title: "x", body: "javascript:alert(1)" }).success).toBe(false);
    expect(macroInput.safeParse({ kind: "TEXT", title: "x", body: "y", shortcut: "no spaces" }).success).toBe(false);
    // A text macro keeps its text as written (even if it looks like a scheme).
    expect(macroInput.parse({ kind: "TEXT", title: "x", body: "javascript: is a language" }).body).toBe("javascript: is a language");
  });
});

describe("the composer's macro menu", () => {
  const macros = [
    m("1", "Thanks", "thanks"),
    m("2", "Thank you (mine)", "thanks", "personal"),
    m("3", "Greeting", "hi"),
    m("4", "Say thanks later", null),
    m("5", "Hold on", "th"),
  ];

  it("puts the exact shortcut first, then prefixes, then titles; personal shadows org-wide", () => {
    expect(matchMacros(macros, "th").map((x) => x.id)).toEqual(["5", "2", "4"]);
    expect(matchMacros(macros, "thanks").map((x) => x.id)).toEqual(["2", "4"]);
    expect(matchMacros(macros, "zzz")).toEqual([]);
    expect(matchMacros(macros, "").length).toBe(4);
  });
});

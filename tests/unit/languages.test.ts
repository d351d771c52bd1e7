// The reader's language from the browser (lib/languages.ts): what the viewer picks before anyone
// chooses, and how providers' tags map back to ours.
import { describe, expect, it } from "vitest";
import { DEFAULT_LANGUAGE, fromProviderLanguage, isLanguageCode, LANGUAGE_CODES, negotiateLanguage } from "../../lib/languages";

describe("negotiateLanguage", () => {
  it("takes the first preference we list, by its primary subtag", () => {
    expect(negotiateLanguage(["fr-FR", "en-US"])).toBe("fr");
    expect(negotiateLanguage(["fr-CA"])).toBe("fr");
    expect(negotiateLanguage(["pt-BR"])).toBe("pt");
    expect(negotiateLanguage(["zh-Hant-TW"])).toBe("zh");
    expect(negotiateLanguage(["DE"])).toBe("de");
    expect(negotiateLanguage(["es_419"])).toBe("es");
  });

  it("skips preferences we do not list, in order", () => {
    expect(negotiateLanguage(["gsw-CH", "he", "it"])).toBe("it");
    expect(negotiateLanguage(["x-klingon", "ja-JP", "fr"])).toBe("ja");
  });

  it("maps the Norwegian and old Indonesian tags", () => {
    expect(negotiateLanguage(["no"])).toBe("nb");
    expect(negotiateLanguage(["nn-NO"])).toBe("nb");
    expect(negotiateLanguage(["in"])).toBe("id");
  });

  it("falls back to English for nothing usable", () => {
    expect(negotiateLanguage([])).toBe(DEFAULT_LANGUAGE);
    expect(negotiateLanguage(["", "  ", null, undefined, "*"])).toBe("en");
    expect(negotiateLanguage(["tlh"])).toBe("en");
  });
});

describe("language codes", () => {
  it("are lower-case two-letter codes and nothing else", () => {
    for (const code of LANGUAGE_CODES) expect(code).toMatch(/^[a-z]{2}$/);
    expect(isLanguageCode("fr")).toBe(true);
    expect(isLanguageCode("xx")).toBe(false);
    expect(isLanguageCode("toString")).toBe(false);
    expect(isLanguageCode("FR")).toBe(false);
  });

  it("read a provider's tag back as ours", () => {
    expect(fromProviderLanguage("EN")).toBe("en");
    expect(fromProviderLanguage("EN-US")).toBe("en");
    expect(fromProviderLanguage("zh-Hans")).toBe("zh");
    expect(fromProviderLanguage("pt-BR")).toBe("pt");
    expect(fromProviderLanguage("he")).toBeNull();
    expect(fromProviderLanguage(null)).toBeNull();
    expect(fromProviderLanguage("")).toBeNull();
  });
});

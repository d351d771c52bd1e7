// Reader languages for translated chat lines (docs/translation.md), shared by server and browser.
// The list is what both providers translate into: DeepL's target languages that LibreTranslate's
// models also have. A code is ours (lower case, ISO 639-1); each provider maps it to its own.

export const LANGUAGES = {
  ar: "العربية",
  bg: "Български",
  cs: "Čeština",
  da: "Dansk",
  de: "Deutsch",
  el: "Ελληνικά",
  en: "English",
  es: "Español",
  et: "Eesti",
  fi: "Suomi",
  fr: "Français",
  hu: "Magyar",
  id: "Bahasa Indonesia",
  it: "Italiano",
  ja: "日本語",
  ko: "한국어",
  lt: "Lietuvių",
  lv: "Latviešu",
  nb: "Norsk bokmål",
  nl: "Nederlands",
  pl: "Polski",
  pt: "Português",
  ro: "Română",
  ru: "Русский",
  sk: "Slovenčina",
  sl: "Slovenščina",
  sv: "Svenska",
  tr: "Türkçe",
  uk: "Українська",
  zh: "中文",
} as const;

export type LanguageCode = keyof typeof LANGUAGES;
export const LANGUAGE_CODES = Object.keys(LANGUAGES) as LanguageCode[];
export const DEFAULT_LANGUAGE: LanguageCode = "en";

export function isLanguageCode(code: string): code is LanguageCode {
  return Object.hasOwn(LANGUAGES, code);
}

// Tags whose primary subtag is not the code we list under.
const ALIASES: Record<string, LanguageCode> = { no: "nb", nn: "nb", in: "id" };

/**
 * The reader's language from the browser's preferences (navigator.languages, most wanted first):
 * the first tag we list, by its primary subtag ("fr-CA" is French, "pt-BR" Portuguese, "no" is
 * Norwegian bokmål); none: English.
 */
export function negotiateLanguage(preferred: readonly (string | null | undefined)[]): LanguageCode {
  for (const tag of preferred) {
    if (typeof tag !== "string") continue;
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
    if (isLanguageCode(primary)) return primary;
    const alias = ALIASES[primary];
    if (alias) return alias;
  }
  return DEFAULT_LANGUAGE;
}

/** A provider's language tag ("EN-US", "pt-BR", "zh-Hans") as one of ours, or null when we list none. */
export function fromProviderLanguage(tag: string | null | undefined): LanguageCode | null {
  if (!tag) return null;
  const primary = tag.toLowerCase().split(/[-_]/)[0] ?? "";
  return isLanguageCode(primary) ? primary : null;
}

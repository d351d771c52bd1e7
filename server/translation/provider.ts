// What a translation service does for us (docs/translation.md): a batch of texts into one reader
// language, with the language each text was detected in. Two real ones: DeepL through its SDK
// (deepl.ts) and any LibreTranslate-compatible URL (libretranslate.ts).
import "server-only";
import type { LanguageCode } from "../../lib/languages";

export type Translation = {
  text: string;
  /** The text's language as the provider detected it (one of ours), null when it named none we list. */
  detectedSource: LanguageCode | null;
};

export interface TranslationProvider {
  /** For logs and docs: "deepl" or "libretranslate". */
  readonly name: string;
  /** One answer per text, in order. Throws when the provider fails; the caller degrades to originals. */
  translate(texts: readonly string[], target: LanguageCode, source?: LanguageCode): Promise<Translation[]>;
}

/** How long one provider call may take before the reader gets the originals instead. */
export const PROVIDER_TIMEOUT_MS = 8_000;

export class ProviderError extends Error {
  override name = "ProviderError";
}

// Which provider translates, from the environment (README, "Configuration"): DeepL when
// DEEPL_AUTH_KEY is set, else LibreTranslate when LIBRETRANSLATE_URL is, else none: translation is
// off, which is no error (the viewer shows no language control).
import "server-only";
import { env } from "../env";
import { deeplProvider } from "./deepl";
import { libreTranslateProvider } from "./libretranslate";
import type { TranslationProvider } from "./provider";

export type TranslationConfig = {
  DEEPL_AUTH_KEY?: string;
  DEEPL_SERVER_URL?: string;
  LIBRETRANSLATE_URL?: string;
  LIBRETRANSLATE_API_KEY?: string;
};

export function providerFromConfig(c: TranslationConfig): TranslationProvider | null {
  if (c.DEEPL_AUTH_KEY) return deeplProvider({ authKey: c.DEEPL_AUTH_KEY, serverUrl: c.DEEPL_SERVER_URL });
  if (c.LIBRETRANSLATE_URL) return libreTranslateProvider({ url: c.LIBRETRANSLATE_URL, apiKey: c.LIBRETRANSLATE_API_KEY });
  return null;
}

let configured: TranslationProvider | null | undefined;

/** The provider this process uses (built once), or null when translation is off. */
export function configuredProvider(): TranslationProvider | null {
  if (configured === undefined) {
    configured = providerFromConfig({
      DEEPL_AUTH_KEY: env.DEEPL_AUTH_KEY,
      DEEPL_SERVER_URL: env.DEEPL_SERVER_URL,
      LIBRETRANSLATE_URL: env.LIBRETRANSLATE_URL,
      LIBRETRANSLATE_API_KEY: env.LIBRETRANSLATE_API_KEY,
    });
  }
  return configured;
}

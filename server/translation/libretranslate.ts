// A LibreTranslate-compatible HTTP API (self-hosted or a service): POST {url}/translate with a JSON
// body `{ q: [...], source, target, format: "text", api_key? }`, answered by
// `{ translatedText: [...], detectedLanguage: [{ language, confidence }] }` for a list of texts.
import "server-only";
import { fromProviderLanguage, type LanguageCode } from "../../lib/languages";
import { PROVIDER_TIMEOUT_MS, ProviderError, type Translation, type TranslationProvider } from "./provider";

type Detected = { language?: unknown } | null | undefined;
type Reply = { translatedText?: unknown; detectedLanguage?: Detected | Detected[]; error?: unknown };

export function libreTranslateProvider(config: { url: string; apiKey?: string; timeoutMs?: number }): TranslationProvider {
  const endpoint = new URL("translate", config.url.endsWith("/") ? config.url : `${config.url}/`).toString();
  return {
    name: "libretranslate",
    async translate(texts: readonly string[], target: LanguageCode, source?: LanguageCode): Promise<Translation[]> {
      if (texts.length === 0) return [];
      const res = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          q: texts,
          source: source ?? "auto",
          target,
          format: "text",
          ...(config.apiKey ? { api_key: config.apiKey } : {}),
        }),
        signal: AbortSignal.timeout(config.timeoutMs ?? PROVIDER_TIMEOUT_MS),
      }).catch((e: unknown) => {
        throw new ProviderError(`LibreTranslate unreachable: ${e instanceof Error ? e.message : String(e)}`);
      });
      const body = (await res.json().catch(() => null)) as Reply | null;
      if (!res.ok || !body)
        throw new ProviderError(`LibreTranslate answered ${res.status}${typeof body?.error === "string" ? `: ${body.error}` : ""}`);
      const translated = Array.isArray(body.translatedText) ? body.translatedText : [body.translatedText];
      const detected = Array.isArray(body.detectedLanguage) ? body.detectedLanguage : [body.detectedLanguage];
      if (translated.length !== texts.length || translated.some((t) => typeof t !== "string")) {
        throw new ProviderError("LibreTranslate answered a different number of texts than it was sent.");
      }
      return translated.map((text, i) => {
        const d = detected[i]?.language;
        return { text: text as string, detectedSource: source ?? fromProviderLanguage(typeof d === "string" ? d : null) };
      });
    },
  };
}

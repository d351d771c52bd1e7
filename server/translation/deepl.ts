// DeepL through its own SDK, deepl-node (kept by DeepL: retries with back-off, error types, the
// free/pro endpoint from the key). `serverUrl` points it elsewhere (a proxy, the tests' fake server).
import "server-only";
import { Translator, type TargetLanguageCode } from "deepl-node";
import { fromProviderLanguage, type LanguageCode } from "../../lib/languages";
import { PROVIDER_TIMEOUT_MS, ProviderError, type Translation, type TranslationProvider } from "./provider";

/** DeepL wants a regional English and Portuguese as the target; the rest are ours as they are. */
const TARGETS: Partial<Record<LanguageCode, TargetLanguageCode>> = { en: "en-US", pt: "pt-PT", zh: "zh-HANS" };

export function deeplProvider(config: { authKey: string; serverUrl?: string; timeoutMs?: number }): TranslationProvider {
  const translator = new Translator(config.authKey, {
    ...(config.serverUrl ? { serverUrl: config.serverUrl } : {}),
    // A reader waits for this: with deepl-node 1.28's loop, maxRetries 1 is one attempt and no
    // back-off sleep; a failure shows the originals (server/translation/lines.ts) and the next read asks again.
    maxRetries: 1,
    minTimeout: config.timeoutMs ?? PROVIDER_TIMEOUT_MS,
    sendPlatformInfo: false,
    appInfo: { appName: "iSession", appVersion: "1" },
  });
  return {
    name: "deepl",
    async translate(texts: readonly string[], target: LanguageCode, source?: LanguageCode): Promise<Translation[]> {
      if (texts.length === 0) return [];
      const results = await translator
        .translateText([...texts], source ?? null, TARGETS[target] ?? (target as TargetLanguageCode))
        .catch((e: unknown) => {
          throw new ProviderError(`DeepL failed: ${e instanceof Error ? e.message : String(e)}`);
        });
      if (results.length !== texts.length) throw new ProviderError("DeepL answered a different number of texts than it was sent.");
      return results.map((r) => ({ text: r.text, detectedSource: fromProviderLanguage(r.detectedSourceLang) }));
    },
  };
}

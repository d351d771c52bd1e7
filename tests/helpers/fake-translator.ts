// A local HTTP server standing in for DeepL's API and for a LibreTranslate instance: neither can be
// reached from here (and tests must not send lines to a real service), so the REAL clients are
// pointed at it: deepl-node through its `serverUrl`, ours through LIBRETRANSLATE_URL. It answers
// only what those clients call, DeepL's POST /v2/translate (form-encoded `text` repeated,
// `target_lang`, `source_lang`; `DeepL-Auth-Key` header) and LibreTranslate's POST /translate
// (JSON `q`, `source`, `target`, `api_key`), and counts every text it was asked to translate.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeTranslator = {
  url: string;
  /** Requests answered, per path. */
  calls: { path: string; texts: string[]; target: string; auth: string | null }[];
  /** How many times `text` was sent for translation (over all requests and both APIs). */
  timesAsked(text: string): number;
  /** While set, every request answers HTTP 503. */
  down: boolean;
  close(): Promise<void>;
};

// Phrases the fake "knows"; anything else comes back tagged with the target language.
const PHRASES: Record<string, Record<string, string>> = {
  "Hello, how can I help you?": { fr: "Bonjour, comment puis-je vous aider ?", de: "Hallo, wie kann ich Ihnen helfen?" },
  "Bonjour, ma commande est en retard.": { en: "Hello, my order is late." },
};

/** The fake's language detection: French for a few French words, English otherwise. */
export function fakeDetect(text: string): string {
  return /\b(bonjour|merci|ma|est|je)\b/i.test(text) ? "fr" : "en";
}

export function fakeTranslate(text: string, target: string): string {
  const t = target.toLowerCase().split("-")[0]!;
  if (fakeDetect(text) === t) return text;
  return PHRASES[text]?.[t] ?? `[${t}] ${text}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (data += c));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

export async function startFakeTranslator(): Promise<FakeTranslator> {
  const calls: FakeTranslator["calls"] = [];
  const fake = {
    url: "",
    calls,
    down: false,
    timesAsked: (text: string) => calls.reduce((n, c) => n + c.texts.filter((t) => t === text).length, 0),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(json));
      };
      if (fake.down) return send(503, { message: "Service unavailable (the test turned it off)" });
      if (req.method === "POST" && path === "/v2/translate") {
        const auth = req.headers.authorization ?? null;
        if (!auth?.startsWith("DeepL-Auth-Key ")) return send(403, { message: "Authorization failed" });
        const form = new URLSearchParams(body);
        const texts = form.getAll("text");
        const target = form.get("target_lang") ?? "";
        calls.push({ path, texts, target, auth });
        return send(200, {
          translations: texts.map((t) => ({
            detected_source_language: (form.get("source_lang") ?? fakeDetect(t)).toUpperCase(),
            text: fakeTranslate(t, target),
          })),
        });
      }
      if (req.method === "POST" && path === "/translate") {
        const json = JSON.parse(body) as { q: string | string[]; source: string; target: string; api_key?: string };
        const texts = Array.isArray(json.q) ? json.q : [json.q];
        calls.push({ path, texts, target: json.target, auth: json.api_key ?? null });
        const detected = texts.map((t) => ({ confidence: 90, language: json.source === "auto" ? fakeDetect(t) : json.source }));
        return Array.isArray(json.q)
          ? send(200, { translatedText: texts.map((t) => fakeTranslate(t, json.target)), detectedLanguage: detected })
          : send(200, { translatedText: fakeTranslate(texts[0]!, json.target), detectedLanguage: detected[0] });
      }
      send(404, { error: "Not found" });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

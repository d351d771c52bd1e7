// Reading a public API request: the bearer key (and only there), the query string and the JSON
// body, each refused with the API's error shape before any domain code runs.
import "server-only";
import type { z } from "zod";
import { API_KEY_PREFIX } from "../api-keys/manage";
import { ApiError, issueSentence } from "./errors";

/** Bodies larger than this are refused with 413 (the largest body the API takes is a visitor's notes). */
export const MAX_BODY_BYTES = 64 * 1024;

const WHERE_THE_KEY_GOES = `Send the API key in the Authorization header: \`Authorization: Bearer ${API_KEY_PREFIX}...\`.`;
/** Headers and query parameters other APIs use for keys: a key sent there is refused with a pointer to the right place. */
const KEY_HEADERS = ["x-api-key", "api-key", "x-auth-token", "x-access-token"];
const KEY_PARAMS = ["api_key", "apikey", "apiKey", "key", "access_token", "token"];

/** The bearer key of the request; UNAUTHORIZED, saying where the key goes, for anything else. */
export function bearerKey(req: Request, url: URL): string {
  // A key in the URL ends up in logs and browser history: refused even next to a good header.
  const inQuery = KEY_PARAMS.find((p) => url.searchParams.has(p));
  if (inQuery) throw new ApiError("UNAUTHORIZED", `API keys are not accepted in the query string (\`${inQuery}\`). ${WHERE_THE_KEY_GOES}`);
  const auth = req.headers.get("authorization");
  if (!auth) {
    const wrong = KEY_HEADERS.find((h) => req.headers.has(h));
    if (wrong) throw new ApiError("UNAUTHORIZED", `API keys are not accepted in the \`${wrong}\` header. ${WHERE_THE_KEY_GOES}`);
    throw new ApiError("UNAUTHORIZED", `No API key was sent. ${WHERE_THE_KEY_GOES}`);
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  if (!m) throw new ApiError("UNAUTHORIZED", `The Authorization header must use the Bearer scheme. ${WHERE_THE_KEY_GOES}`);
  return m[1]!;
}

/** The query string as an object for `schema` (a strict object): a repeated or unknown parameter is BAD_REQUEST. */
export function parseQuery<S extends z.ZodType>(schema: S, url: URL): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    if (k in raw) throw new ApiError("BAD_REQUEST", `The query parameter \`${k}\` is given more than once.`);
    raw[k] = v;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ApiError("BAD_REQUEST", issueSentence(parsed.error, "query"));
  return parsed.data;
}

export function parsePath<S extends z.ZodType>(schema: S, params: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(params);
  // An id that cannot name anything names nothing of this org either.
  if (!parsed.success) throw new ApiError("NOT_FOUND", "Nothing with this id exists in your organization.");
  return parsed.data;
}

async function readLimited(req: Request, limit: number): Promise<Uint8Array | null> {
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * The JSON body for `schema` (strict objects: an unknown field is BAD_REQUEST): 415 unless it is
 * `application/json`, 413 over MAX_BODY_BYTES (by Content-Length or by the bytes read), 400 for
 * text that is not UTF-8 JSON or fails the schema.
 */
export async function parseJsonBody<S extends z.ZodType>(schema: S, req: Request): Promise<z.output<S>> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Send the body as JSON with \`Content-Type: application/json\`${type ? ` (not \`${type}\`)` : ""}.`,
    );
  }
  const tooLarge = new ApiError("PAYLOAD_TOO_LARGE", `The body is larger than ${MAX_BODY_BYTES / 1024} KB.`, {
    Connection: "close",
  });
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge;
  const bytes = await readLimited(req, MAX_BODY_BYTES);
  if (!bytes) throw tooLarge;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    const why = e instanceof SyntaxError ? e.message : "it is not UTF-8 text";
    throw new ApiError("BAD_REQUEST", `The body is not valid JSON: ${why}.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError("BAD_REQUEST", issueSentence(parsed.error, "body"));
  return parsed.data;
}

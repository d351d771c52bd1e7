// /embed.js: embed/embed.ts compiled and minified by esbuild (a dependency of tsx) the first time it
// is asked for, then kept in memory. No build step and no generated file to forget.
import "server-only";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";

export const EMBED_SOURCE = path.join(process.cwd(), "embed", "embed.ts");
/** The gzipped size the script must stay under (tests/unit/embed-size.test.ts, bench/embed-size). */
export const EMBED_BUDGET_GZIP_BYTES = 7168;

export type EmbedScript = { code: string; etag: string };

let built: Promise<EmbedScript> | undefined;

export async function compileEmbed(source?: string): Promise<EmbedScript> {
  const { transform } = await import("esbuild");
  const ts = source ?? (await readFile(EMBED_SOURCE, "utf8"));
  const { code } = await transform(ts, { loader: "ts", minify: true, target: "es2018", legalComments: "none", charset: "utf8" });
  return { code, etag: `"${createHash("sha256").update(code).digest("base64url").slice(0, 22)}"` };
}

export function embedScript(): Promise<EmbedScript> {
  built ??= compileEmbed().catch((e: unknown) => {
    built = undefined;
    throw e;
  });
  return built;
}

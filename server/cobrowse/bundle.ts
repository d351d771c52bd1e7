// /cobrowse.js: the visitor-side co-browse bundle (cobrowse/, with @rrweb/record), bundled and
// minified by esbuild the first time it is asked for, then kept in memory, like /embed.js
// (server/embed/script.ts). Built at first request rather than at build time so that there is one
// way to ship both scripts and no generated file to forget. A `cobrowse/forms.ts`, when present,
// is bundled in too (it registers itself through cobrowse/core.ts).
import "server-only";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";

export const COBROWSE_DIR = path.join(process.cwd(), "cobrowse");

export type CobrowseBundle = { code: string; etag: string };

let built: Promise<CobrowseBundle> | undefined;

export async function compileCobrowse(): Promise<CobrowseBundle> {
  const { build } = await import("esbuild");
  const extras = ["forms.ts"].filter((f) => existsSync(path.join(COBROWSE_DIR, f)));
  const entry = [...extras.map((f) => `import "./${f.replace(/\.ts$/, "")}";`), 'import "./index";'].join("\n");
  const out = await build({
    stdin: { contents: entry, resolveDir: COBROWSE_DIR, loader: "ts", sourcefile: "cobrowse-entry.ts" },
    bundle: true,
    write: false,
    minify: true,
    format: "iife",
    target: "es2019",
    legalComments: "none",
    charset: "utf8",
    platform: "browser",
    logLevel: "silent",
  });
  const code = out.outputFiles[0]!.text;
  return { code, etag: `"${createHash("sha256").update(code).digest("base64url").slice(0, 22)}"` };
}

export function cobrowseBundle(): Promise<CobrowseBundle> {
  built ??= compileCobrowse().catch((e: unknown) => {
    built = undefined;
    throw e;
  });
  return built;
}

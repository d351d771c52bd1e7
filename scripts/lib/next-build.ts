// Is the production build in a dist folder current? scripts/start.ts and bench/chat build only when not.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

/** True when `distDir` holds a build newer than every source file. */
export function buildIsCurrent(distDir: string): boolean {
  const buildId = path.join(distDir, "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const builtAt = statSync(buildId).mtimeMs;
  // A directory's own mtime changes when a file in it is added or deleted: deletions count too.
  const newer = (p: string): boolean => {
    const s = statSync(p);
    if (s.mtimeMs > builtAt) return true;
    return s.isDirectory() && readdirSync(p).some((f) => f !== "generated" && newer(path.join(p, f)));
  };
  const sources = [
    "app",
    "components",
    "lib",
    "server",
    "public",
    "package.json",
    "next.config.ts",
    "postcss.config.mjs",
    "tsconfig.app.json",
  ];
  return !sources.map((s) => path.join(ROOT, s)).some((p) => existsSync(p) && newer(p));
}

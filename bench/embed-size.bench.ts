// The embed script's weight on a client's page: raw, minified and gzipped bytes of what /embed.js
// serves, as ratios against the 7 KB gzipped budget and against the unminified source gzipped
// (both measured in this run). Size, not time: the same on every machine.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { compileCobrowse } from "../server/cobrowse/bundle";
import { compileEmbed, EMBED_BUDGET_GZIP_BYTES, EMBED_SOURCE } from "../server/embed/script";

const source = readFileSync(EMBED_SOURCE, "utf8");
const { code } = await compileEmbed(source);
const gz = gzipSync(code, { level: 9 }).length;
const sourceGz = gzipSync(source, { level: 9 }).length;

console.log(`embed.js source:   ${source.length} bytes (${sourceGz} gzipped)`);
console.log(`embed.js served:   ${code.length} bytes minified, ${gz} bytes gzipped`);
console.log(`ratio vs budget:   ${(gz / EMBED_BUDGET_GZIP_BYTES).toFixed(3)} of ${EMBED_BUDGET_GZIP_BYTES} bytes gzipped`);
console.log(`ratio vs source:   ${(gz / sourceGz).toFixed(3)} (served gzipped / source gzipped)`);
// The co-browse bundle (docs/cobrowse.md) is loaded only in a tab that paired for sharing, never
// by the loader above; printed so that its weight is watched too.
const cob = await compileCobrowse();
const cobGz = gzipSync(cob.code, { level: 9 }).length;
console.log(
  `cobrowse.js:       ${cob.code.length} bytes minified, ${cobGz} bytes gzipped (${(cobGz / gz).toFixed(1)}x the loader; loaded on consent only)`,
);
if (gz >= EMBED_BUDGET_GZIP_BYTES) {
  console.error("over budget");
  process.exit(1);
}

// Masking happens in the visitor's browser: in real Chromium, rrweb records a page with the exact
// options the co-browse bundle uses (cobrowse/mask.ts), the test types into every kind of field,
// and no masked text may appear anywhere in the produced events, while plain text must (so the
// recording itself is proven to work). Skips without Chromium, like the e2e tests.
import { existsSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const have = existsSync(CHROMIUM);

const SECRETS = [
  "Hunter2Secret",
  "4111111111111111",
  "5500005555555559",
  "078-05-1120",
  "LaterSecret42",
  "ACC-99887766",
  "ShownSecret77",
  "NoteSecret55",
  "PresetSecret88",
  "NestedSecret31",
];

const PAGE = `<!doctype html><html><body>
<h1>Welcome visible text</h1>
<label>Name <input id="plain" name="first"></label>
<label>Password <input id="pw" type="password"></label>
<label>Card <input id="cc" autocomplete="cc-number"></label>
<label>Card (no hint) <input id="cardnumber" name="cardnumber"></label>
<div id="masked" data-isession-mask>SSN 078-05-1120 <span>NestedSecret31</span></div>
<p class="account-no">ACC-99887766</p>
<textarea id="note" data-isession-mask></textarea>
<input id="preset" data-isession-mask value="PresetSecret88">
</body></html>`;

let browser: Browser | undefined;
let harness = "";

beforeAll(async () => {
  if (!have) return;
  const { build } = await import("esbuild");
  const out = await build({
    stdin: {
      contents: `import { record } from "@rrweb/record";
        import { makeMasker, maskOptions } from "./mask";
        const events = [];
        window.__events = events;
        window.__masker = (extra) => makeMasker(extra) !== null;
        window.__start = (extra) => record({ emit: (e) => events.push(e), ...maskOptions(makeMasker(extra)) });`,
      resolveDir: path.resolve(import.meta.dirname, "../../cobrowse"),
      loader: "ts",
    },
    bundle: true,
    write: false,
    format: "iife",
    logLevel: "silent",
  });
  harness = out.outputFiles[0]!.text;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function recordedPage(): Promise<Page> {
  const page = await browser!.newPage();
  await page.setContent(PAGE);
  await page.addScriptTag({ content: harness });
  await page.evaluate(() => (window as unknown as { __start: (x: string[]) => void }).__start([".account-no"]));
  return page;
}

describe.skipIf(!have)("co-browse masking in the visitor's browser", { timeout: 60_000 }, () => {
  it("keeps passwords, card numbers, marked fields and the launcher's selectors out of every event", async () => {
    const page = await recordedPage();
    await page.type("#plain", "PlainVisible123");
    await page.type("#pw", "Hunter2Secret");
    await page.type("#cc", "4111111111111111");
    await page.type("#cardnumber", "5500005555555559");
    await page.type("#note", "NoteSecret55");
    // Text added later inside a masked element, and a password field switched to plain text.
    await page.evaluate(() => {
      const s = document.createElement("b");
      s.textContent = "LaterSecret42";
      document.getElementById("masked")!.appendChild(s);
      (document.getElementById("pw") as HTMLInputElement).type = "text";
    });
    await page.type("#pw", "ShownSecret77");
    await page.waitForTimeout(400);
    const json = await page.evaluate(() => JSON.stringify((window as unknown as { __events: unknown[] }).__events));
    await page.close();

    // The recording works: plain text and plain typing are there.
    expect(json).toContain("Welcome visible text");
    expect(json).toContain("PlainVisible123");
    for (const secret of SECRETS) expect(json, secret).not.toContain(secret);
    // Nor any recognisable piece of a card number.
    expect(json).not.toMatch(/4111\d{4}/);
  });

  it("refuses a launcher selector this browser cannot parse (sharing would leave its fields unmasked)", async () => {
    const page = await browser!.newPage();
    await page.setContent(PAGE);
    await page.addScriptTag({ content: harness });
    const ok = await page.evaluate(() => {
      const m = (window as unknown as { __masker: (x: string[]) => boolean }).__masker;
      return [m([".account-no"]), m(["div[["])];
    });
    await page.close();
    expect(ok).toEqual([true, false]);
  });
});

// The visitor's side of forms filled together (cobrowse/forms.ts) in a real DOM: Chromium through
// playwright-core on a static page, the module bundled with esbuild as the co-browse bundle is. No
// app, no database: what the visitor's tab does with a proposal, what it sends and what it reports.
// Skipped (with a message) where Chromium is absent, like the e2e tests.
import { existsSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, launchBrowser } from "../e2e/browser";

const ROOT = path.resolve(import.meta.dirname, "../..");
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`[cobrowse-forms-dom] SKIPPED: Chromium not found at ${CHROMIUM_PATH}.`);

// The page's own form (as the client site fixture has it), each field numbered as rrweb's mirror would.
const PAGE = `<!doctype html><html lang="en"><body>
<form>
  <label for="city">City</label><input id="city" name="city" data-n="1">
  <label for="email">Email</label><input id="email" type="email" name="email" data-n="2">
  <label for="password">Password</label><input id="password" type="password" name="password" data-n="3">
  <label for="card">Card number</label><input id="card" autocomplete="cc-number" data-n="4">
  <label for="member">Membership number</label><input id="member" data-isession-mask data-n="5">
  <label for="country">Country</label><select id="country" data-n="6"><option value="">Choose</option><option value="NO">Norway</option></select>
  <textarea aria-label="Delivery notes" data-n="7"></textarea>
  <input type="checkbox" id="gift" data-n="8"><label for="gift">Gift</label>
  <input id="pw-by-rule" class="secret" data-n="9" aria-label="Secret by the launcher's rule">
</form></body></html>`;

// In the page: the controller with a host that records what it sends and reports.
const ENTRY = `
import { createFormsController } from "./cobrowse/forms";
import { BUILTIN_MASK_SELECTORS } from "./lib/cobrowse";
const selectors = [...BUILTIN_MASK_SELECTORS, ".secret"].join(",");
const w = window;
w.sent = []; w.reports = []; w.events = [];
for (const type of ["input", "change"]) document.addEventListener(type, (e) => w.events.push(type + ":" + e.target.id), true);
w.forms = createFormsController({
  nodeOf: (id) => document.querySelector('[data-n="' + id + '"]'),
  isMasked: (el) => el.matches(selectors),
  send: (m) => w.sent.push(m),
  report: (r) => w.reports.push(r),
});
`;

let bundle = "";
let browser: Browser;
let page: Page;
let ctx: BrowserContext;

type Sent = { t: string; proposalId: string; accepted: boolean; reason?: string };
const sent = () => page.evaluate(() => (window as unknown as { sent: Sent[] }).sent);
const reports = () => page.evaluate(() => (window as unknown as { reports: Record<string, unknown>[] }).reports);
const propose = (proposalId: string, nodeId: number, value: string) =>
  page.evaluate(
    ([proposalId, nodeId, value]) =>
      (window as unknown as { forms: { onPropose: (m: unknown) => void } }).forms.onPropose({
        t: "form.propose",
        proposalId,
        nodeId,
        value,
        by: "Ada Agent",
      }),
    [proposalId, nodeId, value] as const,
  );
/** The card's buttons live in a shadow root: playwright's locators pierce open shadow roots. */
const card = () => page.locator("[data-isession-ui=forms]");

describe.skipIf(!hasChromium)("cobrowse/forms.ts in the visitor's tab", () => {
  beforeAll(async () => {
    const out = await build({
      stdin: { contents: ENTRY, resolveDir: ROOT, loader: "ts" },
      bundle: true,
      write: false,
      format: "iife",
      target: "es2022",
    });
    bundle = out.outputFiles[0]!.text;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    ctx = await browser.newContext({ viewport: { width: 900, height: 700 } });
    page = await ctx.newPage();
    await page.setContent(PAGE);
    await page.addScriptTag({ content: bundle });
  });
  afterEach(async () => {
    await ctx?.close();
  });

  it("shows a proposal on a card and applies it on Accept as typing would (input and change), then answers and reports it", async () => {
    await propose("p-city-0001", 1, "Tromsø");
    await card().getByText("Ada Agent suggests a value").waitFor();
    await card().getByText("Tromsø", { exact: true }).waitFor();
    expect(await page.inputValue("#city")).toBe("");
    await card().getByRole("button", { name: "Accept City: Tromsø" }).click();
    expect(await page.inputValue("#city")).toBe("Tromsø");
    expect(await page.evaluate(() => (window as unknown as { events: string[] }).events)).toEqual(["input:city", "change:city"]);
    expect(await sent()).toEqual([{ t: "form.answer", proposalId: "p-city-0001", accepted: true }]);
    expect(await reports()).toEqual([{ kind: "answer", proposalId: "p-city-0001", accepted: true }]);
    // Nothing left to decide: the card is gone. The applied value was not reported as the visitor's own fill.
    expect(await card().count()).toBe(0);
  });

  it("declines without touching the field", async () => {
    await propose("p-email-0001", 2, "grace@example.test");
    await card().getByRole("button", { name: "Decline Email" }).click();
    expect(await page.inputValue("#email")).toBe("");
    expect(await sent()).toEqual([{ t: "form.answer", proposalId: "p-email-0001", accepted: false, reason: "declined" }]);
    expect(await card().count()).toBe(0);
  });

  it("refuses proposals into masked fields at once, without a card: password, payment card, data-isession-mask, the launcher's selector", async () => {
    await propose("p-mask-0003", 3, "hunter2");
    await propose("p-mask-0004", 4, "4111111111111111");
    await propose("p-mask-0005", 5, "M-777");
    await propose("p-mask-0009", 9, "by-rule");
    expect(await sent()).toEqual(
      ["p-mask-0003", "p-mask-0004", "p-mask-0005", "p-mask-0009"].map((proposalId) => ({
        t: "form.answer",
        proposalId,
        accepted: false,
        reason: "masked",
      })),
    );
    expect(await card().count()).toBe(0);
    for (const id of ["#password", "#card", "#member", "#pw-by-rule"]) expect(await page.inputValue(id)).toBe("");
  });

  it("answers 'gone' for a node that is not a fillable field, and for a select without that option", async () => {
    await propose("p-none-0001", 999, "x");
    await propose("p-box-00008", 8, "on");
    await propose("p-ctry-0006", 6, "Atlantis");
    await card()
      .getByRole("button", { name: /Accept Country/ })
      .click();
    expect(await sent()).toEqual([
      { t: "form.answer", proposalId: "p-none-0001", accepted: false, reason: "gone" },
      { t: "form.answer", proposalId: "p-box-00008", accepted: false, reason: "gone" },
      { t: "form.answer", proposalId: "p-ctry-0006", accepted: false, reason: "gone" },
    ]);
  });

  it("accepts all waiting proposals at once, and answers each once (a repeated proposal is ignored)", async () => {
    await propose("p-all-00001", 1, "Bergen");
    await propose("p-all-00006", 6, "NO");
    await propose("p-all-00007", 7, "Leave it by the door,\nplease");
    await propose("p-all-00001", 1, "Bergen");
    await card().getByText("Ada Agent suggests 3 values").waitFor();
    await card().getByRole("button", { name: "Accept all 3 suggested values" }).click();
    expect(await page.inputValue("#city")).toBe("Bergen");
    expect(await page.inputValue("#country")).toBe("NO");
    expect(await page.inputValue("[data-n='7']")).toBe("Leave it by the door,\nplease");
    expect((await sent()).map((m) => [m.proposalId, m.accepted])).toEqual([
      ["p-all-00001", true],
      ["p-all-00006", true],
      ["p-all-00007", true],
    ]);
  });

  it("is usable from the keyboard, without taking the focus from the page", async () => {
    await page.focus("#email");
    await propose("p-kbd-00001", 1, "Oslo");
    await card().getByText("Oslo", { exact: true }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("email");
    await card().getByRole("button", { name: "Accept City: Oslo" }).focus();
    await page.keyboard.press("Enter");
    expect(await page.inputValue("#city")).toBe("Oslo");
  });

  it("reports the visitor's own fills: a plain field with its value, a masked one without it (never read)", async () => {
    await page.fill("#city", "Narvik");
    await page.fill("#password", "correct horse battery staple");
    await page.fill("#card", "4242424242424242");
    await page.focus("#email");
    const r = await reports();
    expect(r).toEqual([
      {
        kind: "fill",
        clientEventId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) as unknown,
        field: "City",
        masked: false,
        value: "Narvik",
      },
      { kind: "fill", clientEventId: expect.any(String) as unknown, field: "Password", masked: true },
      { kind: "fill", clientEventId: expect.any(String) as unknown, field: "Card number", masked: true },
    ]);
    expect(JSON.stringify(r)).not.toContain("correct horse");
    expect(JSON.stringify(r)).not.toContain("4242");
  });

  it("declines what still waits when sharing stops, and reports no more fills", async () => {
    await propose("p-stop-0001", 1, "Oslo");
    await card().getByText("Oslo", { exact: true }).waitFor();
    await page.evaluate(() => (window as unknown as { forms: { destroy: () => void } }).forms.destroy());
    expect(await card().count()).toBe(0);
    expect(await sent()).toEqual([{ t: "form.answer", proposalId: "p-stop-0001", accepted: false, reason: "declined" }]);
    await page.fill("#city", "Bodø");
    await page.focus("#email");
    expect(await reports()).toEqual([{ kind: "answer", proposalId: "p-stop-0001", accepted: false, reason: "declined" }]);
  });
});

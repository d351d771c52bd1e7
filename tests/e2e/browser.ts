// Real Chromium through playwright-core (Debian's /usr/bin/chromium; never a downloaded browser).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, "../../test-results/e2e");

/**
 * Turns every Content-Security-Policy violation into an uncaught page error, so each test's
 * `pageerror` listener (and `expect(errors).toEqual([])`) fails on a page our CSP breaks.
 */
const FAIL_ON_CSP_VIOLATION = `document.addEventListener("securitypolicyviolation", (e) => {
  const what = "CSP violation on " + location.pathname + ": " + e.violatedDirective + " blocked " + (e.blockedURI || "inline code");
  setTimeout(() => { throw new Error(what); });
});`;

export async function launchBrowser(): Promise<Browser> {
  const browser = await launchChromium();
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const ctx = await newContext(options);
    await ctx.addInitScript(FAIL_ON_CSP_VIOLATION);
    return ctx;
  };
  return browser;
}

function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A page in a new context of `width` × `height`, kept in `contexts` (to close) and reporting uncaught errors into `errors`. */
export async function openPage(
  browser: Browser,
  sink: { contexts: BrowserContext[]; errors: string[] },
  width: number,
  height: number,
): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height } });
  sink.contexts.push(ctx);
  const page = await ctx.newPage();
  page.on("pageerror", (e) => sink.errors.push(e.message));
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

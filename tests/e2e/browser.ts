// Real Chromium through playwright-core (Debian's packages; never a downloaded browser).
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/**
 * Which Chromium drives the tests: `E2E_CHROMIUM` when set, else Debian's headless shell
 * (package chromium-headless-shell) when installed, else Debian's full Chromium (package chromium).
 * The headless shell is the same Blink and V8 without the desktop browser around them, and what
 * Playwright Test itself runs for headless tests. On the 2-core CI machine it let two files run at
 * once where the full browser could not: the whole e2e suite in 347 s against 467 s one file at a
 * time (docs/testing.md).
 */
export const CHROMIUM_PATH =
  process.env.E2E_CHROMIUM || ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((p) => existsSync(p)) || "/usr/bin/chromium";
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, "../../test-results/e2e");

/**
 * Turns every Content-Security-Policy violation into an uncaught page error, so each test's
 * `pageerror` listener (and `expect(errors).toEqual([])`) fails on a page our CSP breaks.
 */
const FAIL_ON_CSP_VIOLATION = `document.addEventListener("securitypolicyviolation", (e) => {
  const what = "CSP violation on " + location.pathname + ": " + e.violatedDirective + " blocked " + (e.blockedURI || "inline code");
  setTimeout(() => { throw new Error(what); });
});`;

// One Chromium per test worker, shared by the files it runs (the e2e project runs without module
// isolation, so this module lives from one file to the next): launching it for every file cost the
// suite seconds each time. Files stay apart as Playwright Test keeps tests apart, by browser
// context (own cookies, storage and cache): a file's `close()` closes the contexts it opened and
// leaves the browser to the next file. A crashed browser is launched again for the next file.
let shared: Promise<Browser> | null = null;

function sharedChromium(): Promise<Browser> {
  shared ??= launchChromium().then(
    (b) => {
      b.on("disconnected", () => (shared = null));
      return b;
    },
    (e: unknown) => {
      shared = null;
      throw e;
    },
  );
  return shared;
}

/** The worker's Chromium as one file sees it: its own contexts, closed by its `close()`. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await sharedChromium();
  const mine = new Set<BrowserContext>();
  const newContext: Browser["newContext"] = async (options) => {
    const ctx = await browser.newContext(options);
    mine.add(ctx);
    ctx.on("close", () => mine.delete(ctx));
    await ctx.addInitScript(FAIL_ON_CSP_VIOLATION);
    return ctx;
  };
  const close: Browser["close"] = async () => {
    await Promise.all([...mine].map((ctx) => ctx.close().catch(() => undefined)));
  };
  return new Proxy(browser, {
    get(target, prop) {
      if (prop === "newContext") return newContext;
      if (prop === "close") return close;
      if (prop === "newPage") throw new Error("Use newContext(), then newPage(): the browser is shared, its contexts are not.");
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      // One renderer for a page and its cross-site frames (the leading and co-browse iframes), and at
      // most four renderers in all: on the 2-core CI machine Chromium's processes are a good part of
      // the suite's CPU, and these took 6-9 % off a five-file run (docs/testing.md). The pages'
      // own defences (CSP, iframe sandbox) do not depend on the process model.
      "--disable-site-isolation-trials",
      "--disable-features=IsolateOrigins,site-per-process",
      "--renderer-process-limit=4",
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

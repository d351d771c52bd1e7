// The visitor's front door in Chromium against the real app: a link on an unlisted site is refused,
// a link on an allowed site leads to the pre-chat form and into the queue, and the waiting page
// offers its choices (schedule later, leave), with and without JavaScript. Client sites are tiny
// HTTP servers on loopback addresses: 127.0.0.1 is one of the allowed domains of the
// file's own org (tests/e2e/tenant.ts), 127.0.0.2 is not.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

type Site = { url: string; close: () => Promise<void> };

/** A client's page with a plain link to the launcher. */
async function clientSite(host: string, title: string, launcherKey: string): Promise<Site> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      `<!doctype html><title>${title}</title><h1>${title}</h1><a id="live-help" href="${appUrl}/l/${launcherKey}">Talk to us live</a>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://${host}:${port}/pricing`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Screenshots at desktop and phone width. */
async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe.skipIf(!appUrl)("the visitor's front door in Chromium", () => {
  let t: Tenant;
  let browser: Browser;
  let allowed: Site;
  let unlisted: Site;
  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Front Door Co" });
    browser = await launchBrowser();
    allowed = await clientSite("127.0.0.1", "Allowed shop", t.launcherKey);
    unlisted = await clientSite("127.0.0.2", "Unlisted shop", t.launcherKey);
  });
  afterAll(async () => {
    await browser?.close();
    await allowed?.close();
    await unlisted?.close();
  });

  it("refuses a visitor sent by a site that isn't on the allowed list", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(unlisted.url);
    await page.click("#live-help");
    await page.waitForURL(`${appUrl}/l/${t.launcherKey}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("This site is not an authorized iSession client");
    const text = await page.textContent("main");
    expect(text).toContain("127.0.0.2");
    expect(text).toContain("You have not been queued");
    expect(await page.locator("form").count()).toBe(0);
    await shoot(page, "entry-refused");
    await context.close();
  });

  it("takes a visitor from an allowed site through the pre-chat form into the queue, then schedules a later session", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(allowed.url);
    await page.click("#live-help");
    await page.waitForURL(`${appUrl}/l/${t.launcherKey}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Talk to us live");
    await shoot(page, "entry-form");

    // Nothing typed: a clear error on the name field, which takes the focus.
    await page.getByRole("button", { name: "Join the queue" }).click();
    const name = page.getByLabel("Your name");
    await expect.poll(() => name.getAttribute("aria-invalid")).toBe("true");
    expect(await page.textContent("form")).toContain("Please tell us your name.");
    expect(await name.evaluate((el) => el === document.activeElement)).toBe(true);
    await shoot(page, "entry-form-errors");

    await name.fill("Ada Visitor");
    await page.getByLabel("How can we help you today?").fill("Where is my order?");
    await page.getByRole("button", { name: "Join the queue" }).click();
    await page.waitForURL(new RegExp(`/l/${t.launcherKey}/wait/[^/]+$`));
    const heading = page.getByRole("heading", { level: 1 });
    await expect.poll(() => heading.textContent()).toMatch(/^You're (next|number \d+) in line\.$/);
    // Nobody is on duty in the org, so the estimate says so honestly.
    expect(await page.textContent("main")).toContain("No one is available right now");
    // Realtime takes over from polling once the queue channel is subscribed.
    await expect.poll(() => page.getByTestId("live-state").textContent(), { timeout: 20_000 }).toBe("Live updates");
    await expect.poll(() => page.title()).toMatch(new RegExp(`^\\(\\d+\\) Waiting for ${t.orgName}$`));
    await shoot(page, "entry-waiting");

    await page.getByRole("link", { name: /Schedule for later/ }).click();
    await page.waitForURL(/\/schedule$/);
    await page.getByLabel("Your email").fill("ada@example.test");
    await shoot(page, "entry-schedule");
    await page.getByRole("button", { name: "Book this time" }).click();
    await page.waitForURL(new RegExp(`/l/${t.launcherKey}/wait/[^/]+$`));
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("You're booked");
    expect(await page.textContent("main")).toContain("ada@example.test");
    await shoot(page, "entry-booked");

    // Back later: the same browser is recognised and its name prefilled.
    await page.goto(allowed.url);
    await page.click("#live-help");
    await page.waitForURL(`${appUrl}/l/${t.launcherKey}`);
    await expect.poll(() => page.getByLabel("Your name").inputValue()).toBe("Ada Visitor");
    expect(await page.textContent("main")).toContain("Welcome back, Ada Visitor!");
    await context.close();
  });

  it("lets a waiting visitor leave, with a friendly way back", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(allowed.url);
    await page.click("#live-help");
    await page.getByLabel("Your name").fill("Grace");
    await page.getByRole("button", { name: "Join the queue" }).click();
    await page.waitForURL(/\/wait\//);
    const waitUrl = page.url();
    await page.getByRole("button", { name: /Leave the queue/ }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("You left the queue");
    await shoot(page, "entry-left");

    // Another browser can't see this visitor's waiting page.
    const stranger = await browser.newContext();
    const other = await stranger.newPage();
    const res = await other.goto(waitUrl);
    expect(res?.status()).toBe(404);
    await stranger.close();

    await page.getByRole("link", { name: "Join the queue again" }).click();
    await expect.poll(() => page.getByLabel("Your name").inputValue()).toBe("Grace");
    await context.close();
  });

  it("works without JavaScript: errors after a post, and a waiting page that refreshes itself", async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    await page.goto(allowed.url);
    await page.click("#live-help");
    await page.getByRole("button", { name: "Join the queue" }).click();
    await page.waitForSelector("text=Please tell us your name.");
    await page.getByLabel("Your name").fill("No Script");
    await page.getByRole("button", { name: "Join the queue" }).click();
    await page.waitForURL(/\/wait\//);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(/in line\.$/);
    expect(await page.locator("noscript").first().innerHTML()).toContain('http-equiv="refresh"');
    // The meta refresh reloads the page every 5 s.
    await page.waitForEvent("load", { timeout: 10_000 });
    await screenshot(page, "entry-waiting-nojs-390");
    await context.close();
  });
});

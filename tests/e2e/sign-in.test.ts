import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";

const appUrl = inject("appUrl");

describe.skipIf(!appUrl)("sign-in in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("signs agent1@demo.test in and lands on the agent console", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${appUrl}/agent`);
    // Not signed in yet: the console sends us to sign in first.
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel("Email").fill("agent1@demo.test");
    await page.getByLabel("Password").fill("demo-password");
    await screenshot(page, "sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${appUrl}/agent`);
    await expect.poll(() => page.getByRole("heading", { name: "Agent console" }).isVisible()).toBe(true);
    const body = await page.textContent("body");
    expect(body).toContain("agent1@demo.test");
    expect(body).toContain("Demo Co");
    expect(body).toContain("Ben Agent"); // the team roster comes from org.members
    await screenshot(page, "agent-console");
    await context.close();
  });

  it("shows a clear error for a wrong password and stays on the sign-in page", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${appUrl}/sign-in`);
    await page.getByLabel("Email").fill("agent2@demo.test");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    // Next adds its own (empty) role=alert route announcer; ours is the one inside the form.
    const alert = page.locator('form [role="alert"]');
    await expect.poll(() => alert.textContent()).toBe("Wrong email or password.");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await screenshot(page, "sign-in-error");
    await context.close();
  });

  it("never follows a callbackUrl that normalises to another host, before or after signing in", async () => {
    const context = await browser.newContext();
    // evil.example is answered here, never looked up: the test sees whether the browser went there.
    await context.route(/^https?:\/\/evil\.example\//, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" }));
    const page = await context.newPage();
    const landed = () => page.waitForURL((u) => u.hostname === "evil.example" || (u.origin === appUrl && u.pathname === "/agent"));
    // Signing in: the form's client-side navigation.
    await page.goto(`${appUrl}/sign-in?callbackUrl=${encodeURIComponent("/.//evil.example")}`);
    await page.getByLabel("Email").fill("agent1@demo.test");
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await landed();
    expect(page.url()).toBe(`${appUrl}/agent`);
    // Already signed in: the sign-in page's server-side redirect.
    for (const callbackUrl of ["/..//evil.example", "/%2e//evil.example", "/a/..//evil.example"]) {
      await page.goto(`${appUrl}/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      await landed();
      expect(page.url(), callbackUrl).toBe(`${appUrl}/agent`);
    }
    await context.close();
  });

  it("signs out and protects the console again", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // A manager lands on /manager by default (server/accounts/landing.ts); this test is about the agent console.
    await page.goto(`${appUrl}/sign-in?callbackUrl=/agent`);
    await page.getByLabel("Email").fill("manager@demo.test");
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${appUrl}/agent`);
    await page.getByRole("link", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${appUrl}/agent`);
    await page.waitForURL(/\/sign-in/);
    await context.close();
  });
});

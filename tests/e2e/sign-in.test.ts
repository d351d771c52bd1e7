import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "../../server/accounts/password";
import { limitKeys, SIGN_IN_LIMITS } from "../../server/accounts/sign-in-limits";
import { launchBrowser, screenshot } from "./browser";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function submitSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signedInAs(page: Page): Promise<string | undefined> {
  const res = await page.request.get(`${appUrl}/api/auth/session`);
  return ((await res.json()) as { user?: { email?: string } }).user?.email;
}

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
    await context.route(/^https?:\/\/evil\.example\//, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" }),
    );
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

  it("a locked account: a new browser is told why, a known browser still signs in, and the emailed link unlocks", async () => {
    // An account of its own, so the lock touches no other test.
    const email = `locked-${randomUUID().slice(0, 8)}@example.test`;
    const password = "owner-password-1234";
    await sql(`INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ($1, $2, 'Lock Owner', $3, now())`, [
      `e2e-${randomUUID()}`,
      email,
      await hashPassword(password),
    ]);

    // The owner signs in once: the browser gets the account's device cookie (httpOnly).
    const known = await browser.newContext();
    const knownPage = await known.newPage();
    await knownPage.goto(`${appUrl}/sign-in`);
    await submitSignIn(knownPage, email, password);
    await expect.poll(() => signedInAs(knownPage)).toBe(email);
    const device = (await known.cookies()).find((c) => c.name.startsWith("isession-device-"));
    expect(device?.httpOnly).toBe(true);
    await known.clearCookies({ name: /next-auth/ }); // signed out, still a known device

    // Failures from elsewhere bring the account to the brink; one more from a new browser locks it.
    await sql(`INSERT INTO "RateLimit" (key, points, expire) VALUES ($1, $2, now() + interval '1 hour')`, [
      limitKeys.account(email),
      SIGN_IN_LIMITS.accountUntrusted,
    ]);
    const stranger = await browser.newContext();
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(`${appUrl}/sign-in`);
    await submitSignIn(strangerPage, email, "a-wrong-guess");
    const alert = strangerPage.locator('form [role="alert"]');
    await expect
      .poll(() => alert.textContent())
      .toMatch(/^This account is locked for new devices after many failed sign-in attempts\. Sign in from a device you have used before/);
    // Even the right password waits on a device the account never used.
    await submitSignIn(strangerPage, email, password);
    await expect.poll(() => alert.textContent()).toMatch(/^This account is locked for new devices/);
    await screenshot(strangerPage, "sign-in-locked");

    // The known browser is not locked out.
    await knownPage.goto(`${appUrl}/sign-in`);
    await submitSignIn(knownPage, email, password);
    await expect.poll(() => signedInAs(knownPage)).toBe(email);

    // The owner got one email with an unlock link; opening it changes nothing until the button.
    const mails = await sql<{ text: string }>(`SELECT text FROM "EmailOutbox" WHERE "to" = $1`, [email]);
    expect(mails).toHaveLength(1);
    const link = /https?:\/\/\S+\/unlock-sign-in\/[A-Za-z0-9_-]+/.exec(mails[0]!.text)![0];
    // The button is a plain form post: it works without JavaScript (the page's referrer policy must
    // still let the browser send our Origin, or the web server refuses the post as foreign).
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const noScriptPage = await noScript.newPage();
    await noScriptPage.goto(`${appUrl}${new URL(link).pathname}`);
    await noScriptPage.getByRole("button", { name: "Unlock sign-in" }).click();
    await noScriptPage.waitForURL(/\/sign-in\?unlocked=1/);
    const fresh = await browser.newContext();
    await fresh.addCookies(await noScript.cookies());
    await noScript.close();
    const freshPage = await fresh.newPage();
    await freshPage.goto(`${appUrl}/sign-in?unlocked=1`);
    await expect.poll(() => freshPage.getByRole("status").textContent()).toContain("Sign-in is unlocked on this device");
    await submitSignIn(freshPage, email, password);
    await expect.poll(() => signedInAs(freshPage)).toBe(email);
    // The link works once.
    await freshPage.goto(`${appUrl}${new URL(link).pathname}`);
    await freshPage.getByRole("button", { name: "Unlock sign-in" }).click();
    await expect.poll(() => freshPage.getByRole("heading", { level: 1 }).textContent()).toBe("This link has already been used");
    for (const c of [known, stranger, fresh]) await c.close();
  });
});

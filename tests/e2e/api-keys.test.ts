// Issue 16, part 1, in Chromium against the real app: the owner creates an API key in the dashboard,
// sees it once (the show-once dialog, with Copy), calls /api/v1/sessions with it from the page with
// fetch, revokes it, and the next call gets 401. On an org of its own (tests/e2e/tenant.ts).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";
import { signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

type Answer = {
  status: number;
  body: { data?: unknown[]; nextCursor?: string | null; error?: { code: string; message: string } };
  remaining: string | null;
};

describe.skipIf(!appUrl)("API keys in Chromium", () => {
  let t: Tenant;
  let browser: Browser;
  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Keys Co" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an owner creates a key, sees it once, uses it, revokes it, and the next call is refused", async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      permissions: ["clipboard-read", "clipboard-write"],
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, appUrl!, t.owner.email);
    await page.goto(`${appUrl}/dashboard`);
    await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "API keys" }).click();
    await page.getByRole("heading", { name: "API keys", level: 1 }).waitFor();

    const name = `e2e CRM ${Date.now().toString(36)}`;
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Access").selectOption("READ");
    await page.getByRole("button", { name: "Create key" }).click();

    const dialog = page.getByRole("dialog", { name: `Your new key “${name}”` });
    await dialog.waitFor();
    const key = await dialog.getByLabel("API key").inputValue();
    expect(key).toMatch(/^isk_live_[A-Za-z0-9_-]{43}$/);
    await dialog.getByRole("button", { name: "Copy" }).click();
    await dialog.getByText("Copied to the clipboard.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await screenshot(page, "api-key-created");
    await dialog.getByRole("button", { name: "I have copied it" }).click();
    await dialog.waitFor({ state: "hidden" });

    // Shown once: the list has the prefix only, and a reload does not bring the key back.
    const row = page.getByTestId("api-key-row").filter({ hasText: name });
    await row.waitFor();
    expect(await row.textContent()).toContain(key.slice(0, 15));
    expect(await row.textContent()).toContain("last used Never");
    await page.reload();
    await page.getByTestId("api-key-row").filter({ hasText: name }).waitFor();
    expect(await page.content()).not.toContain(key);

    const call = (k: string) =>
      page.evaluate(async (bearer): Promise<Answer> => {
        const res = await fetch("/api/v1/sessions?limit=5", {
          headers: { Authorization: `Bearer ${bearer}` },
        });
        return {
          status: res.status,
          body: (await res.json()) as Answer["body"],
          remaining: res.headers.get("RateLimit-Remaining"),
        };
      }, k);

    const ok = await call(key);
    expect(ok.status).toBe(200);
    expect(Array.isArray(ok.body.data)).toBe(true);
    expect(ok.remaining).toMatch(/^\d+$/);
    await page.reload();
    expect(await page.getByTestId("api-key-row").filter({ hasText: name }).textContent()).not.toContain("last used Never");

    await page.getByRole("button", { name: `Revoke “${name}”` }).click();
    const confirm = page.getByRole("dialog", { name: `Revoke “${name}”?` });
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await page.getByTestId("api-key-row").filter({ hasText: name }).filter({ hasText: "Revoked" }).waitFor();
    await screenshot(page, "api-key-revoked");

    const refused = await call(key);
    expect(refused.status).toBe(401);
    expect(refused.body.error?.code).toBe("UNAUTHORIZED");
    expect(refused.body.error?.message).toContain("revoked");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the running server answers the API in JSON under the API's headers, without a key 401", async () => {
    const res = await fetch(`${appUrl}/api/v1/sessions`, { headers: { "X-Api-Key": "isk_live_x" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("UNAUTHORIZED");
    expect(body.error.message).toContain("Authorization: Bearer");
    const missing = await fetch(`${appUrl}/api/v1/no-such-thing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });

  it("the reference page renders under our CSP and lists the endpoints", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const res = await page.goto(`${appUrl}/docs/api`);
    expect(res?.status()).toBe(200);
    await page.getByRole("heading", { name: "API reference", level: 1 }).waitFor();
    const nav = page.getByRole("navigation", { name: "Endpoints" });
    expect(await nav.getByRole("link").count()).toBe(9);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "api-reference-390");
    const doc = await page.evaluate(async () => (await fetch("/api/v1/openapi.json")).json() as Promise<{ openapi: string }>);
    expect(doc.openapi).toBe("3.1.0");
    expect(errors).toEqual([]);
    await context.close();
  });
});

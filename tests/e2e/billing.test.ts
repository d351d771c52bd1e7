// The billing pages in Chromium against the real app (ledger mode: the e2e app has no Stripe keys).
// On an org of its own (tests/e2e/tenant.ts); the operator only reads. Notices are found by role: while
// a page streams in, Next keeps a hidden copy of its content next to the loading state.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";
import { signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

describe.skipIf(!appUrl)("billing pages in Chromium", () => {
  let t: Tenant;
  let browser: Browser;
  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Billing Co" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function signedIn(email: string, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await signIn(page, appUrl!, email);
    return { context, page };
  }

  it("shows the owner this month so far and the statements, without widening a 390 px screen", async () => {
    const { context, page } = await signedIn(t.owner.email, 390);
    const res = await page.goto(`${appUrl}/dashboard/billing`);
    expect(res?.status()).toBe(200);
    await page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
    const body = (await page.textContent("body")) ?? "";
    expect(body).toContain("This month so far");
    expect(body).toContain("Card payments are not set up"); // ledger mode
    expect(body).toMatch(/Estimated amount/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "billing-dashboard-390");
    await context.close();
  });

  it("lets the owner choose a plan for next month, with this month's usage priced on each, and undo it", async () => {
    const { context, page } = await signedIn(t.owner.email);
    await page.goto(`${appUrl}/dashboard/billing`);
    const plans = page.getByRole("group", { name: /this month stays on Per minute/ });
    await plans.waitFor();
    expect(await plans.textContent()).toMatch(/This month on it so far: \d+ sessions? = \$/);
    await plans.getByRole("radio", { name: /Per session/ }).check();
    await page.getByRole("button", { name: "Save plan for next month" }).click();
    await page.getByRole("status").filter({ hasText: "you move to Per session on" }).waitFor();
    expect(await page.getByRole("group", { name: /You are on Per minute until .*, then Per session\./ }).count()).toBe(1);
    await screenshot(page, "billing-plan-scheduled");
    // Changing one's mind: choosing the current plan again cancels the change.
    await page.getByRole("radio", { name: /Per minute/ }).check();
    await page.getByRole("button", { name: "Save plan for next month" }).click();
    await page.getByRole("status").filter({ hasText: "you stay on Per minute" }).waitFor();
    await context.close();
  });

  it("tells an agent billing is for owners and administrators", async () => {
    const { context, page } = await signedIn(t.agents[1]!.email);
    await page.goto(`${appUrl}/dashboard/billing`);
    // The dashboard's frame turns agents away before the billing page loads anything.
    await page.getByRole("heading", { name: "The dashboard is for your organization's owners and admins" }).waitFor();
    await context.close();
  });

  it("shows the operator every organization, and refuses the owner", async () => {
    const operator = await signedIn("admin@isession.test");
    await operator.page.goto(`${appUrl}/admin/billing`);
    await operator.page.getByRole("heading", { name: "Organizations this month" }).waitFor();
    expect(await operator.page.textContent("body")).toContain(t.orgName);
    await screenshot(operator.page, "billing-admin");
    await operator.context.close();

    const owner = await signedIn(t.owner.email);
    await owner.page.goto(`${appUrl}/admin/billing`);
    await owner.page.getByRole("heading", { name: "Operator access only" }).waitFor();
    await owner.page.goto(`${appUrl}/reseller/billing`);
    await owner.page.getByRole("status").filter({ hasText: "This page is for resellers" }).waitFor();
    await owner.context.close();
  });

  it("answers 401 to a CSV download without a session", async () => {
    const res = await fetch(`${appUrl}/dashboard/billing/nonexistent/csv`);
    expect(res.status).toBe(401);
  });
});

// The client dashboard in Chromium as the owner of the file's own org (tests/e2e/tenant.ts): sign-in lands on the dashboard; a new launcher
// gets a page rule, its link and snippet reach the clipboard, and its Preview shows the entry page; an invitation from the agents page
// lands in the email outbox; an agent is kept out. Every page is photographed at desktop and phone
// width.
import type { Browser, BrowserContext, Page } from "playwright-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";
import { signIn as signInAt } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

const signIn = (page: Page, email: string, callbackUrl?: string) => signInAt(page, appUrl!, email, callbackUrl);

describe.skipIf(!appUrl)("client dashboard", () => {
  let t: Tenant;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const tag = Date.now().toString(36);
  const launcherName = `E2E launcher ${tag}`;
  const invitee = `e2e-invite-${tag}@example.test`;

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Dashboard Co" });
    browser = await launchBrowser();
    ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] });
    page = await ctx.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("lands an owner on the dashboard overview", async () => {
    await signIn(page, t.owner.email);
    await page.waitForURL(`${appUrl}/dashboard`);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.getByText("Sessions this month").waitFor();
    const nav = page.getByRole("navigation", { name: "Consoles" });
    expect(await nav.getByRole("link").allTextContents()).toEqual(["Agent console", "Manager", "Dashboard"]);
    // The org's launcher's embed snippet is on the overview.
    expect(await page.getByLabel("Embed snippet").inputValue()).toBe(
      `<script src="${appUrl}/embed.js" data-launcher="${t.launcherKey}" async></script>`,
    );
  });

  it("creates a launcher, gives it a page rule, and copies its link and snippet", async () => {
    await page.goto(`${appUrl}/dashboard/launchers`);
    await page.getByRole("button", { name: "New launcher" }).click();
    const form = page.getByRole("form", { name: "New launcher" });
    await form.getByLabel("Name").fill(launcherName);
    await form.getByLabel("Button label").fill("Ask the e2e desk");
    await form.getByTitle("Leaf").click();
    expect(await form.getByRole("radio", { name: "Leaf" }).isChecked()).toBe(true);
    await form.getByRole("button", { name: "Create launcher" }).click();
    await page.getByText("Launcher created.").waitFor();

    const card = page.locator("li[data-launcher]", { has: page.getByRole("heading", { name: launcherName }) });
    const key = await card.getAttribute("data-launcher");
    expect(key).toMatch(/^[a-z2-9]{10}$/);
    const link = card.getByLabel("Link");
    expect(await link.inputValue()).toBe(`${appUrl}/l/${key}`);
    await card.getByRole("button", { name: "Copy" }).first().click();
    await card.getByText("Copied to the clipboard.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${appUrl}/l/${key}`);
    await card.getByRole("button", { name: "Copy" }).nth(1).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      `<script src="${appUrl}/embed.js" data-launcher="${key}" async></script>`,
    );

    // A page rule: a bad pattern is refused by position, a good one is saved and survives a reload.
    await card.getByRole("button", { name: "Page rules" }).click();
    await card.getByRole("button", { name: "Add a rule" }).click();
    await card.getByLabel("Rule 1: page pattern").fill("/pricing page");
    await card.getByLabel("Scenario", { exact: true }).last().selectOption({ label: "Collaboration" });
    await card.getByRole("button", { name: "Save page rules" }).click();
    await card.getByText(/Rule 1: A page pattern cannot contain spaces/).waitFor();
    await card.getByLabel("Rule 1: page pattern").fill("/pricing*");
    await card.getByRole("button", { name: "Save page rules" }).click();
    await card.getByText("Page rules saved.").waitFor();
    await screenshot(page, "dashboard-launchers-desktop");
    await page.reload();
    const again = page.locator("li[data-launcher]", { has: page.getByRole("heading", { name: launcherName }) });
    await again.getByText("1 page rule").waitFor();

    // Preview opens the entry page for the signed-in owner, although the launcher refuses direct
    // visits: the form as visitors see it, marked as a preview, joining off, nothing audited.
    const [preview] = await Promise.all([ctx.waitForEvent("page"), again.getByRole("link", { name: /Preview/ }).click()]);
    await preview.waitForLoadState();
    expect(preview.url()).toBe(`${appUrl}/l/${key}?preview=1`);
    await preview.getByText("Preview — visitors see this page.").waitFor();
    await preview.getByRole("heading", { name: "Ask the e2e desk" }).waitFor();
    expect(await preview.locator("form textarea[name=question]").count()).toBe(1);
    const join = preview.getByRole("button", { name: /Join the queue/ });
    expect(await join.textContent()).toContain("off in preview");
    expect(await join.isDisabled()).toBe(true);
    expect(await preview.getByText("Please open live help from the website").count()).toBe(0);
    await screenshot(preview, "dashboard-launcher-preview");
    await preview.close();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT a.id FROM "AuditLog" a JOIN "Launcher" l ON l.id = a."targetId" WHERE l.key = $1 AND a.action = 'launcher.unauthorized_domain'`,
        [key],
      );
      expect(rows).toHaveLength(0);
    } finally {
      await client.end();
    }
  });

  it("invites someone from the agents page, and the email is in the outbox", async () => {
    await page.goto(`${appUrl}/dashboard/agents`);
    await page.getByLabel("Email").fill(invitee);
    await page.getByLabel("Role", { exact: true }).first().selectOption("MANAGER");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByText(`Invitation sent to ${invitee}.`).waitFor();
    await page.getByRole("button", { name: `Revoke invitation to ${invitee}` }).waitFor();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ subject: string; text: string }>(`SELECT subject, text FROM "EmailOutbox" WHERE "to" = $1`, [
        invitee,
      ]);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.subject).toBe(`Join ${t.orgName} on iSession`);
      expect(rows[0]!.text).toMatch(new RegExp(`${appUrl}/invite/[A-Za-z0-9_-]{40,}`));
      // The link shows who invites whom, to a visitor who is not signed in.
      const url = /https?:\/\/\S+\/invite\/\S+/.exec(rows[0]!.text)![0];
      const guest = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const g = await guest.newPage();
      await g.goto(url);
      await g.getByRole("heading", { name: `Join ${t.orgName}` }).waitFor();
      expect(await g.textContent("main")).toContain("as manager");
      await screenshot(g, "invite-new-account-390");
      await guest.close();
    } finally {
      await client.end();
    }
  });

  it("shows every dashboard page without errors at desktop and phone width", async () => {
    for (const [path, heading] of [
      ["/dashboard", "Overview"],
      ["/dashboard/preferences", "Preferences"],
      ["/dashboard/scenarios", "Scenarios"],
      ["/dashboard/launchers", "Launchers"],
      ["/dashboard/agents", "Agents"],
      ["/dashboard/notifications", "Notifications"],
    ] as const) {
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${appUrl}${path}`);
        await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
        await page.waitForFunction(() => !document.body.innerText.includes("Loading…"));
        // Nothing wider than the phone's screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await screenshot(page, `dashboard${path.replace("/dashboard", "").replace("/", "-") || "-overview"}-${width}`);
        if (path === "/dashboard/scenarios") {
          await page.getByRole("button", { name: "Edit One-on-one" }).click();
          const form = page.getByRole("form", { name: "Edit One-on-one" });
          expect(await form.getByLabel("Name", { exact: true }).inputValue()).toBe("One-on-one");
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
          await screenshot(page, `dashboard-scenario-form-${width}`);
          await form.getByRole("button", { name: "Cancel" }).click();
        }
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(errors).toEqual([]);
  });

  it("keeps an agent out of the dashboard", async () => {
    const agentCtx = await browser.newContext();
    const a = await agentCtx.newPage();
    await signIn(a, t.agents[0]!.email, "/dashboard");
    await a.waitForURL(`${appUrl}/dashboard`);
    await a.getByRole("heading", { name: /for your organization's owners and admins/ }).waitFor();
    expect(await a.getByRole("navigation", { name: "Dashboard" }).count()).toBe(0);
    await agentCtx.close();
  });
});

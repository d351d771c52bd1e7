// The reseller portal and the operator console in Chromium against the real app: the demo reseller
// creates a sub-client, the operator finds it, suspends it (its launcher then shows the unavailable
// page) and reactivates it. Leaves the demo as it found it, plus one new client org.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";
import { signIn as signInAt } from "./demo";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

/** The newest invitation link emailed to `to`, read from the outbox: the portal never shows it. */
async function emailedInviteLink(to: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ text: string }>(
      `SELECT text FROM "EmailOutbox" WHERE "to" = $1 ORDER BY "createdAt" DESC LIMIT 1`,
      [to],
    );
    return /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(rows[0]?.text ?? "")?.[0] ?? "";
  } finally {
    await client.end();
  }
}
/** Server round trips on a busy 2-core machine: wait for the page, not for a fixed time. */
const WAIT = { timeout: 20_000, interval: 200 };

async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const signIn = (page: Page, email: string, callbackUrl: string) => signInAt(page, appUrl!, email, callbackUrl);

describe.skipIf(!appUrl)("reseller portal and operator console in Chromium", () => {
  let browser: Browser;
  const clientName = `Client ${randomBytes(3).toString("hex")}`;
  let clientPath = "";
  let launcherPath = "";

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("lets the demo reseller create a sub-client and see it listed", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "reseller@demo.test", "/reseller");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), WAIT).toBe("Sub-clients");
    expect(await page.textContent("main")).toContain("Partner Client Ltd");
    await shoot(page, "reseller-home");

    // A bad domain is refused with the reason, nothing is created.
    await page.getByLabel("Client name").fill(clientName);
    await page.getByLabel("Allowed domains").fill("https://shop.example.com/");
    await page.getByLabel("First admin's email").fill("boss@client.example");
    await page.getByRole("button", { name: "Create client and send invitation" }).click();
    await expect.poll(() => page.locator("#client-domains-error").textContent(), WAIT).toContain("without http");
    await shoot(page, "reseller-create-error");

    await page.getByLabel("Allowed domains").fill("shop.example.com");
    await page.getByRole("button", { name: "Create client and send invitation" }).click();
    await expect.poll(() => page.getByRole("list", { name: "Sub-clients" }).textContent(), WAIT).toContain(clientName);
    expect(await page.textContent("form")).toContain("We emailed an invitation to boss@client.example");
    // The link goes only to the invitee's mailbox: a reseller holding it could accept it under the
    // client's address.
    expect(await page.getByRole("textbox", { name: /Invitation link/ }).count()).toBe(0);
    expect(await page.content()).not.toMatch(/\/invite\/[A-Za-z0-9_-]{20,}/);
    const firstLink = await emailedInviteLink("boss@client.example");
    expect(firstLink).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
    const row = page.getByRole("list", { name: "Sub-clients" }).getByRole("listitem").filter({ hasText: clientName });
    expect(await row.textContent()).toContain("Invitation pending for boss@client.example");

    await row.getByRole("link", { name: clientName }).click();
    await page.waitForURL(/\/reseller\/clients\/[^/]+$/);
    clientPath = new URL(page.url()).pathname;
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), WAIT).toBe(clientName);
    // Resending emails a new link; the old link stops working.
    await page.getByRole("button", { name: "Resend" }).click();
    await expect.poll(() => page.textContent("main"), WAIT).toContain("We emailed boss@client.example a new link");
    await expect.poll(() => emailedInviteLink("boss@client.example"), WAIT).not.toBe(firstLink);
    const newLink = await emailedInviteLink("boss@client.example");
    expect(newLink).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
    expect(await page.content()).not.toContain(newLink);
    await shoot(page, "reseller-invitation-link");
    const invitee = await browser.newContext();
    const ip = await invitee.newPage();
    await ip.goto(newLink);
    expect(await ip.getByRole("heading", { level: 1 }).textContent()).toBe(`Join ${clientName}`);
    await ip.goto(firstLink);
    expect(await ip.getByRole("heading", { level: 1 }).textContent()).not.toBe(`Join ${clientName}`);
    await invitee.close();
    await page.reload();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), WAIT).toBe(clientName);
    expect(await page.textContent("main")).toContain("Waiting for boss@client.example to accept");

    launcherPath = (await page.locator("text=/^\\/l\\/[a-z0-9]+$/").first().textContent())!.trim();
    expect(launcherPath).toMatch(/^\/l\/[a-z0-9]{10}$/);
    await shoot(page, "reseller-client");
    await context.close();
  });

  it("lets the operator find the new client, suspend it (its launcher shows the unavailable page) and reactivate it", async () => {
    expect(clientPath).not.toBe("");
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "admin@isession.test", "/admin");
    await page.getByLabel("Search").fill(clientName);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/\/admin\?q=/);
    const table = page.getByRole("table", { name: "Organizations" });
    await expect.poll(() => table.locator("tbody tr").count(), WAIT).toBe(1);
    expect(await table.textContent()).toContain("Demo Partners");
    await shoot(page, "admin-orgs");

    await table.getByRole("link", { name: clientName }).click();
    await page.waitForURL(/\/admin\/orgs\/[^/]+$/);
    expect(new URL(page.url()).pathname.split("/").pop()).toBe(clientPath.split("/").pop());
    await page.getByLabel("Reason for suspending").fill("E2E check: payment overdue");
    await page.getByRole("button", { name: "Suspend organization" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Reactivate organization" }).isVisible(), WAIT).toBe(true);
    const main = () => page.textContent("main");
    await expect.poll(main, WAIT).toContain("Suspended by an operator · “E2E check: payment overdue”");
    await shoot(page, "admin-org-suspended");

    // The visitor's side: the launcher says live help is unavailable.
    const visitor = await browser.newContext();
    const vp = await visitor.newPage();
    await vp.goto(`${appUrl}${launcherPath}`);
    expect(await vp.getByRole("heading", { level: 1 }).textContent()).toBe("Live help is unavailable right now");
    await visitor.close();

    await page.getByRole("button", { name: "Reactivate organization" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Suspend organization" }).isVisible(), WAIT).toBe(true);
    await expect.poll(main, WAIT).toContain("Reactivated by an operator");
    await context.close();
  });

  it("shows the operator live system health, the outbox and the resellers", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "admin@isession.test", "/admin/health");
    const relay = page.getByRole("region", { name: "Realtime relay" });
    await expect.poll(() => relay.textContent(), WAIT).toContain("Open connections");
    expect(await relay.textContent()).toContain("OK");
    expect(await page.getByRole("region", { name: "Database" }).textContent()).toContain("PostgreSQL");
    expect(await page.getByRole("region", { name: "Job backlog (pg-boss)" }).textContent()).toContain("route.dispatch");
    await shoot(page, "admin-health");

    await page.goto(`${appUrl}/admin/outbox?q=boss%40client.example`);
    const outbox = page.getByRole("table", { name: "Email outbox" });
    await expect.poll(() => outbox.textContent(), WAIT).toContain(`Join ${clientName} on iSession`);
    await shoot(page, "admin-outbox");

    await page.goto(`${appUrl}/admin/resellers`);
    await expect.poll(() => page.getByRole("table", { name: "Resellers" }).textContent(), WAIT).toContain("Demo Partners");
    await shoot(page, "admin-resellers");
    await context.close();
  });

  it("keeps the operator console from a reseller, and the portal from a client's agent", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "reseller@demo.test", "/admin");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Operator access only");
    expect(await page.textContent("body")).not.toContain(clientName);
    await context.close();

    const agent = await browser.newContext();
    const ap = await agent.newPage();
    await signIn(ap, "agent1@demo.test", "/reseller");
    expect(await ap.getByRole("heading", { level: 1 }).textContent()).toBe("This is the reseller portal");
    await ap.goto(`${appUrl}${clientPath}`);
    expect(await ap.getByRole("heading", { level: 1 }).textContent()).toBe("This is the reseller portal");
    expect(await ap.textContent("body")).not.toContain(clientName);
    await agent.close();
  });
});

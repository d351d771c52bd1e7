// The visitor on a phone (issue 12, items 16 and 17): a 390x844 screen with touch, the entry and
// waiting pages and the session viewer. Every control a thumb must hit is at least 44 px tall, the
// message box writes 16 px text (mobile Safari zooms under that), the viewer is chat-first (no empty
// "Nothing shared yet" block; the shared page takes room only while there is one), and with the
// keyboard up (a 390x450 window) the conversation keeps a useful height. The session's title names
// the business and the agent. Also: no "New sidebar" in a one-on-one, the referring page in History,
// no sound button without JavaScript, and schedule times in the visitor's own time zone.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";
import { acceptRequest, endSession, setReady, signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");
const AGENT_NAME = "Ben Agent"; // the second agent in tests/e2e/tenant.ts
const PHONE = { width: 390, height: 844 };

/**
 * Every visible button, link, input, select and textarea shorter than 44 px, described. A checkbox's
 * target is its label (a click on the label toggles it), so the label's height counts for it.
 * Screen-reader-only elements (1 px, clipped) are not targets.
 */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("button, a[href], input, select, textarea")) {
      if (el instanceof HTMLInputElement && el.type === "hidden") continue;
      const box = el.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || getComputedStyle(el).visibility === "hidden") continue;
      const label = el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio") ? el.closest("label") : null;
      const height = (label ?? el).getBoundingClientRect().height;
      if (height < 44) {
        const name = (el.getAttribute("aria-label") ?? el.textContent ?? el.getAttribute("placeholder") ?? "").trim().slice(0, 40);
        small.push(`${el.tagName.toLowerCase()} "${name}": ${Math.round(height)} px`);
      }
    }
    return small;
  });
}

/** Height of the conversation's scrolling area that is inside the window. */
function conversationHeight(page: Page): Promise<number> {
  return page.evaluate(() => {
    const box = document.querySelector("ol[role=log]")!.parentElement!.getBoundingClientRect();
    return Math.min(box.bottom, window.innerHeight) - Math.max(box.top, 0);
  });
}

describe.skipIf(!appUrl)("the visitor on a phone", () => {
  let t: Tenant;
  let browser: Browser;
  let site: http.Server;
  let siteUrl: string;
  let agentCtx: BrowserContext;
  let agent: Page;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const tag = Date.now().toString(36);

  async function phone(options: { javaScriptEnabled?: boolean; timezoneId?: string } = {}): Promise<Page> {
    const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, ...options });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    return page;
  }

  async function joinQueue(page: Page, name: string, question: string, from?: string) {
    if (from) {
      await page.goto(from);
      await page.click("#live-help");
    } else {
      await page.goto(`${appUrl}/l/${t.launcherKey}`);
    }
    await page.getByLabel("Your name").fill(name);
    await page.getByLabel(/How can we help/).fill(question);
    await page.getByRole("button", { name: "Join the queue" }).click();
    await page.waitForURL(/\/wait\//);
  }

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Phone Shop" });
    browser = await launchBrowser();
    site = http.createServer((req, res) => {
      // The whole address as Referer (browsers send only the origin across sites by default), so the
      // session starts on the very page the visitor asked from.
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "referrer-policy": "unsafe-url" });
      res.end(
        `<!doctype html><title>Shop ${req.url}</title><h1 id="page">Shop page ${req.url}</h1><a id="live-help" href="${appUrl}/l/${t.launcherKey}">Talk to us live</a>`,
      );
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    agentCtx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    agent = await agentCtx.newPage();
    agent.on("pageerror", (e) => errors.push(e.message));
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
  });

  describe("a session without a shared page", () => {
    let visitor: Page;
    const question = `Can I change my delivery address? (${tag})`;

    it("has thumb-sized controls on the entry and waiting pages", async () => {
      await signIn(agent, appUrl, t.agents[1]!.email, "/agent");
      await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
      await setReady(agent, true);

      visitor = await phone();
      await visitor.goto(`${appUrl}/l/${t.launcherKey}`);
      await visitor.getByLabel("Your name").waitFor();
      await screenshot(visitor, "phone-entry-390");
      expect.soft(await smallTargets(visitor)).toEqual([]);
      await visitor.getByLabel("Your name").fill("Grace");
      await visitor.getByLabel(/How can we help/).fill(question);
      await visitor.getByRole("button", { name: "Join the queue" }).click();
      await visitor.waitForURL(/\/wait\//);
      // With JavaScript the chime can be switched on.
      await visitor.getByRole("button", { name: /Play a sound/ }).waitFor();
      await screenshot(visitor, "phone-waiting-390");
      expect.soft(await smallTargets(visitor)).toEqual([]);
    });

    it("opens chat-first: no empty shared-page block, 44 px targets, 16 px text, a title naming business and agent", async () => {
      await acceptRequest(agent, question);
      await visitor.waitForURL(/\/s\//, { timeout: 20_000 });
      await visitor.getByText("Live", { exact: true }).waitFor();

      // (Still in the page for a desktop-wide window, but not drawn on a phone.)
      expect(await visitor.getByText("Nothing shared yet").isVisible()).toBe(false);
      expect(await visitor.getByRole("region", { name: "Shared view" }).isVisible()).toBe(false);
      const heading = (await visitor.getByRole("heading", { level: 1 }).textContent()) ?? "";
      expect(heading).toContain(t.orgName);
      expect(heading).toContain(AGENT_NAME);
      expect(heading).not.toMatch(/UTC|\d{2}:\d{2}/);
      expect(await visitor.title()).toContain(t.orgName);
      expect(await visitor.title()).toContain(AGENT_NAME);
      expect(await visitor.getByLabel("Message").evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
      // A sidebar with the only other person would be the room again: not offered, to either side.
      expect(await visitor.getByRole("button", { name: "New sidebar" }).count()).toBe(0);
      expect(await agent.getByRole("button", { name: "New sidebar" }).count()).toBe(0);

      await visitor.getByLabel("Message").fill("Hello from my phone");
      await visitor.getByLabel("Message").press("Enter");
      await agent.locator("ol[role=log]").getByText("Hello from my phone").waitFor();
      await screenshot(visitor, "phone-viewer-390");
      expect.soft(await smallTargets(visitor)).toEqual([]);
      expect(await conversationHeight(visitor)).toBeGreaterThanOrEqual(500);

      // The panel (History, Who) opened over the chat: its controls too.
      await visitor.getByRole("button", { name: "Panel" }).click();
      await visitor.getByRole("tab", { name: "Who" }).click();
      await screenshot(visitor, "phone-viewer-panel-390");
      expect.soft(await smallTargets(visitor)).toEqual([]);
      await visitor.getByRole("button", { name: "Panel" }).click();
    });

    it("keeps the conversation in view with the on-screen keyboard up (390x450)", async () => {
      await visitor.setViewportSize({ width: 390, height: 450 });
      await visitor.getByLabel("Message").focus();
      await screenshot(visitor, "phone-viewer-keyboard-390x450");
      expect(await conversationHeight(visitor)).toBeGreaterThanOrEqual(200);
      const box = await visitor.getByLabel("Message").boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(450);
      await visitor.setViewportSize(PHONE);
    });

    it("gives the shared page room once the agent leads somewhere, and folds it while typing", async () => {
      await agent.getByLabel("Lead everyone to").fill(`${siteUrl}/plans`);
      await agent.getByRole("button", { name: "Lead", exact: true }).click();
      const frame = visitor.frameLocator('iframe[title="Page shared by the leader"]');
      await expect.poll(() => frame.locator("#page").textContent({ timeout: 10_000 })).toBe("Shop page /plans");
      const view = await visitor.getByRole("region", { name: "Shared view" }).boundingBox();
      expect(view!.height).toBeGreaterThanOrEqual(250);
      expect(await conversationHeight(visitor)).toBeGreaterThanOrEqual(200);
      await screenshot(visitor, "phone-viewer-shared-390");
      expect.soft(await smallTargets(visitor)).toEqual([]);

      await visitor.setViewportSize({ width: 390, height: 450 });
      await visitor.getByLabel("Message").focus();
      await screenshot(visitor, "phone-viewer-shared-keyboard-390x450");
      expect(await conversationHeight(visitor)).toBeGreaterThanOrEqual(200);
      // The page is a tap away, and comes back as it was.
      await visitor.getByRole("button", { name: "Show page" }).click();
      await expect
        .poll(async () => (await visitor.locator('iframe[title="Page shared by the leader"]').boundingBox())?.height ?? 0)
        .toBeGreaterThan(100);
      await screenshot(visitor, "phone-viewer-shared-shown-390x450");
      await visitor.setViewportSize(PHONE);

      // The desktop still has its side-by-side layout.
      await screenshot(agent, "phone-viewer-agent-desktop-1280");
      expect(await agent.getByRole("region", { name: "Shared view" }).isVisible()).toBe(true);
      expect(await agent.getByRole("tab", { name: "History" }).isVisible()).toBe(true);
      await endSession(agent);
      await agent.goto(`${appUrl}/agent`);
    });
  });

  describe("a session opened from the client's page", () => {
    it("lists the referring page, shown first, in History", async () => {
      const question = `Is this in stock? (${tag})`;
      // Runs on its own too (-t): the agent signs in and gets ready if the first tests didn't.
      if (!new URL(agent.url()).pathname.startsWith("/agent")) await signIn(agent, appUrl, t.agents[1]!.email, "/agent");
      await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
      await setReady(agent, true);
      const visitor = await phone();
      await joinQueue(visitor, "Linus", question, `${siteUrl}/pricing`);
      await acceptRequest(agent, question);
      await visitor.waitForURL(/\/s\//, { timeout: 20_000 });
      await agent.getByText("Live", { exact: true }).waitFor();
      expect(await agent.getByTestId("view-url").textContent()).toBe(`${siteUrl}/pricing`);
      await agent.getByRole("tab", { name: "History" }).click();
      await agent.getByRole("tabpanel").getByText(`${siteUrl}/pricing`).waitFor();
      await visitor.getByRole("button", { name: "Panel" }).click();
      await visitor.getByRole("tabpanel").getByText(`${siteUrl}/pricing`).waitFor();
      await screenshot(visitor, "phone-viewer-history-390");
      await endSession(agent);
      await agent.goto(`${appUrl}/agent`);
      await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
      await setReady(agent, false);
    });
  });

  describe("the waiting and scheduling pages", () => {
    it("offers no sound button without JavaScript, where it could not work", async () => {
      const page = await phone({ javaScriptEnabled: false });
      await joinQueue(page, "No Script", `Quiet please (${tag})`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(/in line\.$/);
      expect(await page.getByRole("button", { name: /sound/i }).count()).toBe(0);
      expect(await page.locator("body").textContent()).not.toMatch(/chime|sound/i);
      await screenshot(page, "phone-waiting-nojs-390");
      expect.soft(await smallTargets(page)).toEqual([]);

      // Without JavaScript the times are in UTC, and say so.
      await page.getByRole("link", { name: /Schedule for later/ }).click();
      await page.waitForURL(/\/schedule$/);
      expect(await page.getByLabel("Time (UTC)").count()).toBe(1);
      await page.getByRole("link", { name: "Keep waiting instead" }).click();
      await page.getByRole("button", { name: /Leave the queue/ }).click();
      await page.getByRole("heading", { name: "You left the queue" }).waitFor();
    });

    it("offers schedule times in the visitor's own time zone, and books the time chosen", async () => {
      // Japan: UTC+9 all year, so every local time differs from the UTC one.
      const page = await phone({ timezoneId: "Asia/Tokyo" });
      await joinQueue(page, "Priya", `Can we talk later? (${tag})`);
      await page.getByRole("link", { name: /Schedule for later/ }).click();
      await page.waitForURL(/\/schedule$/);
      const time = page.getByLabel("Time (Asia/Tokyo)");
      await time.waitFor();
      await screenshot(page, "phone-schedule-local-390");
      expect.soft(await smallTargets(page)).toEqual([]);

      // Pick the second day's 09:00 local (00:00 UTC): what is booked is that instant.
      const day = page.getByLabel("Day");
      const secondDay = await day.locator("option").nth(1).getAttribute("value");
      await day.selectOption(secondDay!);
      await time.selectOption("09:00");
      expect(await time.locator("option:checked").textContent()).toBe("09:00");
      await page.getByLabel("Your email").fill(`priya-${tag}@example.test`);
      await page.getByRole("button", { name: "Book this time" }).click();
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("You're booked");
      const main = (await page.textContent("main")) ?? "";
      expect(main).toContain("09:00");
      expect(main).toContain("Asia/Tokyo");
      await screenshot(page, "phone-booked-local-390");
      expect(errors).toEqual([]);
    });
  });
});

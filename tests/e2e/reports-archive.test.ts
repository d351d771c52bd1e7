// Issue 15, part 1 in real browsers: a visitor says a phrase in a session the test creates (queue,
// accept, chat, end: the real paths); a manager searches the archive for that phrase, finds exactly
// that session, downloads the list as CSV and the transcript, opens the replay (jump, speed, play)
// and comes back. Bad input answers on the page with a sentence, an agent gets no archive, and the
// list holds on a 375 px phone. On an org of its own (tests/e2e/tenant.ts).
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "./browser";
import { endSession, joinAndBeServed, setReady, signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

describe.skipIf(!appUrl)("the archive explorer: search a phrase, open the replay, export the CSV", () => {
  let t: Tenant;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  let agent: Page;
  let visitor: Page;
  let manager: Page;
  let sessionId = "";
  const tag = `w${Date.now().toString(36)}`;
  const question = `Where is my order? (${tag})`;
  const phrase = `purple walrus ${tag}`;
  const visitorLine = `The ${phrase} arrived broken`;

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Walrus Co" });
    browser = await launchBrowser();
    agent = await openPage(browser, { contexts, errors }, 1280, 900);
    visitor = await openPage(browser, { contexts, errors }, 390, 844);
    manager = await openPage(browser, { contexts, errors }, 1280, 900);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("creates a session in which the visitor says the phrase, and ends it", async () => {
    await signIn(agent, appUrl, t.agents[1]!.email, "/agent");
    await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
    await setReady(agent, true);
    await visitor.goto(`${appUrl}/l/${t.launcherKey}`);
    await joinAndBeServed(visitor, agent, question);
    sessionId = new URL(agent.url()).pathname.split("/")[2]!;
    await agent.getByText("Live", { exact: true }).waitFor();
    await visitor.getByText("Live", { exact: true }).waitFor();

    await visitor.getByLabel("Message").fill(visitorLine);
    await visitor.getByLabel("Message").press("Enter");
    await agent.locator("ol[role=log]").first().getByText(visitorLine).waitFor();
    await endSession(agent);
  });

  it("finds exactly that session by the phrase and exports the list as CSV", async () => {
    await signIn(manager, appUrl, t.manager.email, "/manager");
    await manager.goto(`${appUrl}/manager/sessions`);
    await manager.getByRole("navigation", { name: "Reports" }).getByRole("link", { name: "Sessions" }).waitFor();
    await manager.getByLabel("What was said").fill(`"${phrase}"`);
    await manager.getByRole("button", { name: "Show" }).click();
    await manager.waitForURL(/q=/);
    const rows = manager.locator("table tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute("data-session-id")).toBe(sessionId);
    expect(await rows.first().textContent()).toContain("Grace");
    await screenshot(manager, "archive-search");

    const [download] = await Promise.all([
      manager.waitForEvent("download"),
      manager.getByRole("link", { name: "Download list (CSV)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^isession-[a-z0-9-]+-sessions-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(csv).toHaveLength(2);
    expect(csv[0]).toMatch(/^started \(.+\),session_id,duration_sec,wait_sec,agents,visitor/);
    expect(csv[1]).toContain(`,${sessionId},`);
    expect(csv[1]).toContain("Grace");

    // The transcript downloads from the same row (text here; JSON is the same route).
    const href = await rows
      .first()
      .getByRole("link", { name: /as text/ })
      .getAttribute("href");
    const res = await manager.request.get(`${appUrl}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-disposition"]).toContain(`session-${sessionId}.txt`);
    expect(await res.text()).toContain(`Grace: ${visitorLine}`);
  });

  it("opens the session in the replay: jump to the start, play at a speed, and back to the search", async () => {
    await manager.locator("table tbody tr").first().getByRole("link", { name: "Replay" }).click();
    await manager.waitForURL(new RegExp(`/s/${sessionId}/replay\\?back=`));
    const log = manager.locator("ol[role=log]").first();
    await log.getByText(visitorLine).waitFor();
    await manager.getByLabel("Jump to").selectOption("0");
    expect(await log.getByText(visitorLine).count()).toBe(0);
    await manager.getByLabel("Speed").selectOption("8");
    await manager.getByRole("button", { name: "Play" }).click();
    await log.getByText(visitorLine).waitFor();
    await screenshot(manager, "archive-replay");
    await manager.getByRole("link", { name: "Sessions" }).click();
    await manager.waitForURL(/\/manager\/sessions\?.*q=/);
    expect(await manager.locator("table tbody tr").first().getAttribute("data-session-id")).toBe(sessionId);
  });

  it("holds on a 375 px phone", async () => {
    const url = manager.url();
    const phone = await openPage(browser, { contexts, errors }, 375, 812);
    await signIn(phone, appUrl, t.manager.email, "/manager");
    await phone.goto(url);
    const item = phone.locator(`li[data-session-id="${sessionId}"]`);
    await item.getByRole("link", { name: "Replay" }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(phone, "archive-phone");
  });

  it("answers bad input with a sentence on the page, never an error page", async () => {
    const base = `${appUrl}/manager/sessions`;
    let res = await manager.goto(`${base}?q=${"x".repeat(10_000)}`);
    expect(res?.status()).toBe(200);
    await manager.getByRole("alert").getByText("A search can be at most 200 characters.").waitFor();
    res = await manager.goto(`${base}?from=2026-03-31&to=2026-03-01`);
    expect(res?.status()).toBe(200);
    await manager
      .getByRole("alert")
      .getByText(/start date is after the end date/)
      .waitFor();
    res = await manager.goto(`${base}?from=2016-01-01&to=2026-01-01`);
    await manager
      .getByRole("alert")
      .getByText(/at most 366 days/)
      .waitFor();
    res = await manager.goto(`${base}?agent=no-such-agent`);
    await manager
      .getByRole("alert")
      .getByText(/agent is not in this organization/)
      .waitFor();
    const csv = await manager.request.get(`${base}/csv?from=2026-03-31&to=2026-03-01`);
    expect(csv.status()).toBe(400);
  });

  it("gives an agent no archive", async () => {
    await agent.goto(`${appUrl}/manager/sessions`);
    await agent.getByRole("heading", { name: "Reports are for managers and owners" }).waitFor();
    expect(errors).toEqual([]);
  });
});

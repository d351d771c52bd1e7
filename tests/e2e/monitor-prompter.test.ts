// A manager inside a live session, unseen, in three browsers: the visitor enters through the
// launcher and agent1 accepts; the manager opens /s/{id}?join=monitor, which only asks (a GET never
// seats anyone: issue 12 item 8), and joins from the console's Monitor button; the manager watches
// the visitor type and chat, while the visitor's page never shows a third person; the manager
// switches to prompting and suggests a line that only agent1 sees; agent1 uses it, edits it and
// sends it as their own. Barging in from the console's link asks first: opening the link joins
// nothing. Barging in from the session, a line sent at once reaches the visitor and a draft typed
// meanwhile survives the role change (item 13).
import http from "node:http";
import pg from "pg";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "./browser";
import { acceptRequest, setReady, signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

/** The manager's seats in the session, read from the database (unseen seats show nowhere else). */
async function managerSeats(sessionId: string, membershipId: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Participant" p WHERE p."sessionId" = $1 AND p."membershipId" = $2`,
      [sessionId, membershipId],
    );
    return r.rows[0]!.n;
  } finally {
    await client.end();
  }
}
const MANAGER_NAME = "Max Manager"; // tests/e2e/tenant.ts

describe.skipIf(!appUrl)("a manager monitoring and prompting unseen", () => {
  let t: Tenant;
  let browser: Browser;
  let site: http.Server;
  let siteUrl: string;
  const contexts: BrowserContext[] = [];
  let agent: Page;
  let visitor: Page;
  let manager: Page;
  let sessionPath = "";
  const errors: string[] = [];
  const tag = Date.now().toString(36);
  const question = `Where is my parcel? (${tag})`;
  const prompt = `Offer a refund for the delay (${tag})`;

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Parcel Shop" });
    browser = await launchBrowser();
    site = http.createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><title>Shop ${req.url}</title><h1 id="page">Shop page ${req.url}</h1><a id="live-help" href="${appUrl}/l/${t.launcherKey}">Talk to us live</a>`,
      );
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const open = (width: number, height: number) => openPage(browser, { contexts, errors }, width, height);
    agent = await open(1280, 860);
    visitor = await open(390, 844);
    manager = await open(1280, 860);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
  });

  /** What the visitor's page shows of other people: the avatar strip, the log, the "Who" panel. */
  async function visitorSeesOnlyTwo() {
    expect(await visitor.locator('ul[aria-label="Participants"] > li').count()).toBe(2);
    expect(await visitor.locator("body").textContent()).not.toContain(MANAGER_NAME);
  }

  it("connects the visitor to agent1", async () => {
    await signIn(agent, appUrl, t.agents[0]!.email, "/agent");
    await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
    await agent.getByText("Live", { exact: true }).waitFor();
    await setReady(agent, true);

    await visitor.goto(`${siteUrl}/orders`);
    await visitor.click("#live-help");
    await visitor.getByLabel("Your name").fill("Grace");
    await visitor.getByLabel(/How can we help/).fill(question);
    await visitor.getByRole("button", { name: "Join the queue" }).click();
    await visitor.waitForURL(/\/wait\//);

    await acceptRequest(agent, question);
    await visitor.waitForURL(/\/s\//, { timeout: 20_000 });
    sessionPath = new URL(agent.url()).pathname;
    expect(new URL(visitor.url()).pathname).toBe(sessionPath);
    await agent.getByText("Live", { exact: true }).waitFor();
    await visitor.getByText("Live", { exact: true }).waitFor();
  });

  it("joins nobody on a GET of ?join=monitor, even signed in; the console's Monitor button joins", async () => {
    // Not signed in yet: the link sends the manager through sign-in and back to the session's URL.
    await manager.goto(`${appUrl}${sessionPath}?join=monitor`);
    await manager.waitForURL(/\/sign-in/);
    await manager.getByLabel("Email").fill(t.manager.email);
    await manager.getByLabel("Password").fill(t.password);
    await manager.getByRole("button", { name: "Sign in" }).click();
    await manager.waitForURL((u) => u.pathname === sessionPath);
    // Signed in, the GET (any site can make a browser send it, cookies included) only asks.
    const ask = manager.getByRole("region", { name: "Monitor this session?" });
    await ask.waitFor();
    await manager.reload();
    await ask.waitFor();
    await screenshot(manager, "monitor-confirm");
    expect(await managerSeats(sessionPath.slice(3), t.manager.membershipId)).toBe(0);

    // From the console, Monitor is a button: a POST from our own page joins, then the session opens.
    await manager.goto(`${appUrl}/manager`);
    await manager.locator("li").filter({ hasText: question }).getByRole("button", { name: "Monitor" }).first().click();
    await manager.waitForURL((u) => u.pathname === sessionPath);
    expect(await managerSeats(sessionPath.slice(3), t.manager.membershipId)).toBe(1);
  });

  it("lets the manager monitor unseen, seeing the visitor type and chat", async () => {
    await manager.getByText("You are monitoring. Nobody in the session sees you.").waitFor();
    await manager.getByText("Live", { exact: true }).waitFor();
    await expect.poll(() => manager.getByRole("button", { name: "Monitor" }).getAttribute("aria-pressed")).toBe("true");

    // The visitor types; the manager sees it letter by letter, through the server's copy.
    await visitor.getByLabel("Message").pressSequentially("My parcel is late", { delay: 40 });
    await manager.getByText("is typing: My parcel is late").waitFor({ timeout: 15_000 });
    await screenshot(manager, "monitor-sees-typing");
    await visitor.getByLabel("Message").press("Enter");
    await manager.locator("ol[role=log]").getByText("My parcel is late").waitFor();
    await agent.locator("ol[role=log]").getByText("My parcel is late").waitFor();

    await visitorSeesOnlyTwo();
    await visitor.getByRole("button", { name: "Panel" }).click();
    await visitor.getByRole("tab", { name: "Who" }).click();
    await screenshot(visitor, "monitor-visitor-who-panel");
    await visitorSeesOnlyTwo();
    await visitor.getByRole("button", { name: "Panel" }).click();
    // Nor does the agent see the manager.
    expect(await agent.locator('ul[aria-label="Participants"] > li').count()).toBe(2);
  });

  it("switches to prompting: the suggestion reaches agent1 only, who sends it as their own", async () => {
    await manager.getByRole("button", { name: "Prompt" }).click();
    await manager.getByText("You are prompting. Your lines reach only the leader.").waitFor();
    expect(manager.url()).not.toContain("join=");
    await manager.getByLabel("Message").fill(prompt);
    await manager.getByLabel("Message").press("Enter");
    await manager.getByRole("region", { name: "Your prompts" }).getByText(prompt).waitFor();
    await screenshot(manager, "prompter-sent");

    const suggestions = agent.getByRole("region", { name: "Suggestions from your prompter" });
    await suggestions.getByText(prompt).waitFor({ timeout: 10_000 });
    await screenshot(agent, "prompter-agent-suggestion");
    // The visitor has no trace of it.
    expect(await visitor.locator("body").textContent()).not.toContain(prompt);

    await suggestions.getByRole("button", { name: /Use suggestion/ }).click();
    await expect.poll(() => agent.getByLabel("Message").inputValue()).toBe(prompt);
    await agent.getByLabel("Message").press("End");
    await agent.getByLabel("Message").pressSequentially(" today");
    await agent.getByLabel("Message").press("Enter");

    const sent = `${prompt} today`;
    const line = visitor.locator("ol[role=log] li[data-seq]").filter({ hasText: sent });
    await line.waitFor({ timeout: 10_000 });
    // It is agent1's own line, as any other.
    expect(await line.textContent()).toContain("Ada Agent");
    await manager.locator("ol[role=log]").getByText(sent).waitFor();
    expect(await agent.getByRole("region", { name: "Suggestions from your prompter" }).count()).toBe(0);
    await screenshot(visitor, "prompter-visitor-sees-agent-line");
    await visitorSeesOnlyTwo();
  });

  it("offers no sidebar in the one-on-one; the unseen manager coaches agent1 in one the visitor never hears of", async () => {
    const note = `Offer the express option (${tag})`;
    // A sidebar with the only other person would be the room again: neither side is offered one.
    expect(await visitor.getByRole("button", { name: "New sidebar" }).count()).toBe(0);
    expect(await agent.getByRole("button", { name: "New sidebar" }).count()).toBe(0);

    await manager.getByRole("button", { name: "New sidebar" }).click();
    const dialog = manager.getByRole("dialog", { name: "New sidebar" });
    // Unseen, the manager may open one with staff only.
    expect(await dialog.getByRole("checkbox").count()).toBe(1);
    await dialog.getByLabel("Ada Agent").check();
    await dialog.getByRole("button", { name: "Open sidebar" }).click();
    await expect.poll(() => manager.getByRole("tab", { name: "Ada Agent" }).getAttribute("aria-selected")).toBe("true");
    await manager.getByLabel("Message").fill(note);
    await manager.getByLabel("Message").press("Enter");
    await manager.locator("ol[role=log]").getByText(note).waitFor();

    // agent1 gets an unread count on the sidebar's tab, and the line when opening it.
    const tab = agent.getByRole("tab", { name: new RegExp(MANAGER_NAME) });
    await tab.getByText("1").waitFor({ timeout: 10_000 });
    await screenshot(agent, "sidebar-agent-unread");
    await tab.click();
    await agent.locator("ol[role=log]").getByText(note).waitFor();
    await screenshot(manager, "sidebar-manager");
    // The visitor has no trace of it, nor of the manager.
    expect(await visitor.locator("body").textContent()).not.toContain(note);
    expect(await visitor.getByRole("tablist", { name: "Conversations" }).count()).toBe(0);
    await visitorSeesOnlyTwo();

    // agent1 closes it for both: its line stays, read-only, and the manager can no longer write there.
    await agent.getByRole("button", { name: "Close for everyone" }).click();
    await agent.getByText("Closed sidebar:").waitFor();
    await manager.getByText("Closed sidebar:").waitFor();
    await manager.locator("ol[role=log]").getByText(note).waitFor();
    await expect.poll(() => manager.getByLabel("Message").isDisabled()).toBe(true);
    await manager.getByRole("tab", { name: "Room" }).click();
    await agent.getByRole("tab", { name: "Room" }).click();
    expect(errors).toEqual([]);
  });

  it("barges in from the manager's console only after confirming: now the room sees the manager join", async () => {
    // The console's Barge in link opens a confirmation; opening it (or reopening it) joins nothing.
    await manager.goto(`${appUrl}/manager`);
    await manager.locator(`a[href="${sessionPath}?join=agent"]`).click();
    const confirm = manager.getByRole("region", { name: "Join visibly?" });
    await confirm.waitFor();
    await manager.reload();
    await confirm.waitFor();
    await screenshot(manager, "barge-in-confirm");
    await visitorSeesOnlyTwo();

    // Back in the session (still prompting), the manager barges in from the staff bar, sends the
    // line already typed at once, and starts another before the page has switched to the new role.
    const line = "Hello Grace, I am the team manager.";
    const draft = `I will check the courier now (${tag})`;
    await manager.goto(`${appUrl}${sessionPath}`);
    await manager.getByText("You are prompting. Your lines reach only the leader.").waitFor();
    // The barge-in's request is held (then passed on unchanged) until both are typed, so they are
    // typed while the page still shows the prompter's seat, however fast the server answers.
    let release = () => {};
    const typed = new Promise<void>((r) => (release = r));
    await manager.route(/\/api\/trpc\/[^?]*joinAsStaff/, async (route) => {
      await typed;
      await route.continue();
    });
    await manager.getByLabel("Message").fill(line);
    await manager.getByRole("group", { name: "Your role in this session" }).getByRole("button", { name: "Barge in" }).click();
    await manager.getByRole("dialog", { name: "Barge in?" }).getByRole("button", { name: "Barge in" }).click();
    await manager.getByLabel("Message").press("Enter");
    await manager.getByLabel("Message").fill(draft);
    await manager.getByText("You are prompting. Your lines reach only the leader.").waitFor();
    release();

    await visitor.locator("ol[role=log]").getByText(`${MANAGER_NAME} joined`).waitFor({ timeout: 10_000 });
    await expect.poll(() => visitor.locator('ul[aria-label="Participants"] > li').count()).toBe(3);
    // The line reached the room, as the manager's own, after the join; it was never a prompt.
    const said = visitor.locator("ol[role=log] li[data-seq]").filter({ hasText: line });
    await said.waitFor({ timeout: 10_000 });
    expect(await said.textContent()).toContain(MANAGER_NAME);
    expect(await agent.locator("body").textContent()).not.toContain("Suggestions from your prompter");
    // The page is the manager's visible seat now, and the draft typed meanwhile is still there.
    await manager.getByText("You are prompting. Your lines reach only the leader.").waitFor({ state: "detached" });
    await manager.getByText("Live", { exact: true }).waitFor();
    await expect.poll(() => manager.getByLabel("Message").inputValue()).toBe(draft);
    // The rebuilt page's input line has the keyboard the old one had: typing on goes on into it.
    expect(await manager.evaluate(() => document.activeElement?.id)).toBe("chat-input");
    await manager.keyboard.type("!");
    await expect.poll(() => manager.getByLabel("Message").inputValue()).toBe(`${draft}!`);
    await manager.keyboard.press("Enter");
    await visitor.locator("ol[role=log]").getByText(`${draft}!`).waitFor();
    await screenshot(visitor, "barge-in-visitor");
    expect(errors).toEqual([]);
  });
});

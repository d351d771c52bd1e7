// A busy agent works a session from a console tab, not the full viewer, and still gets what is
// addressed to them there: agent1 serves two visitors (the first opens the full viewer, the second
// a console tab); a manager prompts unseen in the first and opens a sidebar with agent1 (its visitor,
// alone with agent1, is offered none).
// Both light the first session's tab; inside it agent1 finds the suggestion and the sidebar tab, uses
// the suggestion as their own line, writes in the sidebar, and a draft never crosses between the
// two. On an org of its own (tests/e2e/tenant.ts).
import type { Browser, BrowserContext, Page } from "playwright-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "./browser";
import { DEMO_PASSWORD, acceptRequest, setReady, signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

/** agent1's capacity (no UI for an agent to raise it; a new member has 1). */
async function setCapacity(membershipId: string, capacity: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query(`UPDATE "AgentPresence" SET capacity = $1 WHERE "membershipId" = $2`, [capacity, membershipId]);
    expect(r.rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

describe.skipIf(!appUrl)("prompts and sidebars in an agent console tab", () => {
  let t: Tenant;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let agent: Page;
  let grace: Page;
  let linus: Page;
  let manager: Page;
  let firstId = "";
  const errors: string[] = [];
  const tag = Date.now().toString(36);
  const q1 = `Is my order insured? (${tag})`;
  const q2 = `Do you ship abroad? (${tag})`;
  const prompt = `Tell her every parcel is insured (${tag})`;
  const note = `A private word (${tag})`;
  const sidebarDraft = `Only for you, Grace (${tag})`;

  const sessionTab = (name: RegExp) => agent.getByRole("tablist", { name: "Open sessions" }).getByRole("tab", { name });
  const pane = () => agent.locator(`#panel-${firstId}`);

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Parcel Co" });
    browser = await launchBrowser();
    const open = (width: number, height: number) => openPage(browser, { contexts, errors }, width, height);
    agent = await open(1280, 900);
    grace = await open(390, 844);
    linus = await open(390, 844);
    manager = await open(1280, 860);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function queue(visitor: Page, name: string, question: string) {
    await visitor.goto(`${appUrl}/l/${t.launcherKey}`);
    await visitor.getByLabel("Your name").fill(name);
    await visitor.getByLabel(/How can we help/).fill(question);
    await visitor.getByRole("button", { name: "Join the queue" }).click();
    await visitor.waitForURL(/\/wait\//);
  }

  it("opens the first session in the full viewer and the second as a console tab", async () => {
    await signIn(agent, appUrl, t.agents[0]!.email, "/agent");
    await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
    await setReady(agent, true);

    await queue(grace, "Grace", q1);
    await acceptRequest(agent, q1);
    await grace.waitForURL(/\/s\//, { timeout: 20_000 });
    await setCapacity(t.agents[0]!.membershipId, 2);
    firstId = new URL(agent.url()).pathname.split("/")[2]!;
    await agent.goto(`${appUrl}/agent`);
    await pane().getByText("Live", { exact: true }).waitFor();

    await queue(linus, "Linus", q2);
    await agent.locator("article").filter({ hasText: q2 }).getByRole("button", { name: "Accept" }).click({ timeout: 30_000 });
    await linus.waitForURL(/\/s\//, { timeout: 20_000 });
    // Juggling: the second one opens here, as the active tab; Grace's session waits in its own tab.
    await expect.poll(() => sessionTab(/Linus/).getAttribute("aria-selected")).toBe("true");
    expect(new URL(agent.url()).pathname).toBe("/agent");
    expect(await sessionTab(/Grace/).getAttribute("aria-selected")).toBe("false");
  });

  it("lights Grace's tab for the manager's prompt and for the manager's sidebar line", async () => {
    // The manager's link, through sign-in and back into the session, as on /manager.
    await manager.goto(`${appUrl}/s/${firstId}?join=prompter`);
    await manager.waitForURL(/\/sign-in/);
    await manager.getByLabel("Email").fill(t.manager.email);
    await manager.getByLabel("Password").fill(DEMO_PASSWORD);
    await manager.getByRole("button", { name: "Sign in" }).click();
    await manager.waitForURL((u) => u.pathname === `/s/${firstId}`);
    // The link only asks (a GET never seats anyone); the button joins.
    await manager.getByRole("button", { name: "Prompt unseen" }).click();
    await manager.getByText("You are prompting. Your lines reach only the leader.").waitFor();
    await manager.getByLabel("Message").fill(prompt);
    await manager.getByLabel("Message").press("Enter");
    await manager.getByRole("region", { name: "Your prompts" }).getByText(prompt).waitFor();
    await sessionTab(/Grace/).locator('[aria-label="1 unread"]').waitFor({ timeout: 10_000 });

    // Grace is alone with agent1: a sidebar would be the room again, so she is offered none.
    expect(await grace.getByRole("button", { name: "New sidebar" }).count()).toBe(0);
    await manager.getByRole("button", { name: "New sidebar" }).click();
    const dialog = manager.getByRole("dialog", { name: "New sidebar" });
    await dialog.getByLabel("Ada Agent").check();
    await dialog.getByRole("button", { name: "Open sidebar" }).click();
    await expect.poll(() => manager.getByRole("tab", { name: "Ada Agent" }).getAttribute("aria-selected")).toBe("true");
    await manager.getByLabel("Message").fill(note);
    await manager.getByLabel("Message").press("Enter");
    await manager.locator("ol[role=log]").getByText(note).waitFor();
    await sessionTab(/Grace/).locator('[aria-label="2 unread"]').waitFor({ timeout: 10_000 });
    await screenshot(agent, "console-tab-unread-prompt-sidebar");

    // The full viewer keeps a draft per conversation too: the manager's sidebar draft stays out of the room.
    await manager.getByLabel("Message").fill("not for the room");
    await manager.getByRole("tab", { name: "Room" }).click();
    expect(await manager.getByLabel("Message").inputValue()).toBe("");
    await manager.getByRole("tab", { name: "Ada Agent" }).click();
    expect(await manager.getByLabel("Message").inputValue()).toBe("not for the room");
    await manager.getByLabel("Message").fill("");
    await manager.getByRole("tab", { name: "Room" }).click();
  });

  it("shows the suggestion and the sidebar inside the tab, each with its own draft", async () => {
    await sessionTab(/Grace/).click();
    await expect.poll(() => sessionTab(/Grace/).locator('[aria-label$="unread"]').count()).toBe(0);
    const suggestions = pane().getByRole("region", { name: "Suggestions from your prompter" });
    await suggestions.getByText(prompt).waitFor();
    const conversations = pane().getByRole("tablist", { name: "Conversations" });
    const sidebar = conversations.getByRole("tab", { name: /Max Manager/ });
    expect(await sidebar.textContent()).toMatch(/1\s*unread/);
    await screenshot(agent, "console-tab-suggestion-sidebar");

    // Use the suggestion: it fills the room's box, to edit and send as agent1's own line.
    const box = pane().getByRole("combobox");
    await suggestions.getByRole("button", { name: /Use suggestion/ }).click();
    await expect.poll(() => box.inputValue()).toBe(prompt);

    // The sidebar has its own (empty) box; what is typed there stays there.
    await sidebar.click();
    await pane().locator("ol[role=log]").getByText(note).waitFor();
    expect(await box.inputValue()).toBe("");
    await box.pressSequentially(sidebarDraft);
    await conversations.getByRole("tab", { name: "Room" }).click();
    expect(await box.inputValue()).toBe(prompt);
    await sidebar.click();
    expect(await box.inputValue()).toBe(sidebarDraft);
    await box.press("Enter");
    await manager.getByRole("tab", { name: "Ada Agent" }).click();
    await manager.locator("ol[role=log]").getByText(sidebarDraft).waitFor({ timeout: 10_000 });

    // Back in the room, the suggestion is still there to send, edited.
    await conversations.getByRole("tab", { name: "Room" }).click();
    expect(await box.inputValue()).toBe(prompt);
    await box.press("End");
    await box.pressSequentially(" and tracked");
    await box.press("Enter");
    const line = grace.locator("ol[role=log] li[data-seq]").filter({ hasText: `${prompt} and tracked` });
    await line.waitFor({ timeout: 10_000 });
    expect(await line.textContent()).toContain("Ada Agent");
    expect(await grace.locator("ol[role=log]").textContent()).not.toContain(sidebarDraft);
    expect(await pane().getByRole("region", { name: "Suggestions from your prompter" }).count()).toBe(0);

    // Closing the sidebar from the console: its box is disabled, for the manager too.
    await sidebar.click();
    await pane().getByRole("button", { name: "Close for everyone" }).click();
    await pane().getByText("Closed sidebar:").waitFor();
    await expect.poll(() => box.isDisabled()).toBe(true);
    await expect.poll(() => manager.getByLabel("Message").isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  });
});

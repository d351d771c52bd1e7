// The manager's live monitor and the agent console in three browsers: the manager watches agent1's
// status change live (no reload) as agent1 flips its switch; then agent1 serves a visitor from a
// console tab, answering with a macro, saving a note, while the manager sees the session with its
// monitor / prompt / barge-in links, sending it back to the queue (the visitor keeps the room) and
// taking it again. On an org of its own (tests/e2e/tenant.ts) with the demo's "Thanks" macro.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";
import { acceptRequest, signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

describe.skipIf(!appUrl)("the manager's live monitor", () => {
  let t: Tenant;
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let manager: Page;
  let agent: Page;
  let visitor: Page;
  const errors: string[] = [];
  const question = `Can I pay yearly? (${Date.now().toString(36)})`;

  const adaCard = () => manager.locator("li[data-agent]").filter({ hasText: "Ada Agent" }).first();
  const adaStatus = () => adaCard().locator("[data-status]").first().getAttribute("data-status");
  const sw = () => agent.getByRole("switch");
  // The switch shows the status the server saved (no optimistic flip): under load that round trip
  // outlasts expect.poll's 1 s default, as it may the staff channel's (10 s below).
  const SWITCH = { timeout: 10_000 };

  beforeAll(async () => {
    t = await createTenant(databaseUrl, {
      name: "Yearly Co",
      macros: [{ title: "Thanks", shortcut: "thanks", body: "Thanks for your patience! Is there anything else I can help with?" }],
    });
    browser = await launchBrowser();
    contexts = await Promise.all([
      browser.newContext({ viewport: { width: 1280, height: 900 } }),
      browser.newContext({ viewport: { width: 1280, height: 900 } }),
      browser.newContext({ viewport: { width: 390, height: 844 } }),
    ]);
    [manager, agent, visitor] = (await Promise.all(contexts.map((c) => c.newPage()))) as [Page, Page, Page];
    for (const p of [manager, agent, visitor]) p.on("pageerror", (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("shows agent1 going not ready, ready and not ready again, live and without a reload", async () => {
    await signIn(agent, appUrl, t.agents[0]!.email, "/agent");
    await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
    await agent.getByText("Live", { exact: true }).waitFor();
    if ((await sw().getAttribute("aria-checked")) === "true") {
      await sw().click();
      await expect.poll(() => sw().getAttribute("aria-checked"), SWITCH).toBe("false");
    }

    await signIn(manager, appUrl, t.manager.email, "/manager");
    await manager.getByRole("heading", { name: "Live monitor" }).waitFor();
    await manager.getByText("Live", { exact: true }).waitFor();
    await manager.evaluate(() => Object.assign(window, { __sameDocument: true }));
    await expect.poll(adaStatus).not.toBe("available");

    await sw().click();
    await expect.poll(() => sw().getAttribute("aria-checked"), SWITCH).toBe("true");
    await expect.poll(adaStatus, { timeout: 10_000 }).toBe("available");
    expect(await adaCard().textContent()).toMatch(/Available\s*for \d+s/);

    await sw().click();
    await expect.poll(() => sw().getAttribute("aria-checked"), SWITCH).toBe("false");
    await expect.poll(adaStatus, { timeout: 10_000 }).toBe("away");
    // The same document all along: the changes came over the staff channel, not a reload.
    expect(await manager.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await screenshot(manager, "manager-monitor");
  });

  it("serves a visitor from a console tab with a macro and a note, while the manager sees the session", async () => {
    await sw().click();
    await expect.poll(() => sw().getAttribute("aria-checked"), SWITCH).toBe("true");
    await visitor.goto(`${appUrl}/l/${t.launcherKey}`);
    await visitor.getByLabel("Your name").fill("Grace");
    await visitor.getByLabel(/How can we help/).fill(question);
    await visitor.getByRole("button", { name: "Join the queue" }).click();
    await visitor.waitForURL(/\/wait\//);

    await acceptRequest(agent, question);
    await visitor.waitForURL(/\/s\//, { timeout: 20_000 });
    const sessionId = new URL(agent.url()).pathname.split("/")[2]!;

    // Back in the console, the session is a tab with the conversation and the context panel.
    await agent.goto(`${appUrl}/agent`);
    const tab = agent.getByRole("tab", { name: /Grace/ });
    await tab.waitFor();
    const panel = agent.locator(`#panel-${sessionId}`);
    // The question is the conversation's first line (and in the context panel beside it).
    await panel.getByRole("log", { name: "Conversation" }).getByText(question).waitFor();
    await panel.getByText("Live", { exact: true }).waitFor();

    // The visitor writes while the agent looks: the line shows in the tab.
    await visitor.getByLabel("Message").fill("Hello from Grace");
    await visitor.getByLabel("Message").press("Enter");
    await panel.locator("ol[role=log]").getByText("Hello from Grace").waitFor();

    // "/" opens the macro menu; Enter picks the highlighted macro into the input, Enter sends it.
    await agent.keyboard.press("Alt+KeyM");
    const box = panel.getByRole("combobox");
    await expect.poll(() => agent.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("combobox");
    await box.pressSequentially("/than");
    await panel
      .getByRole("listbox", { name: "Macros" })
      .getByRole("option", { name: /Thanks/ })
      .waitFor();
    await screenshot(agent, "agent-console-macro-menu");
    await box.press("Enter");
    expect(await box.inputValue()).toBe("Thanks for your patience! Is there anything else I can help with?");
    await box.press("Enter");
    await visitor.locator("ol[role=log]").getByText("Thanks for your patience!").waitFor();

    // A note on the visitor, with a clear saved state.
    await panel.getByLabel("Notes on this visitor").fill("Asked about yearly billing.");
    await panel.getByRole("button", { name: "Save notes" }).click();
    await panel.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    await screenshot(agent, "agent-console");

    // The manager sees the session under Ada, with the ways to join it: Monitor and Prompt are
    // buttons (a POST joins, never a GET), Barge in a link to its confirmation.
    await expect.poll(() => adaCard().textContent(), { timeout: 10_000 }).toContain("Grace");
    const row = adaCard().locator("li").filter({ hasText: "Grace" }).first();
    await row.getByRole("button", { name: "Monitor" }).waitFor();
    await row.getByRole("button", { name: "Prompt" }).waitFor();
    expect(await row.getByRole("link", { name: /Monitor|Prompt/ }).count()).toBe(0);
    expect(await row.getByRole("link", { name: "Barge in" }).getAttribute("href")).toBe(`/s/${sessionId}?join=agent`);
    await screenshot(manager, "manager-monitor-with-session");

    // Back to the queue: the visitor stays in the same room and is told; agent1, the only one ready,
    // is offered the request again and, accepting, joins that same session.
    await panel.getByRole("button", { name: "Transfer" }).click();
    await agent
      .getByRole("dialog")
      .getByLabel(/Back to the queue/)
      .check();
    await agent.getByRole("dialog").getByRole("button", { name: "Transfer" }).click();
    await agent
      .getByText(/went back to the queue/)
      .first()
      .waitFor();
    await visitor.getByText(/passed this session back to the queue/).waitFor({ timeout: 10_000 });
    expect(new URL(visitor.url()).pathname).toBe(`/s/${sessionId}`);
    const again = agent.locator("article").filter({ hasText: question });
    await again.getByRole("button", { name: "Accept" }).click({ timeout: 30_000 });
    await agent.waitForURL(`${appUrl}/s/${sessionId}`);
    await visitor.locator("ol[role=log]").getByText("Thanks for your patience!").waitFor();
    await agent.goto(`${appUrl}/agent`);
    await panel.getByText("Live", { exact: true }).waitFor();

    // Ending from the console tab ends it for the visitor too.
    await panel.getByRole("button", { name: "End session" }).click();
    await panel.getByRole("button", { name: "End for everyone" }).click();
    await visitor.getByText("This session has ended.", { exact: false }).waitFor({ timeout: 10_000 });
    await expect.poll(() => agent.getByRole("tab", { name: /Grace/ }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("lets the manager add, edit and delete a team macro on /dashboard/macros", async () => {
    const title = `Hours ${Date.now().toString(36)}`;
    await manager.goto(`${appUrl}/dashboard/macros`);
    await manager.getByRole("heading", { name: "Team macros" }).waitFor();
    await manager.getByRole("button", { name: "New team macro" }).click();
    const form = manager.getByRole("form", { name: "New team macro" });
    await form.getByLabel("Title").fill(title);
    await form.getByLabel("Shortcut").fill("/thanks");
    await form.getByLabel("Text").fill("We are open 9 to 5.");
    await form.getByRole("button", { name: "Save" }).click();
    // The org already has /thanks: the clash is shown by the field and nothing is saved.
    await form.getByText(/already used by “Thanks”/).waitFor();
    await form.getByLabel("Shortcut").fill(`hours-${Date.now().toString(36)}`);
    await form.getByRole("button", { name: "Save" }).click();
    await manager.getByText(`Added “${title}”.`).waitFor();
    await manager.getByRole("button", { name: `Edit ${title}` }).waitFor();
    await screenshot(manager, "dashboard-macros");
    await manager.getByRole("button", { name: `Edit ${title}` }).click();
    await manager
      .getByRole("form", { name: `Edit ${title}` })
      .getByLabel("Text")
      .fill("We are open 9 to 6.");
    await manager
      .getByRole("form", { name: `Edit ${title}` })
      .getByRole("button", { name: "Save" })
      .click();
    await manager.getByText("We are open 9 to 6.").waitFor();
    manager.once("dialog", (d) => void d.accept());
    await manager.getByRole("button", { name: `Delete ${title}` }).click();
    await manager.getByText(`Deleted “${title}”.`).waitFor();
    expect(await manager.getByText(title, { exact: true }).count()).toBe(0);
  });
});

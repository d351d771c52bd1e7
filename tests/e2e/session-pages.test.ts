// Issue 12 items 9-12 in real browsers. A visitor WITHOUT JavaScript queues with a question; agent2
// accepts. The visitor lands on the basic chat (a form that posts, a conversation frame that
// refreshes), where the question is the first line (item 9), as it is on the agent's session page
// and console tab; the agent is told the visitor has no live connection; lines go both ways (item
// 12). A manager prompts unseen; the agent ends the session. Then the ended session is a read-only
// transcript for the visitor (with the client's way out, item 14) and the agent, linked from the
// console, the live monitor and the dashboard (item 11), and the manager's replay draws the prompt,
// in one date format, with a way back (item 10). On an org of its own (tests/e2e/tenant.ts).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "./browser";
import { acceptRequest, endSession, setReady, signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

describe.skipIf(!appUrl)("the session pages: question, basic chat, ended sessions, replay", () => {
  let t: Tenant;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  let agent: Page;
  let visitor: Page;
  let manager: Page;
  let sessionId = "";
  const tag = Date.now().toString(36);
  const question = `Can I pay by invoice? (${tag})`;
  const visitorLine = `Typed with JavaScript off (${tag})`;
  const agentReply = `Yes, invoices are fine (${tag})`;
  const prompt = `Mention the 30-day terms (${tag})`;

  const frame = () => visitor.frameLocator('iframe[title="Conversation"]');
  const agentLog = () => agent.locator("ol[role=log]").first();

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Invoice Co" });
    browser = await launchBrowser();
    agent = await openPage(browser, { contexts, errors }, 1280, 900);
    manager = await openPage(browser, { contexts, errors }, 1280, 860);
    const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    contexts.push(noScript);
    visitor = await noScript.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sends a visitor without JavaScript from the waiting room to a basic chat, the question first (items 9, 12)", async () => {
    await signIn(agent, appUrl, t.agents[1]!.email, "/agent");
    await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
    await setReady(agent, true);

    await visitor.goto(`${appUrl}/l/${t.launcherKey}`);
    await visitor.getByLabel("Your name").fill("Ada");
    await visitor.getByLabel(/How can we help/).fill(question);
    await visitor.getByRole("button", { name: "Join the queue" }).click();
    await visitor.waitForURL(/\/wait\//);
    await acceptRequest(agent, question);
    sessionId = new URL(agent.url()).pathname.split("/")[2]!;

    // The waiting page's own refresh brings the visitor in; the session page sends a browser without
    // JavaScript on to the basic chat instead of "Connecting…" for ever.
    await visitor.waitForURL(`${appUrl}/s/${sessionId}/basic`, { timeout: 30_000 });
    await visitor.getByText("Basic chat: JavaScript is off in your browser.").waitFor();
    const first = frame().locator("ol[role=log] > li").nth(1);
    await first.waitFor();
    expect(await first.getAttribute("data-question-of")).not.toBeNull();
    expect(await first.textContent()).toContain(`Your question${question}`);
    await screenshot(visitor, "basic-chat-question");

    // The agent's session page: the question is the conversation's first line there too.
    const agentFirst = agentLog().locator(":scope > li").nth(1);
    await agentFirst.waitFor();
    expect(await agentFirst.getAttribute("data-question-of")).not.toBeNull();
    expect(await agentFirst.textContent()).toContain(`Ada's question${question}`);
    // And is told plainly that this visitor has no live connection.
    await agentLog().getByText("Ada is on the basic page without JavaScript: no live connection").waitFor();
  });

  it("posts the visitor's line through the form, and shows the agent's reply after a refresh (item 12)", async () => {
    await visitor.getByLabel("Message").fill(visitorLine);
    await visitor.getByRole("button", { name: "Send" }).click();
    await visitor.waitForURL(`${appUrl}/s/${sessionId}/basic`);
    await frame().getByText(visitorLine).waitFor();
    expect(await visitor.getByLabel("Message").inputValue()).toBe("");
    await agentLog().getByText(visitorLine).waitFor();

    await agent.getByLabel("Message").fill(agentReply);
    await agent.getByLabel("Message").press("Enter");
    await agentLog().getByText(agentReply).waitFor();
    // No script on the visitor's side: the conversation frame's own refresh brings the reply.
    await frame().getByText(agentReply).waitFor({ timeout: 20_000 });
    await screenshot(visitor, "basic-chat-reply");
  });

  it("shows the question first in the agent console's tab (item 9)", async () => {
    await agent.goto(`${appUrl}/agent`);
    const pane = agent.locator(`#panel-${sessionId}`);
    const first = pane.locator("ol[role=log] > li").nth(1);
    await first.waitFor();
    expect(await first.textContent()).toContain(question);
    expect(await first.getAttribute("data-question-of")).not.toBeNull();
  });

  it("lets a manager prompt unseen, and the agent end the session", async () => {
    await signIn(manager, appUrl, t.manager.email, "/manager");
    // Through the API the pages use (the joining UI is not what this file tests).
    const status = await manager.evaluate(
      async ({ id, text, cid }) => {
        const post = (path: string, input: unknown) =>
          fetch(`/api/trpc/${path}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ json: input }),
          }).then((r) => r.status);
        return [
          await post("sessions.joinAsStaff", { sessionId: id, role: "PROMPTER" }),
          await post("sessions.prompt", { sessionId: id, text, clientEventId: cid }),
        ];
      },
      { id: sessionId, text: prompt, cid: `e2e-prompt-${tag}` },
    );
    expect(status).toEqual([200, 200]);
    await agent.goto(`${appUrl}/s/${sessionId}`);
    await endSession(agent);
  });

  it("shows the visitor the ended session as a read-only transcript (item 11)", async () => {
    await frame().getByText("This session has ended.").waitFor({ timeout: 20_000 });
    await frame().getByRole("link", { name: "Read the transcript" }).click();
    await visitor.waitForURL(`${appUrl}/s/${sessionId}`);
    await visitor.getByText("This session ended at").waitFor();
    const log = visitor.locator("ol[role=log]");
    expect(await log.locator(":scope > li").nth(1).textContent()).toContain(question);
    await log.getByText(agentReply).waitFor();
    expect(await log.textContent()).not.toContain(prompt);
    expect(await visitor.getByText("You left the session").count()).toBe(0);
    expect(await visitor.getByRole("textbox").count()).toBe(0);
    // The visitor's way out is the client's, in its name (item 14), never our home page.
    await visitor.getByRole("heading", { name: t.orgName }).waitFor();
    // This visitor came with no referring page and has no JavaScript: nothing to go back to and no
    // script to close the window, so the page says so rather than show a Close that does nothing.
    await visitor.getByText("You can close this window now.").waitFor();
    expect(await visitor.locator('a[href="/"], a[href="#"]').count()).toBe(0);
    await screenshot(visitor, "ended-session-visitor");
  });

  it("links the agent's ended session from the console, to a transcript with a way back (item 11)", async () => {
    await agent.goto(`${appUrl}/agent`);
    const recent = agent.getByRole("region", { name: "Your recent sessions" });
    await recent.getByRole("link", { name: new RegExp(`Ada[\\s\\S]*${tag}`) }).click();
    await agent.waitForURL(`${appUrl}/s/${sessionId}?back=%2Fagent`);
    await agent.getByText("This session ended at").waitFor();
    await agent.locator("ol[role=log]").getByText(visitorLine).waitFor();
    await agent.getByRole("link", { name: "Back to agent console" }).click();
    await agent.waitForURL(`${appUrl}/agent`);
  });

  it("gives the manager the transcript from the monitor and a replay that draws the prompt, one date format, a way back (items 10, 11)", async () => {
    await manager.goto(`${appUrl}/manager`);
    await manager
      .getByRole("region", { name: "Recent sessions" })
      .getByRole("link", { name: new RegExp(tag) })
      .first()
      .click();
    await manager.waitForURL(`${appUrl}/s/${sessionId}?back=%2Fmanager`);
    await manager.getByText("This session ended at").waitFor();
    // Staff with sessions.read audit: the prompt is there, marked private.
    await manager.locator('[data-private="prompt"]').getByText(prompt).waitFor();

    await manager.getByRole("link", { name: "Replay" }).click();
    await manager.waitForURL(/\/replay\?back=/);
    await manager.locator('[data-private="prompt"]').getByText(prompt).waitFor();
    expect(await manager.locator('[data-private="prompt"]').textContent()).toContain("Prompt from");
    // One format for every date: no title stamped "YYYY-MM-DD HH:MM UTC" beside the browser's own.
    const header = manager.locator("header").first();
    expect(await header.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    const times = await header
      .locator("time")
      .evaluateAll((els) =>
        els.map((e) => [
          e.textContent,
          new Date(e.getAttribute("datetime")!).toLocaleString([], { dateStyle: "medium", timeStyle: "short" }),
        ]),
      );
    expect(times.length).toBeGreaterThanOrEqual(2);
    for (const [shown, expected] of times) expect(shown).toBe(expected);
    await screenshot(manager, "replay-with-prompt");

    await manager.getByRole("link", { name: "Transcript" }).click();
    await manager.waitForURL(`${appUrl}/s/${sessionId}?back=%2Fmanager`);
    await manager.getByRole("link", { name: "Back to live monitor" }).click();
    await manager.waitForURL(`${appUrl}/manager`);
  });

  it("links it from the owner's dashboard too (item 11)", async () => {
    const owner = await openPage(browser, { contexts, errors }, 1280, 860);
    await signIn(owner, appUrl, t.owner.email, "/dashboard");
    await owner
      .getByRole("region", { name: "Recent sessions" })
      .getByRole("link", { name: new RegExp(tag) })
      .first()
      .click();
    await owner.waitForURL(`${appUrl}/s/${sessionId}?back=%2Fdashboard`);
    await owner.getByText("This session ended at").waitFor();
    expect(errors).toEqual([]);
  });
});

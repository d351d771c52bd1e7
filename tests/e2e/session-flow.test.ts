// The whole product in two browsers: a visitor clicks the launcher on an allowed client site, the
// agent accepts, both land in /s/{id}; they chat both ways and each sees the other type; the agent
// leads to a page served locally and the visitor's view shows it; the baton goes to the visitor, who
// leads back; a reload mid-session restores the transcript; a visitor on a slow connection (its sockets held) misses
// neither the accept nor a line sent while its page connects.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";
import { acceptRequest, setReady, signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

describe.skipIf(!appUrl)("a live session between two browsers", () => {
  let t: Tenant;
  let browser: Browser;
  let site: http.Server;
  let siteUrl: string;
  let agentCtx: BrowserContext;
  let visitorCtx: BrowserContext;
  let agent: Page;
  let visitor: Page;
  const errors: string[] = [];
  const question = `Which plan fits a team of five? (${Date.now().toString(36)})`;
  /** A slow network for the visitor's realtime sockets (Playwright's routeWebSocket, set up in beforeAll). */
  const slow = {
    held: false,
    opened: 0,
    gate: Promise.resolve(),
    release: () => {},
    hold() {
      this.held = true;
      this.gate = new Promise<void>((r) => (this.release = () => ((this.held = false), r())));
    },
  };

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Team Plans" });
    browser = await launchBrowser();
    // The client's own site, and the pages the agent leads to (127.0.0.1 is an allowed domain of the file's org).
    site = http.createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><title>Shop ${req.url}</title><h1 id="page">Shop page ${req.url}</h1><a id="live-help" href="${appUrl}/l/${t.launcherKey}">Talk to us live</a>`,
      );
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    agentCtx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    visitorCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    agent = await agentCtx.newPage();
    visitor = await visitorCtx.newPage();
    // A hydration error means the server and the browser rendered different pages: fail loudly.
    for (const p of [agent, visitor]) p.on("pageerror", (e) => errors.push(e.message));
    // The visitor's realtime sockets go through here; while `slow` holds, a new one waits to connect.
    await visitor.routeWebSocket(
      () => true,
      async (ws) => {
        slow.opened += 1;
        await slow.gate;
        try {
          ws.connectToServer();
        } catch {
          // The page went away (a navigation) while its socket was held.
        }
      },
    );
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
  });

  it("queues the visitor and connects them to the agent who accepts", async () => {
    await signIn(agent, appUrl, t.agents[1]!.email, "/agent");
    await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
    await agent.getByText("Live", { exact: true }).waitFor();
    await setReady(agent, true);

    await visitor.goto(`${siteUrl}/pricing`);
    await visitor.click("#live-help");
    await visitor.getByLabel("Your name").fill("Grace");
    await visitor.getByLabel(/How can we help/).fill(question);
    // A slow connection: the waiting page's realtime socket and its status checks are held until the
    // agent has accepted, so the accept reaches no one. Once through, the page must still move at
    // once (its first subscription reads the status), not at its next 30 s check.
    slow.hold();
    await visitor.route(/\/wait\/[^/]+\/status/, (r) => (slow.held ? r.abort() : r.continue()));
    await visitor.getByRole("button", { name: "Join the queue" }).click();
    await visitor.waitForURL(/\/wait\//);

    await acceptRequest(agent, question, () => screenshot(agent, "flow-agent-offer"));
    slow.release();
    await visitor.waitForURL(/\/s\//, { timeout: 10_000 });
    await visitor.unroute(/\/wait\/[^/]+\/status/);
    expect(new URL(visitor.url()).pathname).toBe(new URL(agent.url()).pathname);
    await agent.getByText("Live", { exact: true }).waitFor();
    await visitor.getByText("Live", { exact: true }).waitFor();
  });

  it("chats both ways, each side seeing the other type letter by letter", async () => {
    await visitor.getByLabel("Message").pressSequentially("Hello, I am looking", { delay: 30 });
    // The agent sees the text while it is being typed, before anything is sent.
    await agent.getByText("Hello, I am looking").waitFor({ timeout: 10_000 });
    expect(await agent.locator("[data-typing-from]").textContent()).toContain("is typing: Hello, I am looking");
    await screenshot(agent, "flow-agent-sees-typing");
    await visitor.getByLabel("Message").pressSequentially(" at pricing");
    await visitor.getByLabel("Message").press("Enter");
    await agent.locator("ol[role=log]").getByText("Hello, I am looking at pricing").waitFor();
    await expect.poll(() => agent.locator("[data-typing-from]").count()).toBe(0);

    await agent.getByLabel("Message").pressSequentially("Sure, let me show you", { delay: 20 });
    await visitor.getByText("is typing: Sure, let me show you").waitFor({ timeout: 10_000 });
    await agent.getByLabel("Message").press("Enter");
    await visitor.locator("ol[role=log]").getByText("Sure, let me show you").waitFor();

    // Both transcripts hold the same lines in the same order.
    const lines = async (p: Page) =>
      await p.locator("ol[role=log] li[data-seq]").evaluateAll((els) => els.map((e) => e.getAttribute("data-seq")));
    await expect.poll(async () => JSON.stringify(await lines(visitor))).toBe(JSON.stringify(await lines(agent)));
  });

  it("leads the visitor's view to a page, then passes the baton and follows the visitor back", async () => {
    await agent.getByLabel("Lead everyone to").fill(`${siteUrl}/plans`);
    await agent.getByRole("button", { name: "Lead", exact: true }).click();
    const visitorFrame = () => visitor.frameLocator('iframe[title="Page shared by the leader"]');
    await expect.poll(() => visitorFrame().locator("#page").textContent({ timeout: 10_000 })).toBe("Shop page /plans");
    // After leading, focus is back in the chat input.
    await expect.poll(() => agent.evaluate(() => document.activeElement?.id)).toBe("chat-input");
    await screenshot(visitor, "flow-visitor-led");

    await agent.getByRole("tab", { name: "Who" }).click();
    await agent.getByRole("button", { name: "Pass the lead" }).click();
    // The visitor now has the address bar.
    await visitor.getByLabel("Lead everyone to").waitFor({ timeout: 10_000 });
    await visitor.getByLabel("Lead everyone to").fill(`${siteUrl}/checkout`);
    await visitor.getByRole("button", { name: "Lead", exact: true }).click();
    const agentFrame = agent.frameLocator('iframe[title="Page shared by the leader"]');
    await expect.poll(() => agentFrame.locator("#page").textContent({ timeout: 10_000 })).toBe("Shop page /checkout");
    await screenshot(agent, "flow-agent-led-by-visitor");
  });

  it("restores the whole transcript after a reload", async () => {
    const seqs = () =>
      visitor.locator("ol[role=log] li[data-seq]").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-seq")}:${e.textContent}`));
    const before = await seqs();
    await visitor.reload();
    await visitor.getByText("Live", { exact: true }).waitFor();
    expect(await seqs()).toEqual(before);
    await visitor.locator("ol[role=log]").getByText("Sure, let me show you").waitFor();
    // And the conversation goes on.
    await visitor.getByLabel("Message").fill("Thanks, that helps!");
    await visitor.getByLabel("Message").press("Enter");
    await agent.locator("ol[role=log]").getByText("Thanks, that helps!").waitFor();
    await screenshot(visitor, "flow-visitor-after-reload");
  });

  it("shows a line sent while the visitor's page was still connecting", async () => {
    slow.hold();
    const opened = slow.opened;
    await visitor.reload();
    // The page has rendered its transcript and is trying to connect; its socket is held.
    await expect.poll(() => slow.opened).toBeGreaterThan(opened);
    await agent.getByLabel("Message").fill("Are you still there?");
    await agent.getByLabel("Message").press("Enter");
    await agent.locator("ol[role=log]").getByText("Are you still there?").waitFor();
    expect(await visitor.locator("ol[role=log]").getByText("Are you still there?").count()).toBe(0);
    slow.release();
    await visitor.getByText("Live", { exact: true }).waitFor();
    // Nothing else is sent: only the page's own catch-up on subscribing can bring the line.
    await visitor.locator("ol[role=log]").getByText("Are you still there?").waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
  });
});

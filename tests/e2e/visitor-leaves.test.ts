// After the visitor leaves (issue 12, items 14 and 15). The visitor comes from a page of the
// client's site (an allowed domain of the file's own org), agent2 accepts, they chat; the visitor leaves: their
// farewell carries the client's name and takes them back to that page, not to our home page. The
// agent's page says the visitor left (no more "Live", the room's input line closed) and offers
// wrap-up: an outcome and tags, kept on the session, which then ends.
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openPage, launchBrowser, screenshot } from "./browser";
import { acceptRequest, endSession, setReady, signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

describe.skipIf(!appUrl)("after the visitor leaves", () => {
  let t: Tenant;
  let browser: Browser;
  let site: http.Server;
  let siteUrl: string;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  let agent: Page;
  let visitor: Page;
  let sessionId = "";
  const tag = Date.now().toString(36);
  const question = `Can I change my delivery address? (${tag})`;

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Delivery Co" });
    browser = await launchBrowser();
    // The client's site: its help link carries the page, as the embed's window does (docs/embed.md).
    site = http.createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      // A page with the embed's button: live help opens in a window of its own.
      if (req.url === "/embed")
        return void res.end(
          `<!doctype html><title>Shop</title><h1>Shop</h1><script src="${appUrl}/embed.js" data-launcher="${t.launcherKey}" async></script>`,
        );
      res.end(
        `<!doctype html><title>Shop ${req.url}</title><h1 id="page">Shop page ${req.url}</h1><a id="live-help" href="${appUrl}/l/${t.launcherKey}?page=${encodeURIComponent(`${siteUrl}${req.url}`)}">Talk to us live</a>`,
      );
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    agent = await openPage(browser, { contexts, errors }, 1280, 860);
    visitor = await openPage(browser, { contexts, errors }, 390, 844);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
  });

  it("connects the visitor, who came from the client's order page, to agent2", async () => {
    await signIn(agent, appUrl, t.agents[1]!.email, "/agent");
    await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
    await setReady(agent, true);
    await visitor.goto(`${siteUrl}/orders/42`);
    await visitor.click("#live-help");
    await visitor.getByLabel("Your name").fill("Lin");
    await visitor.getByLabel(/How can we help/).fill(question);
    await visitor.getByRole("button", { name: "Join the queue" }).click();
    await visitor.waitForURL(/\/wait\//);
    await acceptRequest(agent, question);
    await visitor.waitForURL(/\/s\//, { timeout: 20_000 });
    sessionId = new URL(agent.url()).pathname.split("/")[2]!;
    await visitor.getByText("Live", { exact: true }).waitFor();
    await visitor.getByLabel("Message").fill("Thanks, that is all");
    await visitor.getByLabel("Message").press("Enter");
    await agent.locator("ol[role=log]").getByText("Thanks, that is all").waitFor();
  });

  it("tells the agent the visitor left, closes the room's input line and wraps up with an outcome and tags", async () => {
    await visitor.getByRole("button", { name: "Exit" }).click();
    await visitor.getByRole("dialog").getByRole("button", { name: "Leave" }).click();
    await visitor.getByRole("heading", { name: "You left the session" }).waitFor();

    const left = agent.getByRole("region", { name: "The visitor left" });
    await left.waitFor({ timeout: 10_000 });
    await agent.getByText("Visitor left", { exact: true }).waitFor();
    expect(await agent.getByText("Live", { exact: true }).count()).toBe(0);
    await expect.poll(() => agent.getByLabel("Message").isDisabled()).toBe(true);
    await screenshot(agent, "visitor-left-wrap-up");

    await left.getByLabel("Needs follow-up").check();
    await left.getByLabel(/Tags/).fill("address change, Delivery,  delivery ");
    await left.getByRole("button", { name: "Wrap up and end" }).click();
    await agent.getByText("Ended", { exact: true }).waitFor({ timeout: 10_000 });
    expect(await agent.getByRole("region", { name: "The visitor left" }).count()).toBe(0);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const r = await client.query<{ status: string; disposition: string; tags: string[] }>(
        `SELECT status, disposition, tags FROM "Session" WHERE id = $1`,
        [sessionId],
      );
      expect(r.rows[0]).toEqual({ status: "ENDED", disposition: "FOLLOW_UP", tags: ["address change", "Delivery"] });
    } finally {
      await client.end();
    }
  });

  it("sends the visitor back to the client's page they came from, in the client's name", async () => {
    await visitor.getByText(`Thanks for talking with ${t.orgName}.`).waitFor();
    await screenshot(visitor, "visitor-farewell");
    await visitor.getByRole("link", { name: "Back to 127.0.0.1" }).click();
    await visitor.waitForURL(`${siteUrl}/orders/42`);
    await visitor.locator("#page").getByText("Shop page /orders/42").waitFor();
    expect(errors).toEqual([]);
  });

  it("closes the window the embed opened when the visitor closes it after the session", async () => {
    const shopper = await openPage(browser, { contexts, errors }, 1280, 860);
    const question2 = `Do you ship abroad? (${tag})`;
    await shopper.goto(`${siteUrl}/embed`);
    const opened = shopper.context().waitForEvent("page");
    await shopper.getByRole("button", { name: /Live help|Chat|Talk/i }).click();
    const popup = await opened;
    await popup.getByLabel("Your name").fill("Kai");
    await popup.getByLabel(/How can we help/).fill(question2);
    await popup.getByRole("button", { name: "Join the queue" }).click();
    await popup.waitForURL(/\/wait\//);
    await agent.goto(`${appUrl}/agent`);
    await acceptRequest(agent, question2);
    await popup.waitForURL(/\/s\//, { timeout: 20_000 });
    await popup.getByText("Live", { exact: true }).waitFor();
    await endSession(agent);
    await popup.getByText("This session has ended.", { exact: false }).waitFor({ timeout: 10_000 });
    const closed = popup.waitForEvent("close");
    // The link closes its own window, which can happen while Playwright still finishes the click:
    // then the click reports the page closed, which is the outcome this test wants (any other error fails).
    const clicked = popup
      .getByRole("link", { name: "Close" })
      .click()
      .then(
        () => null,
        (e: unknown) => e,
      );
    await closed;
    const failure = await clicked;
    if (failure && !(failure instanceof Error && /closed/.test(failure.message))) throw failure;
    expect(popup.isClosed()).toBe(true);
    // The client's page stays where it was.
    expect(shopper.url()).toBe(`${siteUrl}/embed`);
    expect(errors).toEqual([]);
  });
});

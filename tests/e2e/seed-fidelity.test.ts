// Issue 13 item 4 in two browsers: the agent picks their avatar in the console; a visitor comes from
// a client page a page rule gives the "leaf" avatar, reads the monitoring notice before joining and
// at the top of the session, and sees both pictures in the participant strip and beside the agent's
// line. The agent's console tab shows when and from which address the visitor entered.
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MONITORING_NOTICE } from "../../components/viewer/monitoring-notice";
import { launchBrowser, openPage, screenshot } from "./browser";
import { endConsoleSessions, joinAndBeServed, setReady, signIn } from "./demo";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");
const RULE_POSITION = 913;

describe.skipIf(!appUrl)("avatars, the monitoring notice and the entry stamp in a session", () => {
  let browser: Browser;
  let site: http.Server;
  let siteUrl: string;
  let sql: pg.Client;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  let agent: Page;
  let visitor: Page;
  const question = `Do you stock brake pads? (${Date.now().toString(36)})`;

  beforeAll(async () => {
    browser = await launchBrowser();
    site = http.createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><title>Parts</title><h1>Parts ${req.url}</h1><a id="live-help" href="${appUrl}/l/demo?page=${encodeURIComponent(`${siteUrl}${req.url}`)}">Talk to us live</a>`,
      );
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    sql = new pg.Client({ connectionString: databaseUrl });
    await sql.connect();
    // The demo launcher gets a rule for the parts pages; its scenario tells visitors they may be monitored.
    await sql.query(
      `INSERT INTO "LauncherPageRule" (id, "orgId", "launcherId", position, "urlPattern", "avatarUrl")
       SELECT 'e2e-seed-fidelity-rule', "orgId", id, $1, '/parts/*', '/avatars/leaf.svg' FROM "Launcher" WHERE key = 'demo'`,
      [RULE_POSITION],
    );
    await sql.query(`UPDATE "Scenario" SET "monitoringNotice" = true WHERE id = (SELECT "scenarioId" FROM "Launcher" WHERE key = 'demo')`);
    agent = await openPage(browser, { contexts, errors }, 1280, 860);
    visitor = await openPage(browser, { contexts, errors }, 390, 844);
  });

  afterAll(async () => {
    try {
      // The demo as seeded for sign-in.test.ts, which reads it too: agent2's sessions ended, not ready.
      if (agent) {
        await endConsoleSessions(agent, appUrl);
        await setReady(agent, false);
      }
    } finally {
      await sql?.query(`DELETE FROM "LauncherPageRule" WHERE id = 'e2e-seed-fidelity-rule'`);
      await sql?.query(
        `UPDATE "Membership" SET "avatarUrl" = NULL WHERE "userId" = (SELECT id FROM "User" WHERE email = 'agent2@demo.test')`,
      );
      await sql?.end();
      await browser?.close();
      await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
    }
  });

  it("lets the agent pick the avatar visitors will see", async () => {
    await signIn(agent, appUrl, "agent2@demo.test", "/agent");
    await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
    const picker = agent.getByRole("group", { name: "Your avatar in sessions" });
    // The radio is visually hidden inside its picture tile: the tile is what a person clicks.
    await picker.locator('label[title="Spark"]').click();
    await agent.getByText("Saved. New sessions show it.").waitFor();
    expect(await picker.getByRole("radio", { name: "Spark" }).isChecked()).toBe(true);
    await setReady(agent, true);
  });

  it("tells the visitor about monitoring before they join and at the top of the session, with both avatars", async () => {
    await visitor.goto(`${siteUrl}/parts/brakes`);
    await visitor.click("#live-help");
    await visitor.getByText(MONITORING_NOTICE).waitFor();
    await joinAndBeServed(visitor, agent, question);
    await visitor.getByTestId("monitoring-notice").waitFor();
    const strip = visitor.getByRole("list", { name: "Participants" });
    await strip.locator('img[src="/avatars/spark.svg"]').waitFor();
    await strip.locator('img[src="/avatars/leaf.svg"]').waitFor();

    await agent.getByLabel("Message").fill("Yes, front and rear.");
    await agent.getByLabel("Message").press("Enter");
    await visitor.locator("ol[role=log]").getByText("Yes, front and rear.").waitFor();
    // Beside the agent's line, the agent's own picture.
    expect(await visitor.locator('ol[role=log] [data-line-avatar="/avatars/spark.svg"]').count()).toBeGreaterThan(0);
    await screenshot(visitor, "seed-fidelity-visitor");
  });

  // The browser reached the app on loopback (IPv4 or IPv6, as localhost resolved). That the room never receives it is asserted on the server's answers (tests/integration/seed-fidelity.test.ts).
  it("shows the agent when and from where the visitor entered", async () => {
    await agent.goto(`${appUrl}/agent`);
    const stamp = agent.getByTestId("entry-stamp");
    await stamp.waitFor();
    expect(await stamp.textContent()).toMatch(/from (127\.0\.0\.1|::1)$/);
    await screenshot(agent, "seed-fidelity-agent-context");
    expect(errors).toEqual([]);
  });
});

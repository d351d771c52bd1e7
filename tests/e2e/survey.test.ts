// Issue 16 part 3: a visitor rates a session and the agent sees it (docs/surveys.md). A scenario
// with a 1-5 star survey and a comment, behind a launcher of its own, in the file's own org
// (tests/e2e/tenant.ts). agent2 serves the visitor and ends the session;
// the visitor picks 4 stars with the keyboard, writes a comment and submits; comes back with a new
// question from the same browser, and agent2 reads "Rated 4 of 5 stars" and the comment in the
// visitor's earlier sessions beside the new conversation.
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "./browser";
import { acceptRequest, setReady, signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

describe.skipIf(!appUrl)("satisfaction survey", () => {
  let t: Tenant;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  let agent: Page;
  let visitor: Page;
  const tag = Date.now().toString(36);
  const key = `survey-${tag}`;
  const comment = `Very helpful, thank you (${tag})`;
  let scenarioId = "";
  let launcherId = "";
  let firstSessionId = "";

  async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Survey Co" });
    scenarioId = `survey-scn-${tag}`;
    launcherId = `survey-lch-${tag}`;
    await sql(
      `INSERT INTO "Scenario" (id, "orgId", name, survey, "surveyComment", "updatedAt") VALUES ($1, $2, $3, 'STARS', true, now())`,
      [scenarioId, t.orgId, `Survey e2e ${tag}`],
    );
    await sql(
      `INSERT INTO "Launcher" (id, "orgId", key, name, "scenarioId", "allowDirectVisits", "updatedAt") VALUES ($1, $2, $3, $4, $5, true, now())`,
      [launcherId, t.orgId, key, `Survey e2e ${tag}`, scenarioId],
    );
    browser = await launchBrowser();
    agent = await openPage(browser, { contexts, errors }, 1280, 900);
    visitor = await openPage(browser, { contexts, errors }, 390, 844);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function askAndBeServed(question: string): Promise<string> {
    await visitor.goto(`${appUrl}/l/${key}`);
    await visitor.getByLabel("Your name").fill("Noor");
    await visitor.getByLabel(/How can we help/).fill(question);
    await visitor.getByRole("button", { name: "Join the queue" }).click();
    await visitor.waitForURL(/\/wait\//);
    await acceptRequest(agent, question);
    await visitor.waitForURL(/\/s\//, { timeout: 20_000 });
    await visitor.getByText("Live", { exact: true }).waitFor();
    return new URL(visitor.url()).pathname.split("/")[2]!;
  }

  it("serves the visitor and ends the session", async () => {
    await signIn(agent, appUrl, t.agents[1]!.email, "/agent");
    await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
    await setReady(agent, true);
    firstSessionId = await askAndBeServed(`Where is my parcel? (${tag})`);
    await visitor.getByLabel("Message").fill("Found it, thanks");
    await visitor.getByLabel("Message").press("Enter");
    await agent.locator("ol[role=log]").getByText("Found it, thanks").waitFor();
    await agent.getByRole("button", { name: "End session" }).click();
    await agent.getByRole("dialog").getByRole("button", { name: "End session" }).click();
    await agent.getByRole("heading", { name: "You left the session" }).waitFor();
  });

  it("lets the visitor rate it 4 stars with the keyboard and a comment, once", async () => {
    await visitor.getByText("This session has ended.", { exact: false }).waitFor({ timeout: 10_000 });
    const survey = visitor.getByRole("region", { name: "How did it go?" });
    await survey.waitFor();
    const group = survey.getByRole("group", { name: "Rate this session from 1 to 5 stars" });
    // Submit without a choice: said, nothing sent.
    await survey.getByRole("button", { name: "Submit" }).click();
    await survey.getByRole("alert").getByText("Choose from 1 to 5 stars.").waitFor();
    // The stars are one radio group: arrow keys move the choice.
    await group.getByRole("radio", { name: "1 star: Very poor" }).focus();
    await visitor.keyboard.press("Space");
    for (let i = 0; i < 3; i++) await visitor.keyboard.press("ArrowRight");
    expect(await group.getByRole("radio", { name: "4 stars: Good" }).isChecked()).toBe(true);
    await survey.getByLabel(/Anything to add/).fill(comment);
    await screenshot(visitor, "survey-visitor");
    await survey.getByRole("button", { name: "Submit" }).click();
    const thanks = visitor.getByRole("region", { name: "Thank you for your feedback" });
    await thanks.getByText("You rated this session: 4 of 5 stars.").waitFor();
    await screenshot(visitor, "survey-thanks");

    const rows = await sql<{ scale: string; rating: number; value: string; comment: string }>(
      `SELECT scale::text, rating, value, comment FROM "SurveyAnswer" WHERE "sessionId" = $1`,
      [firstSessionId],
    );
    expect(rows).toEqual([{ scale: "STARS", rating: 4, value: "4", comment }]);
    // A reload shows the thank-you, not the survey again.
    await visitor.reload();
    await visitor.getByRole("region", { name: "Thank you for your feedback" }).waitFor();
    expect(await visitor.getByRole("region", { name: "How did it go?" }).count()).toBe(0);
  });

  it("shows the agent the rating in the returning visitor's earlier sessions", async () => {
    await agent.goto(`${appUrl}/agent`);
    await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
    const second = await askAndBeServed(`One more question (${tag})`);
    expect(second).not.toBe(firstSessionId);
    // The console's tab of the conversation, with its context panel.
    await agent.goto(`${appUrl}/agent`);
    const about = agent.getByRole("complementary", { name: /About/ }).filter({ hasText: `One more question (${tag})` });
    await about.waitFor({ timeout: 15_000 });
    const earlier = about.getByRole("listitem").filter({ has: agent.locator(`a[href^="/s/${firstSessionId}"]`) });
    await earlier.getByText("Rated 4 of 5 stars").waitFor();
    await earlier.getByText(`“${comment}”`).waitFor();
    await screenshot(agent, "survey-agent-earlier-sessions");
    expect(errors).toEqual([]);
  });
});

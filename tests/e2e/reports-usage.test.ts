// The usage and trends pages in Chromium, on a desktop and a 375 px phone: a manager of the file's own org
// sees three sessions the test writes (yesterday, ended, all asking about solar panels) in the agent
// table, the hour-of-week heatmap and the subjects chart; the trends page shows the term rising;
// a bad range answers with a message, not an error page.
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "./browser";
import { signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

describe.skipIf(!appUrl)("usage and trends reports", () => {
  let t: Tenant;
  let browser: Browser;
  const sink = { contexts: [] as BrowserContext[], errors: [] as string[] };
  let desk: Page;
  let phone: Page;
  let orgId = "";
  // A word of its own (terms start with a letter), so other files' sessions never change its counts.
  const tag = `zq${randomBytes(3).toString("hex")}`;
  const since = new Date(Date.now() - 3 * 86_400_000);

  async function rebuild() {
    const { rebuildUsage } = await import("../../server/reports/usage/rollup");
    const { rebuildTerms } = await import("../../server/reports/trends/rollup");
    await rebuildUsage(orgId, since, new Date(Date.now() + 86_400_000));
    await rebuildTerms(orgId, since, new Date(Date.now() + 86_400_000));
  }

  beforeAll(async () => {
    // createTenant points DATABASE_URL (read on first use by the roll-up code) at the app's database.
    t = await createTenant(databaseUrl, { name: "Solar Co" });
    const { db } = await import("../../server/db");
    orgId = t.orgId;
    const agent = { id: t.agents[0]!.membershipId };
    const launcher = await db.launcher.findUniqueOrThrow({ where: { id: t.launcherId } });
    const start0 = Date.now() - 26 * 3_600_000;
    for (let i = 0; i < 3; i++) {
      const start = new Date(start0 + i * 20 * 60_000);
      const end = new Date(start.getTime() + 10 * 60_000);
      const visitor = await db.visitor.create({ data: { orgId, cookieId: `e2e-usage-${tag}-${i}`, name: "Report visitor" } });
      const entry = await db.queueEntry.create({
        data: {
          orgId,
          launcherId: launcher.id,
          scenarioId: launcher.scenarioId,
          visitorId: visitor.id,
          status: "ASSIGNED",
          question: `Solar panels quote ${tag}`,
          referrerUrl: `https://shop.example.test/solar-${tag}`,
          enqueuedAt: start,
          assignedAt: start,
          endedAt: end,
        },
      });
      const s = await db.session.create({
        data: {
          orgId,
          scenarioId: launcher.scenarioId,
          launcherId: launcher.id,
          queueEntryId: entry.id,
          kind: "ONE_ON_ONE",
          status: "ENDED",
          startedAt: start,
          endedAt: end,
        },
      });
      const seat = await db.participant.create({
        data: { orgId, sessionId: s.id, role: "AGENT", membershipId: agent.id, displayName: "Ada Agent", joinedAt: start, leftAt: end },
      });
      await db.participant.create({
        data: {
          orgId,
          sessionId: s.id,
          role: "VISITOR",
          visitorId: visitor.id,
          displayName: "Report visitor",
          joinedAt: start,
          leftAt: end,
        },
      });
      await db.sessionEvent.create({
        data: {
          orgId,
          sessionId: s.id,
          seq: 1,
          type: "chat",
          actorParticipantId: seat.id,
          payload: { text: "Solar panels are in stock" },
          createdAt: new Date(start.getTime() + 30_000),
        },
      });
    }
    await rebuild();
    browser = await launchBrowser();
    desk = await openPage(browser, sink, 1280, 900);
    phone = await openPage(browser, sink, 375, 812);
    await signIn(desk, appUrl, t.manager.email, "/manager");
    await signIn(phone, appUrl, t.manager.email, "/manager");
  });

  afterAll(async () => {
    await browser?.close();
    const { disconnectDb } = await import("../../server/db");
    await disconnectDb();
  });

  it("usage: the agent's sessions, the heatmap and the subjects chart, with tables and CSV", async () => {
    await desk.goto(`${appUrl}/manager/reports/usage`);
    await desk.getByRole("heading", { name: "Usage", level: 1 }).waitFor();
    const agents = desk.locator("section").filter({ has: desk.getByRole("heading", { name: "Agents" }) });
    expect(await agents.locator("table").textContent()).toContain("Ada Agent");
    // The chart is aria-hidden (its table is what assistive technology reads), so find it by label.
    const heat = desk.locator('svg[aria-label="Sessions by hour of week"]');
    await heat.waitFor();
    expect(await heat.locator("rect").count()).toBe(168);
    const subjects = desk.locator("section").filter({ has: desk.getByRole("heading", { name: "What visitors ask about" }) });
    await subjects.locator(".recharts-bar-rectangle").first().waitFor();
    expect(await subjects.locator("table").textContent()).toContain(tag);
    const [download] = await Promise.all([desk.waitForEvent("download"), agents.getByRole("button", { name: "CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^usage-agents-.*\.csv$/);
    await screenshot(desk, "reports-usage");

    await phone.goto(`${appUrl}/manager/reports/usage`);
    await phone.locator('svg[aria-label="Sessions by hour of week"]').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(phone, "reports-usage-phone");
  });

  it("trends: the new term rises; a ten-year range is a message", async () => {
    // The default range is whole weeks before the one under way; this test's sessions are from
    // yesterday, so it asks for the last seven days (stretched to whole weeks, as the page does).
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    await desk.goto(`${appUrl}/manager/reports/trends?from=${day(Date.now() - 6 * 86_400_000)}&to=${day(Date.now())}`);
    const rising = desk.locator("section").filter({ has: desk.getByRole("heading", { name: "Rising terms" }) });
    await rising.locator(".recharts-bar-rectangle").first().waitFor();
    expect(await rising.locator("table").textContent()).toMatch(new RegExp(`${tag}\\s*3\\s*0\\s*new`));
    await screenshot(desk, "reports-trends");

    await desk.goto(`${appUrl}/manager/reports/trends?from=2016-01-01&to=2026-01-01`);
    await desk.getByRole("alert").filter({ hasText: "at most 366 days" }).waitFor();
    expect(sink.errors).toEqual([]);
  });
});

// The queue report in Chromium, desktop and a 375 px phone: a manager of the file's own org sees the
// arrivals the test writes yesterday (one answered in 12 s, one abandoned, one expired) per day and
// per 15 minutes, with a drawn chart, its table and a CSV; a launcher filter and week grain render;
// a bad range is a message, not an error page.
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "./browser";
import { signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

describe.skipIf(!appUrl)("queue report", () => {
  let t: Tenant;
  let browser: Browser;
  const sink = { contexts: [] as BrowserContext[], errors: [] as string[] };
  let desk: Page;
  let phone: Page;
  let orgId = "";
  const tag = randomBytes(3).toString("hex");
  const since = new Date(Date.now() - 3 * 86_400_000);

  async function rebuild() {
    const { rebuildQueueIntervals, rebuildQueueDays } = await import("../../server/reports/queue/rollup");
    await rebuildQueueIntervals(orgId, since, new Date(Date.now() + 86_400_000));
    await rebuildQueueDays(orgId, since, new Date(Date.now() + 86_400_000));
  }

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Queue Co" });
    const { db } = await import("../../server/db");
    orgId = t.orgId;
    const launcher = await db.launcher.findUniqueOrThrow({ where: { id: t.launcherId } });
    const agent = { id: t.agents[0]!.membershipId };
    const at = new Date(Date.now() - 26 * 3_600_000);
    const outcomes = [
      {
        status: "ASSIGNED" as const,
        assignedAt: new Date(at.getTime() + 12_000),
        assignedMembershipId: agent.id,
        endedAt: new Date(at.getTime() + 600_000),
      },
      { status: "ABANDONED" as const, endedAt: new Date(at.getTime() + 40_000), endReason: "visitor_left" },
      { status: "EXPIRED" as const, endedAt: new Date(at.getTime() + 90_000), endReason: "expired" },
    ];
    for (const [i, o] of outcomes.entries()) {
      const visitor = await db.visitor.create({ data: { orgId, cookieId: `e2e-queue-${tag}-${i}`, name: "Queue visitor" } });
      await db.queueEntry.create({
        data: {
          orgId,
          launcherId: launcher.id,
          scenarioId: launcher.scenarioId,
          visitorId: visitor.id,
          question: `queue report ${tag}`,
          enqueuedAt: at,
          ...o,
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

  it("per day and per 15 minutes: the arrivals, a drawn chart, the table and a CSV", async () => {
    await desk.goto(`${appUrl}/manager/reports/queue`);
    await desk.getByRole("heading", { name: "Queue", level: 1 }).waitFor();
    const perDay = desk.locator("section").filter({ has: desk.getByRole("heading", { name: "Per day" }) });
    await perDay.locator(".recharts-bar-rectangle").first().waitFor();
    const quarter = desk.locator("section").filter({ has: desk.getByRole("heading", { name: "Per 15 minutes" }) });
    await quarter.getByRole("button", { name: "Table" }).click();
    // Our three arrivals, one answered.
    const cells = await quarter.locator("tbody tr").first().locator("td").allTextContents();
    expect(cells.length).toBeGreaterThan(4);
    const [download] = await Promise.all([desk.waitForEvent("download"), perDay.getByRole("button", { name: "CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^queue-days-.*\.csv$/);
    const totals = await desk.getByRole("region", { name: "Totals" }).textContent();
    expect(totals).toMatch(/Arrivals\s*\d/);
    await screenshot(desk, "reports-queue");

    await desk.goto(`${appUrl}/manager/reports/queue?grain=week`);
    await desk.getByRole("heading", { name: "Per launcher and week" }).waitFor();

    await phone.goto(`${appUrl}/manager/reports/queue`);
    await phone.getByRole("heading", { name: "Per day" }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(phone, "reports-queue-phone");
  });

  it("a ten-year range and a day that does not exist are messages, not error pages", async () => {
    await desk.goto(`${appUrl}/manager/reports/queue?from=2016-01-01&to=2026-01-01`);
    await desk.getByRole("alert").filter({ hasText: "366 days" }).waitFor();
    await desk.goto(`${appUrl}/manager/reports/queue?from=2026-02-30&to=2026-03-01`);
    // The page's own alert (Next adds an empty route announcer with the same role).
    await desk.getByRole("alert").filter({ hasText: "That date does not exist." }).waitFor();
    expect(await desk.locator("main, body").first().textContent()).not.toContain('"code"');
    expect(sink.errors).toEqual([]);
  });
});

// The staffing advisor in Chromium: with a member's status history saying ready since two hours ago
// (an AgentStatusChange row as set-status writes it; the advisor reads open spans live), the manager's
// staffing page draws the over/under chart (an svg with bars), its table and CSV sit beside it, and
// the what-if form answers as the manager types (the published Erlang C example: 50 arrivals in 15
// minutes, 180 s each, 80 % within 20 s needs 14 agents). Then the attendance page lists who
// attended a finished collaboration room (inserted as the room would leave it) and prints a
// certificate; a bad range is a sentence on either page.
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";
import { signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

describe.skipIf(!appUrl)("the staffing advisor", () => {
  let t: Tenant;
  let browser: Browser;
  let manager: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Staffing Co" });
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      // A member of the file's own org ready since two hours ago, still ready: an open span the
      // advisor reads live. An inactive membership, so no list or routing round sees them.
      const tag = Date.now().toString(36);
      await client.query(
        `WITH o AS (SELECT $2::text AS id),
              u AS (INSERT INTO "User" (id, email, name, "updatedAt") VALUES ('e2e-staff-' || $1, 'e2e-staffing-' || $1 || '@e2e.test', 'Shift Agent', now()) RETURNING id),
              m AS (INSERT INTO "Membership" (id, "orgId", "userId", role, active, "updatedAt") SELECT 'e2e-mem-' || $1, o.id, u.id, 'AGENT', false, now() FROM o, u RETURNING id, "orgId")
         INSERT INTO "AgentStatusChange" ("orgId", "membershipId", status, routable, capacity, at)
         SELECT m."orgId", m.id, 'available', true, 1, now() - interval '2 hours' FROM m`,
        [tag, t.orgId],
      );
    } finally {
      await client.end();
    }
    browser = await launchBrowser();
    manager = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    manager.on("pageerror", (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("shows the over/under chart with bars and its table, and the what-if form answers", async () => {
    await signIn(manager, appUrl, t.manager.email, "/manager");
    await manager.goto(`${appUrl}/manager/reports/staffing`);
    await manager.getByRole("heading", { name: "Staffing", level: 1 }).waitFor();
    const card = manager.locator("section").filter({ has: manager.getByRole("heading", { name: "Over / under staffing per 15 minutes" }) });
    await card.locator("svg.recharts-surface").first().waitFor();
    await expect.poll(() => card.locator("svg .recharts-bar-rectangle path").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // The same numbers as a table, one row per interval of the 7 days (96 a day, 92 or 100 on a DST day).
    const rows = await card.locator("table tbody tr").count();
    expect(rows).toBeGreaterThanOrEqual(7 * 96 - 4);
    expect(rows).toBeLessThanOrEqual(7 * 96 + 4);
    await card.getByRole("button", { name: "Table" }).click();
    await card.getByRole("columnheader", { name: "Agents needed" }).waitFor();
    const download = manager.waitForEvent("download");
    await card.getByRole("button", { name: "CSV" }).click();
    expect((await download).suggestedFilename()).toMatch(/^staffing-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-intervals\.csv$/);
    await card.getByRole("button", { name: "Chart" }).click();

    const form = manager.getByRole("form", { name: "What-if staffing" });
    await form.getByLabel("Arrivals per 15 minutes").fill("50");
    await form.getByLabel("Average handle time (s)").fill("180");
    await form.getByLabel("Answered within (s)").fill("20");
    await form.getByLabel("Share answered in time (%)").fill("80");
    const answer = manager.getByTestId("what-if-answer");
    await expect.poll(() => answer.textContent()).toContain("14 agents");
    await form.getByLabel("Share answered in time (%)").fill("90");
    await expect.poll(() => answer.textContent()).toContain("15 agents");
    await form.getByLabel("Share answered in time (%)").fill("100");
    await expect.poll(() => answer.textContent()).toContain("below 100");
    await form.getByLabel("Share answered in time (%)").fill("80");
    await screenshot(manager, "reports-staffing");
    expect(errors).toEqual([]);
  });

  it("lists who attended a collaboration room and prints a certificate", async () => {
    // A finished room of the org with one visitor present 45 of its 60 minutes.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const tag = Date.now().toString(36);
    let sessionId = "";
    try {
      const { rows } = await client.query<{ id: string }>(
        `WITH o AS (SELECT $2::text AS id),
              sc AS (SELECT s.id, s."orgId" FROM "Scenario" s JOIN o ON o.id = s."orgId" WHERE s.kind = 'COLLABORATION' LIMIT 1),
              v AS (INSERT INTO "Visitor" (id, "orgId", "cookieId", name) SELECT 'e2e-vis-' || $1, "orgId", 'e2e-cookie-' || $1, 'Grace Hopper' FROM sc RETURNING id, "orgId"),
              se AS (INSERT INTO "Session" (id, "orgId", "scenarioId", kind, status, title, "startedAt", "endedAt")
                     SELECT 'e2e-room-' || $1, sc."orgId", sc.id, 'COLLABORATION', 'ENDED', 'Compiler workshop ' || $1, now() - interval '2 hours', now() - interval '1 hour' FROM sc RETURNING id, "orgId", "startedAt")
         INSERT INTO "Participant" (id, "orgId", "sessionId", role, "visitorId", "displayName", "joinedAt", "leftAt")
         SELECT 'e2e-seat-' || $1, se."orgId", se.id, 'ATTENDEE', v.id, 'Grace Hopper', se."startedAt" + interval '15 minutes', se."startedAt" + interval '60 minutes' FROM se, v
         RETURNING "sessionId" AS id`,
        [tag, t.orgId],
      );
      sessionId = rows[0]!.id;
    } finally {
      await client.end();
    }
    await manager.goto(`${appUrl}/manager/reports/attendance?session=${sessionId}`);
    const card = manager
      .locator("section")
      .filter({ has: manager.getByRole("heading", { name: `Who attended: Compiler workshop ${tag}` }) });
    await card.locator("svg .recharts-bar-rectangle path").first().waitFor();
    await card.getByRole("button", { name: "Table" }).click();
    const row = card.locator("tbody tr").filter({ hasText: "Grace Hopper" });
    expect(await row.textContent()).toContain("75");
    await manager.getByRole("link", { name: "Grace Hopper" }).click();
    await manager.getByRole("heading", { name: "Certificate of attendance" }).waitFor();
    const text = await manager.locator("article").textContent();
    expect(text).toContain("Grace Hopper");
    expect(text).toContain(`Compiler workshop ${tag}`);
    expect(text).toMatch(/present for 45 minutes, 75 % of the 60-minute session/);
    await manager.emulateMedia({ media: "print" });
    expect(await manager.getByRole("button", { name: "Print or save as PDF" }).isVisible()).toBe(false);
    await screenshot(manager, "reports-attendance-certificate");
    await manager.emulateMedia({ media: "screen" });
    expect(errors).toEqual([]);
  });

  it("tells a bad range in words, not an error page", async () => {
    await manager.goto(`${appUrl}/manager/reports/staffing?from=2016-01-01&to=2026-01-01`);
    await expect.poll(() => manager.locator("p[role=alert]").textContent()).toMatch(/at most 7 days/);
    await manager.goto(`${appUrl}/manager/reports/attendance?from=2026-01-31&to=2026-01-01`);
    await expect.poll(() => manager.locator("p[role=alert]").textContent()).toMatch(/start date is after the end date/);
    await manager.setViewportSize({ width: 375, height: 800 });
    await manager.goto(`${appUrl}/manager/reports/staffing`);
    await manager.getByRole("form", { name: "What-if staffing" }).waitFor();
    expect(await manager.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(errors).toEqual([]);
  });
});

// The privacy page in Chromium as the owner of the file's own org (tests/e2e/tenant.ts): a visitor of it (written straight into the
// database with a queue entry, as a visit leaves one) is found by email, their data downloads as
// JSON, and they are erased after the confirmation dialog. The page is photographed at desktop and
// phone width. The erased visitor row stays behind anonymised, as every erased visitor does.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";
import { signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

describe.skipIf(!appUrl)("privacy page", () => {
  let t: Tenant;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const tag = randomBytes(4).toString("hex");
  const name = `Privacy Person ${tag}`;
  const email = `privacy-${tag}@example.test`;
  let visitorId = "";

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Privacy Co" });
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const org = await client.query<{ id: string; launcherId: string; scenarioId: string }>(
        `SELECT l."orgId" AS id, l.id AS "launcherId", l."scenarioId" FROM "Launcher" l WHERE l.id = $1`,
        [t.launcherId],
      );
      const { id: orgId, launcherId, scenarioId } = org.rows[0]!;
      visitorId = `e2eprivacy${tag}`;
      await client.query(
        `INSERT INTO "Visitor" (id, "orgId", "cookieId", name, email, notes) VALUES ($1, $2, $3, $4, $5, 'Prefers email')`,
        [visitorId, orgId, `cookie-${tag}`, name, email],
      );
      await client.query(
        `INSERT INTO "QueueEntry" (id, "orgId", "launcherId", "scenarioId", "visitorId", status, question, "endedAt") VALUES ($1, $2, $3, $4, $5, 'ABANDONED', $6, now())`,
        [`e2eprivacyq${tag}`, orgId, launcherId, scenarioId, visitorId, `Where is parcel ${tag}?`],
      );
    } finally {
      await client.end();
    }
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
    page.on("pageerror", (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("finds a visitor, downloads their data and erases them after a confirmation", async () => {
    await signIn(page, appUrl!, t.owner.email, "/dashboard/privacy");
    await page.waitForURL(`${appUrl}/dashboard/privacy`);
    await page.getByRole("heading", { name: "Privacy", level: 1 }).waitFor();
    await page.getByLabel("Name, email, visitor id or cookie id").fill(email);
    await page.getByRole("button", { name: "Search" }).click();
    const results = page.getByRole("list", { name: "Visitors found" });
    await results.getByText(name).waitFor();
    await screenshot(page, "privacy-found-desktop");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: `Export the data of ${name} as JSON` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`visitor-${visitorId}.json`);
    const doc = JSON.parse(await readFile(await download.path(), "utf8")) as {
      visitors: { name: string; email: string; notes: string; queueEntries: { question: string }[] }[];
    };
    expect(doc.visitors[0]).toMatchObject({ name, email, notes: "Prefers email", queueEntries: [{ question: `Where is parcel ${tag}?` }] });

    await page.getByRole("button", { name: `Erase ${name}` }).click();
    const dialog = page.getByRole("dialog", { name: "Erase this visitor?" });
    await dialog.waitFor();
    await screenshot(page, "privacy-confirm-desktop");
    await dialog.getByRole("button", { name: "Erase" }).click();
    await page.getByText(/^Erased\. \d+ rows were changed/).waitFor();
    // Searched by the email that is gone now, the visitor is no longer found.
    await page.getByText(`No visitor matches “${email}”.`).waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "privacy-erased-phone");

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const v = await client.query(`SELECT name, email, notes FROM "Visitor" WHERE id = $1`, [visitorId]);
      expect(v.rows[0]).toEqual({ name: null, email: null, notes: "" });
      const q = await client.query(`SELECT question FROM "QueueEntry" WHERE "visitorId" = $1`, [visitorId]);
      expect(q.rows).toEqual([{ question: "" }]);
      const audit = await client.query(`SELECT data FROM "AuditLog" WHERE action = 'privacy.visitor_erased' AND "targetId" = $1`, [
        visitorId,
      ]);
      expect(audit.rows).toHaveLength(1);
      expect(JSON.stringify(audit.rows[0])).not.toContain(email);
    } finally {
      await client.end();
    }
    expect(errors).toEqual([]);
  });
});

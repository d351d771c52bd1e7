// The auditorium in four browsers: a producer (manager), a speaker (agent1) and two attendees who
// came by the public join link. An attendee asks a question; the producer approves it, the speaker
// answers it on stage and both attendees read the answer in the stage chat; the producer leads the
// audience to a page and both attendees' views show it. Leaves the demo's event ended.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "./browser";
import { signIn } from "./demo";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

const rowId = (prefix: string) => `${prefix}${randomBytes(12).toString("hex")}`;

/**
 * A live auditorium of the demo org, its producer (the manager) and a speaker (agent1) seated, as
 * staff starting an event do; attendees come by its public link.
 */
async function startEvent(title: string): Promise<{ sessionId: string; joinKey: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const member = async (email: string) =>
      (await client.query<{ id: string; orgId: string; name: string }>(`SELECT m.id, m."orgId", u.name FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1`, [email])).rows[0]!;
    const manager = await member("manager@demo.test");
    const agent = await member("agent1@demo.test");
    const scenario = (await client.query<{ id: string }>(`SELECT id FROM "Scenario" WHERE "orgId" = $1 AND kind = 'AUDITORIUM' LIMIT 1`, [manager.orgId])).rows[0]!;
    const sessionId = rowId("e2eaud");
    const joinKey = randomBytes(16).toString("base64url");
    const producerId = rowId("e2eprod");
    await client.query("BEGIN");
    await client.query(`INSERT INTO "Session" (id, "orgId", "scenarioId", kind, title) VALUES ($1, $2, $3, 'AUDITORIUM', $4)`, [sessionId, manager.orgId, scenario.id, title]);
    await client.query(`INSERT INTO "Participant" (id, "orgId", "sessionId", role, "canLead", "membershipId", "displayName") VALUES ($1, $2, $3, 'PRODUCER', true, $4, $5), ($6, $2, $3, 'SPEAKER', true, $7, $8)`, [
      producerId,
      manager.orgId,
      sessionId,
      manager.id,
      manager.name,
      rowId("e2espk"),
      agent.id,
      agent.name,
    ]);
    await client.query(`UPDATE "Session" SET "leaderParticipantId" = $1 WHERE id = $2`, [producerId, sessionId]);
    await client.query(`INSERT INTO "Auditorium" (id, "orgId", "scenarioId", "joinKey", title, "maxAttendees", "sessionId") VALUES ($1, $2, $3, $4, $5, 100, $6)`, [
      rowId("e2eevt"),
      manager.orgId,
      scenario.id,
      joinKey,
      title,
      sessionId,
    ]);
    await client.query("COMMIT");
    return { sessionId, joinKey };
  } finally {
    await client.end();
  }
}

describe.skipIf(!appUrl)("an auditorium: producer, speaker and two attendees", () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  let site: http.Server;
  let siteUrl: string;
  let producer: Page;
  let speaker: Page;
  let attendees: Page[] = [];
  let event: { sessionId: string; joinKey: string };
  const tag = Date.now().toString(36);
  const question = `Will there be a recording? (${tag})`;
  const answer = `Yes, by Friday (${tag})`;

  beforeAll(async () => {
    browser = await launchBrowser();
    // The page the producer leads the audience to, served locally (FRAME_PROBE_ALLOW_HOSTS allows it).
    site = http.createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><title>Agenda ${req.url}</title><h1 id="page">Agenda page ${req.url}</h1>`);
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const open = (width: number, height: number) => openPage(browser, { contexts, errors }, width, height);
    producer = await open(1280, 860);
    speaker = await open(1280, 860);
    attendees = [await open(390, 844), await open(1024, 768)];
    event = await startEvent(`Spring launch (${tag})`);
  });

  afterAll(async () => {
    try {
      if (producer && event) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        // Leave the demo as found: the event over, every seat closed.
        await client.query(`UPDATE "Participant" SET "leftAt" = now() WHERE "sessionId" = $1 AND "leftAt" IS NULL`, [event.sessionId]);
        await client.query(`UPDATE "Session" SET status = 'ENDED', "endedAt" = now() WHERE id = $1`, [event.sessionId]);
        await client.end();
      }
    } finally {
      await browser?.close();
      await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
    }
  });

  it("seats the producer and the speaker on stage, each in their own view", async () => {
    await signIn(producer, appUrl, "manager@demo.test");
    await producer.goto(`${appUrl}/s/${event.sessionId}`);
    await producer.getByText("You produce this event").waitFor();
    await producer.getByText("Live", { exact: true }).waitFor();
    await signIn(speaker, appUrl, "agent1@demo.test");
    await speaker.goto(`${appUrl}/s/${event.sessionId}`);
    await speaker.getByText("You are speaking").waitFor();
    await speaker.getByText("Live", { exact: true }).waitFor();
    // The speaker's panel of the stage: the producer leads.
    await speaker.getByRole("tab", { name: "Speakers" }).click();
    await speaker.getByRole("list", { name: "On stage" }).getByText("Leads the audience").waitFor();
    await speaker.getByRole("tab", { name: /Questions/ }).click();
  });

  it("lets two attendees in by the public link, watch-only", async () => {
    for (const [i, page] of attendees.entries()) {
      await page.goto(`${appUrl}/e/${event.joinKey}`);
      await page.getByLabel(/name/i).fill(i === 0 ? "Grace" : "Linus");
      await page.getByRole("button", { name: /join/i }).click();
      await page.waitForURL(/\/s\//, { timeout: 20_000 });
      await page.getByText("Live", { exact: true }).waitFor();
    }
    // The audience count reaches the producer.
    await expect.poll(() => producer.locator("[data-audience-count]").getAttribute("data-audience-count"), { timeout: 15_000 }).toBe("2");
  });

  it("moves a question from an attendee through the producer to the speaker, answered on stage for all", async () => {
    const [grace, linus] = attendees as [Page, Page];
    await grace.getByLabel(/question/i).fill(question);
    await grace.getByRole("button", { name: /send|ask/i }).click();

    const card = producer.locator("li[data-question]", { hasText: question });
    await card.waitFor({ timeout: 10_000 });
    await screenshot(producer, "auditorium-producer-queue");
    await card.getByRole("button", { name: "Approve" }).click();

    const speakerCard = speaker.locator("li[data-question]", { hasText: question });
    await speakerCard.waitFor({ timeout: 10_000 });
    await speakerCard.getByRole("button", { name: "Answer…" }).click();
    await speakerCard.getByLabel(/Your answer to Grace/).fill(answer);
    await screenshot(speaker, "auditorium-speaker-answering");
    await speakerCard.getByRole("button", { name: "Answer on stage" }).click();

    for (const page of [grace, linus, producer]) {
      const shown = page.locator("li[data-answer=stage]", { hasText: answer });
      await shown.waitFor({ timeout: 10_000 });
      expect(await shown.textContent()).toContain(question);
    }
    await screenshot(linus, "auditorium-attendee-sees-answer");
  });

  it("leads the audience to a page: both attendees' views change", async () => {
    await producer.getByLabel("Lead everyone to").fill(`${siteUrl}/agenda`);
    await producer.getByRole("button", { name: "Lead", exact: true }).click();
    for (const page of attendees) {
      const frame = page.frameLocator('iframe[title="Page shared by the leader"]');
      await expect.poll(() => frame.locator("#page").textContent({ timeout: 10_000 }), { timeout: 20_000 }).toBe("Agenda page /agenda");
    }
    await screenshot(attendees[0]!, "auditorium-attendee-led-phone");
    await screenshot(producer, "auditorium-producer-led");
    expect(errors).toEqual([]);
  });
});

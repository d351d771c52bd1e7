// The auditorium in four browsers: a producer (manager), a speaker (agent1) and two attendees who
// came by the public join link. An attendee asks a question; the producer approves it, the speaker
// answers it on stage and both attendees read the answer in the stage chat; the producer leads the
// audience to a page and both attendees' views show it. Leaves the demo's event ended.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "./browser";
import { startEvent } from "./auditorium-event";
import { signIn } from "./demo";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

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
    event = await startEvent(databaseUrl, `Spring launch (${tag})`);
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

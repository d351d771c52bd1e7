// The auditorium in four browsers, all through the product's own pages: the manager creates an
// event and produces it; three visitors join by its public link (one on a phone); one raises a
// hand and the producer brings them on stage as the speaker. An attendee asks a question, the
// producer approves it, the speaker answers it on stage and both attendees read the answer; the
// producer leads the audience to a page and both attendees' views show it; then ends the event.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "./browser";
import { signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

describe.skipIf(!appUrl)("an auditorium: producer, speaker and two attendees", () => {
  let t: Tenant;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  let site: http.Server;
  let siteUrl: string;
  let producer: Page;
  let speaker: Page;
  let grace: Page;
  let linus: Page;
  let joinLink = "";
  const tag = Date.now().toString(36);
  const title = `Spring launch (${tag})`;
  const question = `Will there be a recording? (${tag})`;
  const answer = `Yes, by Friday (${tag})`;
  const count = (p: Page) => p.locator("[data-audience-count]").first().getAttribute("data-audience-count");

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Stage Co" });
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
    grace = await open(390, 844);
    linus = await open(1024, 768);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
  });

  it("lets the manager create an event and produce it live", async () => {
    await signIn(producer, appUrl, t.manager.email);
    await producer.goto(`${appUrl}/manager/events`);
    await producer.getByLabel("Title").fill(title);
    await producer.getByRole("button", { name: "Create and go live" }).click();
    await producer.waitForURL(/\/s\//, { timeout: 20_000 });
    await producer.getByText("You produce this event", { exact: true }).waitFor();
    await producer.getByText("Live", { exact: true }).waitFor();
    // The public link, as the events page shows it to copy.
    const events = await producer.context().newPage();
    await events.goto(`${appUrl}/manager/events`);
    joinLink = await events.locator("li[data-event-id]", { hasText: title }).getByLabel("Public join link").inputValue();
    expect(joinLink).toMatch(new RegExp(`^${appUrl}/e/`));
    await events.close();
  });

  it("seats three people by the public link, watch-only, and counts them live", async () => {
    for (const [page, name] of [
      [grace, "Grace"],
      [linus, "Linus"],
      [speaker, "Sam"],
    ] as const) {
      await page.goto(joinLink);
      await page.getByLabel("Your name").fill(name);
      await page.getByRole("button", { name: "Join the event" }).click();
      await page.waitForURL(/\/s\//, { timeout: 20_000 });
      await page.getByText("Live", { exact: true }).waitFor();
      expect(await page.getByLabel("Message").count()).toBe(0);
    }
    await expect.poll(() => count(producer), { timeout: 15_000 }).toBe("3");
  });

  it("brings a raised hand on stage: that attendee's page becomes the speaker's", async () => {
    await speaker.getByRole("button", { name: "Raise my hand" }).click();
    await producer.getByRole("tab", { name: /Hands/ }).click();
    await producer.getByRole("button", { name: "Bring Sam on stage as a speaker" }).click();
    await speaker.getByText("You are speaking", { exact: true }).waitFor({ timeout: 15_000 });
    await speaker.getByText("Live", { exact: true }).waitFor();
    await producer.getByRole("tab", { name: "Stage" }).click();
    await producer.getByRole("list", { name: "On stage", exact: true }).getByText("Sam").waitFor();
    await expect.poll(() => count(producer), { timeout: 15_000 }).toBe("2");
    await producer.getByRole("tab", { name: /Questions/ }).click();
  });

  it("moves a question from an attendee through the producer to the speaker, answered on stage for all", async () => {
    // On the phone the question form is its own tab.
    await grace.getByRole("tab", { name: "Ask a question" }).click();
    await grace.getByRole("textbox", { name: "Ask the speakers" }).fill(question);
    await grace.getByRole("button", { name: "Send question" }).click();

    const card = producer.locator("li[data-question]", { hasText: question });
    await card.waitFor({ timeout: 10_000 });
    await screenshot(producer, "auditorium-producer-queue");
    await card.getByRole("button", { name: "Approve" }).click();

    const speakerCard = speaker.locator("li[data-question]", { hasText: question });
    await speakerCard.waitFor({ timeout: 10_000 });
    await speakerCard.getByRole("button", { name: "Answer…" }).click();
    await speakerCard.getByLabel("Your answer to Grace").fill(answer);
    await screenshot(speaker, "auditorium-speaker-answering");
    await speakerCard.getByRole("button", { name: "Answer on stage" }).click();

    await grace.getByRole("tab", { name: "Stage chat" }).click();
    for (const page of [grace, linus, producer, speaker]) {
      const shown = page.locator("li[data-answer=stage]", { hasText: answer });
      await shown.waitFor({ timeout: 10_000 });
      expect(await shown.textContent()).toContain(question);
      // Sam came up from the audience: every screen names him, the attendees' too.
      if (page !== speaker) expect(await shown.textContent()).toContain("Sam answered");
    }
    await screenshot(grace, "auditorium-attendee-answer-phone");
  });

  it("leads the audience to a page: both attendees' views change", async () => {
    await producer.getByLabel("Lead everyone to").fill(`${siteUrl}/agenda`);
    await producer.getByRole("button", { name: "Lead", exact: true }).click();
    for (const page of [grace, linus, speaker]) {
      const frame = page.frameLocator('iframe[title="Page shared by the leader"]');
      await expect.poll(() => frame.locator("#page").textContent({ timeout: 10_000 }), { timeout: 20_000 }).toBe("Agenda page /agenda");
    }
    await screenshot(grace, "auditorium-attendee-led-phone");
    await screenshot(producer, "auditorium-producer-led");
  });

  it("ends the event for everyone", async () => {
    await producer.getByRole("button", { name: "End the event" }).click();
    await producer.getByRole("dialog").getByRole("button", { name: "End the event" }).click();
    await producer.getByText("This event has ended.").waitFor({ timeout: 15_000 });
    await linus.getByText(/ended/i).first().waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
  });
});

// The auditorium's attendee side in Chromium: a manager creates an event on the Events page and is
// seated as its producer; an attendee on a phone joins by the public link with a name, follows the
// stage chat read-only, sees the audience count, sends a question and raises a hand; the producer
// ends the event and the attendee reads "The event has ended". Screenshots of each step.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "./browser";
import { signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");
const PHONE = { width: 390, height: 844 };

describe.skipIf(!appUrl)("an auditorium attendee", () => {
  let t: Tenant;
  let browser: Browser;
  let producer: Page;
  let attendee: Page;
  let joinUrl: string;
  const sink = { contexts: [] as BrowserContext[], errors: [] as string[] };
  const title = `Launch ${Date.now().toString(36)}`;

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Events Co" });
    browser = await launchBrowser();
    producer = await openPage(browser, sink, 1280, 860);
    const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    sink.contexts.push(ctx);
    attendee = await ctx.newPage();
    attendee.on("pageerror", (e) => sink.errors.push(e.message));
  });

  afterAll(async () => {
    for (const c of sink.contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  it("staff schedule and create events on the Events page; the creator produces", async () => {
    await signIn(producer, appUrl, t.manager.email, "/manager");
    await producer.goto(`${appUrl}/manager/events`);
    await producer.getByLabel("Title").fill(`${title} (later)`);
    await producer.getByLabel("Schedule for later").check();
    // A month ahead, as the browser's datetime-local writes it (its own zone; UTC here).
    await producer.getByLabel("Starts at (your time)").fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 16));
    await producer.getByRole("button", { name: "Schedule event" }).click();
    await producer.getByRole("heading", { name: `${title} (later)` }).waitFor();
    const scheduledLink = await producer
      .locator("li", { has: producer.getByRole("heading", { name: `${title} (later)` }) })
      .locator("input, textarea")
      .first()
      .inputValue();
    await screenshot(producer, "auditorium-events-page");

    // The scheduled event's link says when it starts and offers no form.
    await attendee.goto(scheduledLink);
    await attendee.getByText(/Starts at/).waitFor();
    expect(await attendee.getByLabel("Your name").count()).toBe(0);
    await screenshot(attendee, "auditorium-link-scheduled-390");

    await producer.getByLabel("Title").fill(title);
    await producer.getByLabel("Start now (you produce it)").check();
    await producer.getByRole("button", { name: "Create and go live" }).click();
    await producer.waitForURL(/\/s\//);
    await producer.getByText("You produce this event").first().waitFor();
    await producer.goto(`${appUrl}/manager/events`);
    joinUrl = await producer
      .locator("li", { has: producer.getByRole("heading", { name: title, exact: true }) })
      .locator("input, textarea")
      .first()
      .inputValue();
    expect(joinUrl).toMatch(/\/e\/[A-Za-z0-9_-]{22}$/);
    await producer
      .locator("li", { has: producer.getByRole("heading", { name: title, exact: true }) })
      .getByRole("button", { name: "Open as producer" })
      .click();
    await producer.waitForURL(/\/s\//);
    await producer.getByText("You produce this event").first().waitFor();
  });

  it("an attendee joins with a name on a phone and watches: read-only stage chat, the count, a question, a hand", async () => {
    await attendee.goto(joinUrl);
    await attendee.getByLabel("Your name").fill("Ada Lovelace");
    await screenshot(attendee, "auditorium-link-390");
    await attendee.getByRole("button", { name: "Join the event" }).click();
    await attendee.waitForURL(/\/s\//);
    await attendee.getByText("you are watching").first().waitFor();
    await attendee.getByText("1 watching").first().waitFor();
    // Watch-only: no input line to the room.
    expect(await attendee.locator("#chat-input").count()).toBe(0);

    // The stage speaks; the attendee reads it.
    await producer.locator("#chat-input").fill("Welcome, everyone!");
    await producer.locator("#chat-input").press("Enter");
    await attendee.getByText("Welcome, everyone!").first().waitFor();
    // The producer sees the audience count too.
    await producer.getByText("1 watching").first().waitFor();
    await screenshot(attendee, "auditorium-attendee-390");

    await attendee.getByRole("tab", { name: "Ask a question" }).click();
    await attendee.getByRole("textbox", { name: "Ask the speakers" }).fill("Will the API be public?");
    await attendee.getByRole("button", { name: "Send question" }).click();
    await attendee.getByText("Waiting for the producer").first().waitFor();
    await attendee.getByRole("button", { name: "Raise my hand" }).click();
    await attendee.getByRole("button", { name: "Lower my hand" }).waitFor();
    await screenshot(attendee, "auditorium-attendee-ask-390");
  });

  it("the producer ends the event; the attendee reads that it has ended", async () => {
    await producer.getByRole("button", { name: "End the event" }).click();
    await producer.getByRole("dialog").getByRole("button", { name: "End the event" }).click();
    await attendee.getByRole("heading", { name: "The event has ended" }).waitFor();
    await screenshot(attendee, "auditorium-attendee-ended-390");
    // The link says so too, and a reload stays there.
    await attendee.goto(joinUrl);
    await attendee.getByText("The event has ended").first().waitFor();
    expect(sink.errors).toEqual([]);
  });
});

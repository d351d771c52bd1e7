// A collaboration room in four browsers (issue 13, item 2): Ada queues through the room's launcher
// and an agent accepts; Ada shares an invitation that Ben opens and joins by name; the agent, Ada
// and Ben lead in turn, and each follower's view follows; Cleo comes later by the same launcher,
// straight into the running room, and finds the page, the leader, the transcript and who is there.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";
import { acceptRequest, setReady, signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

describe.skipIf(!appUrl)("a collaboration room with three people leading in turn", () => {
  let t: Tenant;
  let browser: Browser;
  let site: http.Server;
  let siteUrl: string;
  const contexts: BrowserContext[] = [];
  let agent: Page;
  let ada: Page;
  let ben: Page;
  let cleo: Page;
  let roomPath: string;
  const errors: string[] = [];
  const tag = Date.now().toString(36);
  const question = `Shall we plan the launch together? (${tag})`;

  async function open(width: number, height: number, permissions: string[] = []): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width, height } });
    if (permissions.length > 0) await ctx.grantPermissions(permissions, { origin: appUrl });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    return page;
  }

  const frameText = (p: Page) =>
    p.frameLocator('iframe[title="Page shared by the leader"]').locator("#page").textContent({ timeout: 10_000 });

  async function lead(p: Page, path: string) {
    await p.getByLabel("Lead everyone to").fill(`${siteUrl}${path}`);
    await p.getByRole("button", { name: "Lead", exact: true }).click();
  }

  /** The Who tab, opened from the Panel button on a phone. */
  async function whoTab(p: Page) {
    const panel = p.getByRole("button", { name: "Panel" });
    if (await panel.isVisible()) await panel.click();
    await p.getByRole("tab", { name: "Who" }).click();
  }

  beforeAll(async () => {
    // The room's launcher: the Collaboration scenario, open to direct visits (a link in an email).
    t = await createTenant(databaseUrl, { name: "Planning Co", scenario: "COLLABORATION" });
    browser = await launchBrowser();
    site = http.createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><title>Plan ${req.url}</title><h1 id="page">Plan page ${req.url}</h1>`);
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    agent = await open(1280, 860);
    ada = await open(1280, 860, ["clipboard-read", "clipboard-write"]);
    ben = await open(390, 844);
    cleo = await open(1024, 800);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
  });

  it("starts the room through the queue: the agent accepts Ada", async () => {
    await signIn(agent, appUrl, t.agents[0]!.email, "/agent");
    await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
    await setReady(agent, true);

    await ada.goto(`${appUrl}/l/${t.launcherKey}`);
    await ada.getByLabel("Your name").fill("Ada");
    await ada.getByLabel(/work on together/).fill(question);
    await ada.getByRole("button", { name: "Join the queue" }).click();
    await ada.waitForURL(/\/wait\//);
    await acceptRequest(agent, question);
    await ada.waitForURL(/\/s\//, { timeout: 20_000 });
    roomPath = new URL(ada.url()).pathname;
    expect(new URL(agent.url()).pathname).toBe(roomPath);
    await ada.getByText("Live", { exact: true }).waitFor();
  });

  it("lets Ada invite Ben, who gives his name and joins", async () => {
    await ada.getByRole("button", { name: "Invite" }).click();
    const link = ada.getByRole("dialog").getByLabel("Invitation link");
    await expect.poll(() => link.inputValue()).toMatch(/\/join\?t=/);
    const url = await link.inputValue();
    await ada.getByRole("dialog").getByRole("button", { name: "Copy link" }).click();
    await ada.getByRole("dialog").getByText("Copied.").waitFor();
    expect(await ada.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await screenshot(ada, "room-invite");
    await ada.getByRole("dialog").getByRole("button", { name: "Done" }).click();

    // Opening the link seats nobody: the page asks first.
    await ben.goto(url);
    await ben.getByRole("heading", { name: "Join the room" }).waitFor();
    await ben.getByText("2 people are in it now.").waitFor();
    await screenshot(ben, "room-join-page");
    await ben.getByLabel("Your name").fill("Ben");
    await ben.getByRole("button", { name: "Join the room" }).click();
    await ben.waitForURL(`${appUrl}${roomPath}`);
    await ben.getByText("Live", { exact: true }).waitFor();
    // The others see him arrive.
    await agent.getByText("Ben", { exact: true }).first().waitFor();
    await whoTab(ada);
    await ada.getByRole("tabpanel").getByText("Ben").waitFor();
  });

  it("leads in turn: the agent, then Ada (passed the lead), then Ben (takes it); each follower's view changes", async () => {
    await lead(agent, "/one");
    await expect.poll(() => frameText(ada)).toBe("Plan page /one");
    await expect.poll(() => frameText(ben)).toBe("Plan page /one");

    await whoTab(agent);
    await agent.getByRole("tabpanel").locator("li").filter({ hasText: "Ada" }).getByRole("button", { name: "Pass the lead" }).click();
    await ada.getByLabel("Lead everyone to").waitFor({ timeout: 10_000 });
    await lead(ada, "/two");
    await expect.poll(() => frameText(agent)).toBe("Plan page /two");
    await expect.poll(() => frameText(ben)).toBe("Plan page /two");

    // In this scenario anyone may take the baton: Ben takes it from his phone.
    await whoTab(ben);
    // On a phone the header has no Invite: it is here, with the people.
    await ben.getByRole("tabpanel").getByRole("button", { name: "Invite" }).waitFor();
    expect(await ben.locator("header").getByRole("button", { name: "Invite" }).count()).toBe(0);
    await ben.getByRole("button", { name: "Take the lead" }).click();
    await ben.getByRole("button", { name: "Panel" }).click();
    await ben.getByLabel("Lead everyone to").waitFor({ timeout: 10_000 });
    await lead(ben, "/three");
    await expect.poll(() => frameText(agent)).toBe("Plan page /three");
    await expect.poll(() => frameText(ada)).toBe("Plan page /three");
    // Ada no longer leads: her address bar is gone.
    await expect.poll(() => ada.getByLabel("Lead everyone to").count()).toBe(0);
    await ben.getByText("You now lead").first().waitFor();
    await screenshot(ben, "room-ben-leads-phone");
    await screenshot(agent, "room-agent-follows");
  });

  it("brings Cleo in later by the room link, straight into the room with the page, the leader, the transcript and who is there", async () => {
    await ben.getByLabel("Message").fill("Here is the third page");
    await ben.getByLabel("Message").press("Enter");
    await ada.locator("ol[role=log]").getByText("Here is the third page").waitFor();

    await cleo.goto(`${appUrl}/l/${t.launcherKey}`);
    await cleo.getByLabel("Your name").fill("Cleo");
    await cleo.getByRole("button", { name: "Join the room" }).click();
    await cleo.waitForURL(`${appUrl}${roomPath}`);
    await expect.poll(() => frameText(cleo)).toBe("Plan page /three");
    await cleo.locator("ol[role=log]").getByText("Here is the third page").waitFor();
    await cleo.locator("ol[role=log]").getByText(question).waitFor();
    await whoTab(cleo);
    const who = cleo.getByRole("tabpanel");
    for (const name of ["Ada", "Ben", "Cleo (you)"]) await who.getByText(name, { exact: true }).waitFor();
    await who.locator("li").filter({ hasText: "Ben" }).getByText("Leading").waitFor();
    await screenshot(cleo, "room-late-joiner");
  });

  it("lets another agent join from the Rooms list's link after a confirmation; opening the link seats nobody", async () => {
    const agentTwo = await open(1280, 860);
    await signIn(agentTwo, appUrl, t.agents[1]!.email, "/agent");
    const people = () => cleo.getByRole("tabpanel").locator("li").count();
    expect(await people()).toBe(4);
    await agentTwo.goto(`${appUrl}${roomPath}?join=room`);
    await agentTwo.getByRole("heading", { name: "Join this room?" }).waitFor();
    await screenshot(agentTwo, "room-staff-join-confirm");
    // The page asked; nobody new is in the room.
    await cleo.locator("ol[role=log]").getByText("Here is the third page").waitFor();
    expect(await people()).toBe(4);
    await agentTwo.getByRole("button", { name: "Join the room" }).click();
    await agentTwo.waitForURL(`${appUrl}${roomPath}`);
    await agentTwo.getByText("Live", { exact: true }).waitFor();
    await expect.poll(people).toBe(5);
    // Agents leave a room like anyone: it goes on for the others.
    await agentTwo.getByRole("button", { name: "Exit" }).click();
    await agentTwo.getByRole("dialog").getByRole("heading", { name: "Leave this room?" }).waitFor();
    await agentTwo.getByRole("dialog").getByRole("button", { name: "Leave" }).click();
    await agentTwo.getByRole("heading", { name: "You left the session" }).waitFor();
    await cleo.locator("ol[role=log]").getByText(/ left/).first().waitFor();
    expect(errors).toEqual([]);
  });
});

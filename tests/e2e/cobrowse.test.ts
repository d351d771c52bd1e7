// Co-browsing end to end in real Chromium with two origins (docs/cobrowse.md): the client's own site
// (tests/fixtures/client-site, a port of its own) carries the embed script; the visitor starts a
// session from it and consents to share the tab; the agent (on the app's origin, another browser
// context) sees the mirrored page, sees the visitor type into a plain field, scrolls the visitor with
// follow-me, circles an element, proposes a field value that the visitor accepts, and sends a
// pop-up. Every WebSocket frame of every page (the client's tab, the visitor's help window, the
// agent) and every request body the client's tab sends is captured; chunked co-browse messages
// are reassembled and ungzipped; the password typed on the client's page must appear in none of
// them, nor in the archive. The relay runs inside the app's process (app-global-setup.ts), so its
// own side of the wire is not reachable from here: the browsers' frames are both ends of it.
import type { Browser, BrowserContext, Page } from "playwright-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ChunkAssembler, COBROWSE_EVENT } from "../../lib/cobrowse";
import { startClientSite, type ClientSite } from "../fixtures/client-site/server";
import { launchBrowser, screenshot } from "./browser";
import { acceptRequest, endSession, setReady, signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const appDatabaseUrl = inject("appDatabaseUrl");

const PASSWORD = "Tr0ub4dor&3-never-on-the-wire";
const CARD = "4242424242424242";
const MEMBER = "M-55501-private";

describe.skipIf(!appUrl)("co-browsing the client's own site, and filling its form together", () => {
  let t: Tenant;
  let site: ClientSite;
  let browser: Browser;
  let agentCtx: BrowserContext;
  let visitorCtx: BrowserContext;
  let agent: Page;
  let tab: Page; // the visitor's tab on the client's site
  let help: Page; // the visitor's help window (our origin)
  let sessionId = "";
  const errors: string[] = [];
  const question = `Which size should I order? (${Date.now().toString(36)})`;
  /** Every WebSocket frame's text, from every page of both contexts. */
  const frames: string[] = [];
  /** Request bodies (and URLs) the client's tab sent to our origin. */
  const requests: string[] = [];

  const watch = (p: Page) => {
    p.on("pageerror", (e) => errors.push(`${p.url()}: ${e.message}`));
    p.on("websocket", (ws) => {
      ws.on("framesent", (f) => frames.push(typeof f.payload === "string" ? f.payload : f.payload.toString("utf8")));
      ws.on("framereceived", (f) => frames.push(typeof f.payload === "string" ? f.payload : f.payload.toString("utf8")));
    });
    p.on("request", (r) => {
      if (r.url().startsWith(appUrl)) requests.push(`${r.method()} ${r.url()} ${r.postData() ?? ""}`);
    });
  };

  /** The co-browse messages in the captured frames, chunks reassembled and ungzipped. */
  async function cobrowseMessages(): Promise<string[]> {
    const assembler = new ChunkAssembler();
    const out: string[] = [];
    for (const f of frames) {
      let env: { event?: string; data?: unknown };
      try {
        env = JSON.parse(f) as typeof env;
      } catch {
        continue;
      }
      if (env.event !== COBROWSE_EVENT) continue;
      const data: unknown = typeof env.data === "string" ? JSON.parse(env.data) : env.data;
      const msg = await assembler.accept(data);
      if (msg) out.push(JSON.stringify(msg));
    }
    return out;
  }

  async function archived(): Promise<{ type: string; payload: Record<string, unknown> }[]> {
    const c = new pg.Client({ connectionString: appDatabaseUrl });
    await c.connect();
    try {
      const r = await c.query<{ type: string; payload: Record<string, unknown> }>(
        `SELECT type, payload FROM "SessionEvent" WHERE "sessionId" = $1 ORDER BY id`,
        [sessionId],
      );
      return r.rows;
    } finally {
      await c.end();
    }
  }

  const mirror = () => agent.frameLocator("[data-testid=cobrowse-mirror] iframe");

  /**
   * The visitor on `page` of the client's site opens live help from its button, joins the queue and
   * is served by the agent; resolves with the help window and the session's id once both are in it.
   */
  async function startFromSite(
    ctx: BrowserContext,
    page: Page,
    path: string,
    name: string,
    ask: string,
  ): Promise<{ help: Page; sessionId: string }> {
    await page.goto(`${site.url}${path}`);
    const button = page.getByRole("button", { name: /Talk to us live/ });
    await button.waitFor({ timeout: 30_000 });
    const [w] = await Promise.all([ctx.waitForEvent("page"), button.click()]);
    await w.waitForLoadState();
    expect(w.url()).toContain(`/l/${t.launcherKey}?page=`);
    await w.getByLabel("Your name").fill(name);
    await w.getByLabel(/How can we help/).fill(ask);
    await w.getByRole("button", { name: "Join the queue" }).click();
    await w.waitForURL(/\/wait\//);
    await acceptRequest(agent, ask);
    await w.waitForURL(/\/s\//, { timeout: 20_000 });
    return { help: w, sessionId: new URL(w.url()).pathname.split("/")[2]! };
  }

  /** In the client's tab, the co-browse prompt (a closed shadow root) answered "Share" by keyboard, control allowed. */
  async function consentByKeyboard(page: Page) {
    // The prompt focuses "Share this tab"; the control box is two back.
    await page.bringToFront();
    await page.waitForFunction(() => document.activeElement?.hasAttribute("data-isession-cobrowse") ?? false, null, { timeout: 30_000 });
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
  }

  beforeAll(async () => {
    // The file's own org allows localhost and 127.0.0.1; its launcher has co-browsing on.
    t = await createTenant(appDatabaseUrl, { name: "Cobrowse Shop" });
    site = await startClientSite({ appUrl, launcherKey: t.launcherKey });
    browser = await launchBrowser();
    agentCtx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    visitorCtx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    agentCtx.on("page", watch);
    visitorCtx.on("page", watch);
    agent = await agentCtx.newPage();
    tab = await visitorCtx.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it("starts a session from the client's site, and the visitor consents to share the tab", async () => {
    await signIn(agent, appUrl, t.agents[0]!.email, "/agent");
    await agent.getByText("Live", { exact: true }).waitFor();
    await setReady(agent, true);

    ({ help, sessionId } = await startFromSite(visitorCtx, tab, "/", "Grace", question));
    expect(new URL(agent.url()).pathname).toBe(`/s/${sessionId}`);

    // The client's tab learns it is paired and asks (a closed shadow root: driven by the keyboard,
    // as a person using one would).
    await tab.waitForFunction(() => document.activeElement?.hasAttribute("data-isession-cobrowse") ?? false, null, { timeout: 30_000 });
    await screenshot(tab, "cobrowse-consent");
    await consentByKeyboard(tab);
  });

  it("shows the agent the mirrored page, and the visitor typing into a plain field; the password never leaves the tab", async () => {
    await agent.getByTestId("cobrowse-url").filter({ hasText: site.url }).waitFor({ timeout: 30_000 });
    await mirror().getByRole("heading", { name: "Checkout" }).waitFor({ timeout: 20_000 });
    await expect
      .poll(() => agent.getByTestId("cobrowse-control").textContent(), { timeout: 10_000 })
      .toBe("You may scroll and follow links");

    await tab.click("#full-name");
    await tab.keyboard.type("Grace Hopper", { delay: 20 });
    await expect.poll(() => mirror().locator("#full-name").inputValue(), { timeout: 15_000 }).toBe("Grace Hopper");

    await tab.click("#password");
    await tab.keyboard.type(PASSWORD, { delay: 10 });
    await tab.click("#card-number");
    await tab.keyboard.type(CARD, { delay: 10 });
    await tab.click("#member-id");
    await tab.keyboard.type(MEMBER, { delay: 10 });
    // A plain field typed after them: once the mirror shows it, everything before it has crossed.
    await tab.click("#city");
    await tab.keyboard.type("Bergen", { delay: 20 });
    await expect.poll(() => mirror().locator("#city").inputValue(), { timeout: 15_000 }).toBe("Bergen");
    await tab.click("#full-name");
    // The mirror never shows what was typed into the private fields.
    expect(await mirror().locator("#password").inputValue()).not.toContain(PASSWORD.slice(0, 6));
    expect(await mirror().locator("#card-number").inputValue()).not.toContain("4242");
    expect(await mirror().locator("#member-id").inputValue()).not.toContain("55501");
    await screenshot(agent, "cobrowse-agent-mirror");

    const messages = await cobrowseMessages();
    expect(messages.length).toBeGreaterThan(3);
    expect(messages.some((m) => m.includes("Grace Hopper"))).toBe(true); // the check below can see typed text
    for (const secret of [PASSWORD, CARD, MEMBER]) {
      expect(frames.filter((f) => f.includes(secret))).toEqual([]);
      expect(messages.filter((m) => m.includes(secret))).toEqual([]);
      expect(requests.filter((r) => r.includes(secret))).toEqual([]);
    }
  });

  it("scrolls the visitor's page with follow-me, by the wheel and by the keyboard", async () => {
    // Clicking the fields scrolled a little: start from the top.
    await tab.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => tab.evaluate(() => window.scrollY)).toBe(0);
    const box = (await agent.getByTestId("cobrowse-mirror").boundingBox())!;
    await agent.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // As a person does: wheel until the page moves (the first turns may land while the mirror is
    // still taking the scroll back to the top from the visitor's tab).
    await expect
      .poll(
        async () => {
          await agent.mouse.wheel(0, 600);
          await agent.waitForTimeout(400);
          return tab.evaluate(() => window.scrollY);
        },
        { timeout: 20_000, interval: 50 },
      )
      .toBeGreaterThan(300);

    // The keyboard: Home takes the visitor back to the top, End to the bottom.
    const scroller = agent.getByTestId("cobrowse-scroller");
    await scroller.focus();
    await scroller.press("Home");
    await expect.poll(() => tab.evaluate(() => window.scrollY), { timeout: 10_000 }).toBe(0);
    await scroller.press("End");
    await expect
      .poll(() => tab.evaluate(() => Math.round(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight - 2), {
        timeout: 10_000,
      })
      .toBe(true);
  });

  it("circles an element on the mirror (the leader's annotation, archived)", async () => {
    const tool = agent.getByRole("button", { name: /^Circle/ });
    await tool.first().click();
    const box = (await agent.getByTestId("cobrowse-mirror").boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await agent.mouse.move(cx + 60, cy);
    await agent.mouse.down();
    for (let a = 0; a <= 2 * Math.PI; a += Math.PI / 12) await agent.mouse.move(cx + 60 * Math.cos(a), cy + 40 * Math.sin(a));
    await agent.mouse.up();
    await expect
      .poll(async () => (await archived()).some((e) => e.type === "annotation" && e.payload.shape === "circle"), { timeout: 10_000 })
      .toBe(true);
  });

  it("proposes a field value that the visitor accepts, archived as 'City filled by Ada Agent'; a private field cannot be chosen", async () => {
    const panel = agent.getByTestId("form-proposals");
    const field = panel.getByLabel("Field");
    await expect.poll(async () => (await field.locator("option").allTextContents()).join("|"), { timeout: 15_000 }).toContain("City");
    // Private fields are listed as such and cannot be chosen.
    expect(await field.locator("option", { hasText: "Password (private)" }).isDisabled()).toBe(true);
    expect(await field.locator("option", { hasText: "Card number (private)" }).isDisabled()).toBe(true);
    expect(await field.locator("option", { hasText: "Membership number (private)" }).isDisabled()).toBe(true);

    await field.selectOption({ label: "City" });
    await panel.getByLabel("Value to propose").fill("Tromsø");
    await panel.getByRole("button", { name: "Propose a value" }).click();
    await panel.getByText("Waiting for the visitor").waitFor({ timeout: 15_000 });

    // The visitor's tab shows the proposal on its own card.
    const card = tab.locator("[data-isession-ui=forms]");
    await card.getByText("Ada Agent suggests a value").waitFor({ timeout: 15_000 });
    await screenshot(tab, "cobrowse-proposal");
    await card.getByRole("button", { name: "Accept City: Tromsø" }).click();
    expect(await tab.inputValue("#city")).toBe("Tromsø");
    await panel.getByText("Accepted: filled in").waitFor({ timeout: 15_000 });

    await expect
      .poll(async () => (await archived()).filter((e) => e.type.startsWith("form.")).map((e) => e.payload), { timeout: 15_000 })
      .toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: "City", value: "Tromsø" }),
          expect.objectContaining({ field: "City", by: "Ada Agent", masked: false, value: "Tromsø" }),
        ]),
      );
    // The visitor's own fills are archived too: the password's without its value.
    const fills = (await archived()).filter((e) => e.type === "form.filled").map((e) => e.payload);
    expect(fills).toEqual(expect.arrayContaining([expect.objectContaining({ field: "Password", by: "Grace", masked: true })]));
    expect(fills.find((p) => p.field === "Password")).not.toHaveProperty("value");
    // And the mirror shows the filled value.
    await expect.poll(() => mirror().locator("#city").inputValue(), { timeout: 15_000 }).toBe("Tromsø");
  });

  it("sends a pop-up the visitor opens, archived", async () => {
    const shipping = `${site.url}/shipping.html`;
    const windowOpened = visitorCtx.waitForEvent("page", {
      predicate: (p) => p.url() === shipping || p.url() === "about:blank",
      timeout: 20_000,
    });
    await agent.getByLabel("Lead everyone to").fill(shipping);
    await agent.getByLabel("Open in a new window for others").check();
    await agent.getByRole("button", { name: "Lead" }).click();
    // The help window tries to open it at once; where the browser holds it back, the card's link
    // opens it with a click. Either way the visitor ends up with the page in a window of its own.
    const card = help.getByTestId("popup-card");
    await card.waitFor({ timeout: 15_000 });
    await screenshot(help, "cobrowse-popup-card");
    if (!/is open in its own window/.test((await card.textContent()) ?? "")) {
      await help.bringToFront();
      await card.getByRole("link", { name: /^Open/ }).click();
    }
    const win = await windowOpened;
    await win.waitForURL(shipping);
    await expect
      .poll(async () => (await archived()).map((e) => e.type).filter((t) => t.startsWith("popup.")), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(["popup.sent", "popup.opened"]));
  });

  it("never runs a script the visitor's page puts into its own DOM, in the agent's mirror", async () => {
    const pwnedBefore = await agent.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? 0);
    expect(pwnedBefore).toBe(0);
    const dialogs: string[] = [];
    agent.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // The client's page (its own scripts, or something injected into it) adds markup that would run
    // code: a script element, an inline handler that fires at once, a javascript: link, an iframe
    // with srcdoc. Each tries to reach the agent's window (the mirror frame's parent).
    await tab.evaluate(() => {
      const attack = "try{(parent.__pwned=(parent.__pwned||0)+1)}catch(e){};try{(top.__pwned=(top.__pwned||0)+1)}catch(e){};alert('pwned')";
      const box = document.createElement("section");
      box.id = "injected";
      box.innerHTML = `<h2>Injected offer</h2><img id="inj-img" src="data:," onerror="${attack}"><a id="inj-link" href="javascript:${attack}">A link</a><iframe id="inj-frame" srcdoc="<script>${attack}<\/script>"></iframe>`;
      const script = document.createElement("script");
      script.textContent = attack.replaceAll("alert('pwned')", "0");
      box.append(script);
      document.querySelector("main")!.prepend(box);
    });
    await mirror().getByRole("heading", { name: "Injected offer" }).waitFor({ timeout: 15_000 });
    // A click on the link in the mirror is taken as follow-me (a same-site link only), never run.
    await mirror()
      .locator("#inj-link")
      .click({ force: true })
      .catch(() => {});
    await agent.waitForTimeout(1_000);
    expect(await agent.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? 0)).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await agent.locator("[data-testid=cobrowse-mirror] iframe").first().getAttribute("sandbox")).toBe("allow-same-origin");
    await tab.evaluate(() => document.getElementById("injected")?.remove());
  });

  it("stops cleanly when the visitor presses Stop in the middle of a stream of changes", async () => {
    // The page changes 50 times a second while the visitor stops sharing.
    await tab.evaluate(() => {
      let n = 0;
      const ticker = document.createElement("p");
      ticker.id = "ticker";
      document.querySelector("main")!.prepend(ticker);
      (window as unknown as { __ticker: number }).__ticker = window.setInterval(() => (ticker.textContent = `tick ${++n}`), 20);
    });
    await expect.poll(() => mirror().locator("#ticker").textContent(), { timeout: 10_000 }).toMatch(/tick \d+/);
    // The bar's "Stop sharing" is the last focusable thing on the page (its closed shadow root is
    // appended to the body): from the form's last button, Tab reaches it.
    await tab.bringToFront();
    await tab.focus("#checkout button[type=submit]");
    // Past the form's card for proposals (another closed root) when it is still there.
    for (let i = 0; i < 4 && !(await tab.evaluate(() => document.activeElement?.hasAttribute("data-isession-cobrowse") ?? false)); i++) {
      await tab.keyboard.press("Tab");
    }
    expect(await tab.evaluate(() => document.activeElement?.hasAttribute("data-isession-cobrowse") ?? false)).toBe(true);
    await tab.keyboard.press("Enter");

    // The agent's conversation says so and the mirror goes (the viewer shows it only while sharing).
    await agent.locator("ol[role=log]").getByText("Grace stopped sharing their tab").waitFor({ timeout: 15_000 });
    await agent.getByTestId("cobrowse-mirror").waitFor({ state: "detached", timeout: 10_000 });
    await help.locator("ol[role=log]").getByText("You stopped sharing your tab").waitFor({ timeout: 15_000 });
    await expect
      .poll(async () => (await archived()).filter((e) => e.type === "cobrowse.stopped").map((e) => e.payload.reason), { timeout: 10_000 })
      .toEqual(["visitor"]);
    // Nothing more leaves the tab: the page keeps changing and the visitor types, and no co-browse
    // frame is sent after the stop.
    await tab.waitForTimeout(500);
    const sentAtStop = frames.filter((f) => f.includes(COBROWSE_EVENT)).length;
    await tab.click("#email");
    await tab.keyboard.type("grace@example.com", { delay: 10 });
    await tab.waitForTimeout(1_000);
    expect(frames.filter((f) => f.includes(COBROWSE_EVENT)).length).toBe(sentAtStop);
    expect(frames.some((f) => f.includes("grace@example.com"))).toBe(false);
    await tab.evaluate(() => window.clearInterval((window as unknown as { __ticker: number }).__ticker));
  });

  it("refuses a page of 50 MB of DOM with a clear state on both sides, and sends none of it", async () => {
    // A new visitor, on the client's huge catalogue page; the agent's first session ends first.
    await endSession(agent);
    await agent.goto(`${appUrl}/agent`);
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    ctx.on("page", watch);
    try {
      const huge = await ctx.newPage();
      const second = await startFromSite(ctx, huge, "/huge.html", "Linus", `Do you have it in blue? (${Date.now().toString(36)})`);
      expect(await huge.evaluate(() => document.body.textContent!.length)).toBeGreaterThan(50_000_000);
      const framesBefore = frames.length;
      await consentByKeyboard(huge);
      await agent.locator("ol[role=log]").getByText("Linus's page was too large to share").waitFor({ timeout: 30_000 });
      // The visitor's help window says it in their words (the tab's own notice is in a closed root).
      await second.help.locator("ol[role=log]").getByText("Your page was too large to share").waitFor({ timeout: 15_000 });
      await agent.getByTestId("cobrowse-mirror").waitFor({ state: "detached", timeout: 10_000 });
      const c = new pg.Client({ connectionString: appDatabaseUrl });
      await c.connect();
      try {
        const r = await c.query<{ payload: { reason?: string } }>(
          `SELECT payload FROM "SessionEvent" WHERE "sessionId" = $1 AND type = 'cobrowse.stopped'`,
          [second.sessionId],
        );
        expect(r.rows.map((row) => row.payload.reason)).toEqual(["too_large"]);
      } finally {
        await c.end();
      }
      // None of the page's text crossed: no frame since the consent carries a block of it.
      expect(frames.slice(framesBefore).some((f) => f.includes("x".repeat(1_000)))).toBe(false);
      expect(frames.slice(framesBefore).every((f) => f.length < 20_000)).toBe(true);
      await screenshot(agent, "cobrowse-too-large");
      await endSession(agent);
      await agent.goto(`${appUrl}/agent`);
    } finally {
      await ctx.close();
    }
  });

  it("never let the password reach any relay frame, request or the archive, through the whole session", async () => {
    const messages = await cobrowseMessages();
    const stored = JSON.stringify(await archived());
    for (const secret of [PASSWORD, CARD, MEMBER]) {
      expect(frames.filter((f) => f.includes(secret))).toEqual([]);
      expect(messages.filter((m) => m.includes(secret))).toEqual([]);
      expect(requests.filter((r) => r.includes(secret))).toEqual([]);
      expect(stored).not.toContain(secret);
    }
    expect(errors).toEqual([]);
  });
});

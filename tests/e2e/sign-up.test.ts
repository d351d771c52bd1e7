// A business signs itself up and takes its first visitor: the sign-up form (a field error, then
// success), the redirect to the dashboard, the new org's launcher embedded on a page of the
// business's own site (localhost, an allowed domain) under a strict CSP, the visitor's window
// opened from the button, the owner ready in /agent accepting, and one line each way in /s/{id}.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";

const appUrl = inject("appUrl");

describe.skipIf(!appUrl)("self sign-up to a first live session", () => {
  const suffix = Date.now().toString(36);
  const business = `Acme ${suffix}`;
  const email = `owner-${suffix}@acme.test`;
  const password = "our first passphrase";
  let browser: Browser;
  let site: http.Server;
  let siteUrl: string;
  let ownerCtx: BrowserContext;
  let visitorCtx: BrowserContext;
  let owner: Page;
  let visitorSite: Page;
  let visitor: Page;
  let launcherKey = "";
  let copiedLink = "";
  const errors: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    // The business's own site, on localhost (the domain it signs up with), with a strict CSP that
    // allows only our origin for scripts and requests: no inline styles or scripts at all.
    site = http.createServer((req, res) => {
      const params = new URL(req.url ?? "/", "http://x").searchParams;
      const key = params.get("key") ?? "";
      // A plain link to the launcher, as a business pastes the link it copied from its dashboard.
      const link = params.get("link");
      const anchor = link ? `<p><a id="copied-link" href="${link.replace(/[^\w:/.?=&-]/g, "")}">Talk to a person</a></p>` : "";
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": `default-src 'none'; script-src ${appUrl}; connect-src ${appUrl}; style-src 'none'; img-src 'none'`,
      });
      res.end(
        `<!doctype html><html lang="en"><title>${business} shop</title><h1>${business} shop</h1>${anchor}` +
          `<script src="${appUrl}/embed.js" data-launcher="${key}" async></script></html>`,
      );
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`;
    ownerCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] });
    visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    owner = await ownerCtx.newPage();
    visitorSite = await visitorCtx.newPage();
    for (const p of [owner, visitorSite]) p.on("pageerror", (e) => errors.push(e.message));
    // Chromium reports what a CSP blocked on the console.
    visitorSite.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
  });

  it("shows a field error next to the field and keeps what was typed, then signs up and lands on the dashboard", async () => {
    await owner.goto(`${appUrl}/sign-up?plan=PER_HIT`);
    await owner.getByLabel("Business name").fill(business);
    await owner.getByLabel("Your name").fill("Olive Owner");
    await owner.getByLabel("Work email").fill(email);
    await owner.getByLabel("Password").fill(password);
    await owner.getByLabel("Your web site's domains").fill("localhost, https://shop.acme.test");
    expect(await owner.getByRole("radio", { name: /Per session/ }).isChecked()).toBe(true);
    await owner.getByRole("button", { name: "Create account" }).click();

    const domains = owner.getByLabel("Your web site's domains");
    await owner.getByText("“https://shop.acme.test”: Enter only the host, without http:// or https://.").waitFor();
    expect(await domains.getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => owner.evaluate(() => document.activeElement?.id), { timeout: 10_000 }).toBe("allowedDomains");
    expect(await owner.getByLabel("Business name").inputValue()).toBe(business);
    await screenshot(owner, "sign-up-field-error");

    await domains.fill("localhost");
    const signUpResponse = owner.waitForResponse((r) => r.url().includes("/api/trpc/account.signUp") && r.request().method() === "POST");
    await owner.getByRole("button", { name: "Create account" }).click();
    const body = (await (await signUpResponse).json()) as { result: { data: { json: { launcherKey: string } } } }[];
    launcherKey = body[0]!.result.data.json.launcherKey;
    expect(launcherKey).toMatch(/^[a-z2-9]{10}$/);
    // Signed in and sent to the dashboard.
    await owner.waitForURL(`${appUrl}/dashboard`);
    await screenshot(owner, "sign-up-landed");

    // The overview offers the new launcher's link: copy it, as the business would.
    await owner.getByLabel("Link").first().waitFor();
    await owner.getByRole("button", { name: "Copy" }).first().click();
    await owner.getByText("Copied to the clipboard.").first().waitFor();
    copiedLink = await owner.evaluate(() => navigator.clipboard.readText());
    expect(copiedLink).toBe(`${appUrl}/l/${launcherKey}`);
  });

  it("shows the new org's button on its own site, opens live help from it, and the owner accepts", async () => {
    await owner.goto(`${appUrl}/agent`);
    await owner.getByRole("main").getByText(`Owner at ${business}`).waitFor();
    await owner.getByText(/\d+ \/ \d+ sessions/).waitFor();
    // Hydrated and connected before the switch is used.
    await owner.getByText("Live", { exact: true }).waitFor();

    // The copied link, pasted on a page of the business's own site (localhost, its allowed
    // domain), opens the pre-chat form: the visit is accepted, not refused.
    await visitorSite.goto(`${siteUrl}/contact?link=${encodeURIComponent(copiedLink)}`);
    await visitorSite.click("#copied-link");
    await visitorSite.getByLabel("Your name").waitFor();
    expect(visitorSite.url()).toContain(`/l/${launcherKey}`);

    // Nobody ready yet: the button says so.
    await visitorSite.goto(`${siteUrl}/pricing?key=${launcherKey}`);
    const button = visitorSite.getByRole("button", { name: /Talk to us live/ });
    await button.waitFor();
    await expect.poll(() => button.textContent(), { timeout: 15_000 }).toContain("No one is online right now");

    if ((await owner.getByRole("switch").getAttribute("aria-checked")) !== "true") await owner.getByRole("switch").click();
    await expect.poll(() => owner.getByRole("switch").getAttribute("aria-checked"), { timeout: 15_000 }).toBe("true");
    // The status is cacheable for 10 s: reload until the page sees the fresh one.
    await expect
      .poll(
        async () => {
          await visitorSite.reload();
          await button.waitFor();
          await visitorSite.waitForFunction(
            () => !!document.querySelector("[data-isession-launcher]")?.shadowRoot?.textContent?.match(/now|busy|online/),
          );
          return button.textContent();
        },
        { timeout: 40_000, interval: 2_000 },
      )
      .toContain("Someone is available now");
    await screenshot(visitorSite, "sign-up-embed-on-site");
    // The strict CSP was not violated by the button.
    expect(errors).toEqual([]);

    // Keyboard: Tab reaches the button (it shows a focus ring), Enter opens live help.
    await visitorSite.keyboard.press("Tab");
    await expect.poll(() => button.evaluate((b) => b.matches(":focus-visible")), { timeout: 5_000 }).toBe(true);
    expect(await button.evaluate((b) => (b as HTMLElement).style.outline)).toMatch(/solid 3px|3px solid/);
    const [popup] = await Promise.all([visitorCtx.waitForEvent("page"), visitorSite.keyboard.press("Enter")]);
    visitor = popup;
    visitor.on("pageerror", (e) => errors.push(e.message));
    await visitor.waitForLoadState();
    expect(visitor.url()).toContain(`/l/${launcherKey}?page=`);
    await visitor.getByLabel("Your name").fill("Vera Visitor");
    await visitor.getByLabel(/How can we help/).fill("Do you ship to Norway?");
    await visitor.getByRole("button", { name: "Join the queue" }).click();
    await visitor.waitForURL(/\/wait\//);

    const card = owner.locator("article").filter({ hasText: "Do you ship to Norway?" });
    await card.getByRole("button", { name: "Accept" }).click({ timeout: 30_000 });
    await owner.waitForURL(/\/s\//);
    await visitor.waitForURL(/\/s\//, { timeout: 20_000 });
    expect(new URL(visitor.url()).pathname).toBe(new URL(owner.url()).pathname);
    await owner.getByText("Live", { exact: true }).waitFor();
    await visitor.getByText("Live", { exact: true }).waitFor();
  });

  it("exchanges a line each way in the session", async () => {
    await visitor.getByLabel("Message").fill("Hello from Vera");
    await visitor.getByLabel("Message").press("Enter");
    await owner.locator("ol[role=log]").getByText("Hello from Vera").waitFor();
    await owner.getByLabel("Message").fill("Welcome, Vera! Yes, we do.");
    await owner.getByLabel("Message").press("Enter");
    await visitor.locator("ol[role=log]").getByText("Welcome, Vera! Yes, we do.").waitFor();
    await screenshot(visitor, "sign-up-first-session");
    expect(errors).toEqual([]);
  });
});

// Outgoing webhooks in Chromium, on an org of the file's own (tests/e2e/tenant.ts): the owner adds an endpoint in the dashboard pointing at a
// receiver this file runs on 127.0.0.1 (allow-listed by WEBHOOK_ALLOW_PRIVATE_HOSTS in the e2e's
// app), copies the signing secret the dashboard shows, a visitor is served by agent1 and the session
// ends; the receiver gets `session.ended` for that session, signed so the documented recipe (and
// verifyWebhookSignature) verifies it with that secret, and the delivery log says it was delivered.
// The owner also creates an API key in the dashboard first, and the client's system that received
// the webhook reads the ended session's transcript with it from /api/v1 (issue 16's whole flow).
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyWebhookSignature } from "../../server/webhooks/signature";
import { launchBrowser, openPage, screenshot } from "./browser";
import { endSession, joinAndBeServed, setReady, signIn } from "./demo";
import { createTenant, type Tenant } from "./tenant";

const appUrl = inject("appUrl");
const databaseUrl = inject("appDatabaseUrl");

type Hook = { body: string; signature: string; event: string };

describe.skipIf(!appUrl)("webhooks", () => {
  let t: Tenant;
  let browser: Browser;
  let receiver: http.Server;
  let hookUrl = "";
  const hooks: Hook[] = [];
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  let owner: Page;
  let agent: Page;
  let visitor: Page;
  let secret = "";
  let apiKey = "";
  const keyName = `CRM e2e ${Date.now().toString(36)}`;

  beforeAll(async () => {
    t = await createTenant(databaseUrl, { name: "Hooks Co" });
    browser = await launchBrowser();
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        hooks.push({
          body: Buffer.concat(chunks).toString("utf8"),
          signature: String(req.headers["isession-signature"] ?? ""),
          event: String(req.headers["isession-event"] ?? ""),
        });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/isession-${Date.now().toString(36)}`;
    owner = await openPage(browser, { contexts, errors }, 1280, 900);
    agent = await openPage(browser, { contexts, errors }, 1280, 860);
    visitor = await openPage(browser, { contexts, errors }, 390, 844);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  });

  it("lets the owner create an API key, add an endpoint and see its signing secret", async () => {
    await signIn(owner, appUrl, t.owner.email, "/dashboard");
    await owner.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "API keys" }).click();
    await owner.getByRole("heading", { name: "API keys", level: 1 }).waitFor();
    await owner.getByLabel("Name").fill(keyName);
    await owner.getByLabel("Access").selectOption("READ");
    await owner.getByRole("button", { name: "Create key" }).click();
    const dialog = owner.getByRole("dialog", { name: `Your new key “${keyName}”` });
    apiKey = await dialog.getByLabel("API key").inputValue();
    expect(apiKey).toMatch(/^isk_live_/);
    await dialog.getByRole("button", { name: "I have copied it" }).click();
    await dialog.waitFor({ state: "hidden" });
    await owner.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Webhooks" }).click();
    await owner.waitForURL(`${appUrl}/dashboard/webhooks`);
    await owner.getByRole("button", { name: "Add endpoint" }).click();
    await owner.getByLabel("Endpoint URL").fill(hookUrl);
    await owner.getByLabel("Description").fill("e2e receiver");
    // session.ended is chosen by default; add one more by keyboard.
    await owner.getByLabel("session.started").focus();
    await owner.keyboard.press("Space");
    await owner.getByRole("button", { name: "Add endpoint" }).click();
    const field = owner.getByLabel("Signing secret");
    await field.waitFor();
    secret = await field.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{20,}$/);
    await owner.getByRole("heading", { name: hookUrl }).waitFor();
    await screenshot(owner, "webhooks-endpoint-added");
  });

  it("delivers a verified session.ended when a session ends, and the log shows it", async () => {
    const question = `Webhook check ${Date.now().toString(36)}`;
    await signIn(agent, appUrl, t.agents[0]!.email, "/agent");
    await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
    await setReady(agent, true);
    await visitor.goto(`${appUrl}/l/${t.launcherKey}`);
    await joinAndBeServed(visitor, agent, question);
    const sessionId = new URL(agent.url()).pathname.split("/")[2]!;
    await endSession(agent);

    let ended: Hook | undefined;
    for (let i = 0; i < 120 && !ended; i++) {
      ended = hooks.find(
        (h) => h.event === "session.ended" && (JSON.parse(h.body) as { data: { sessionId: string } }).data.sessionId === sessionId,
      );
      if (!ended) await new Promise((r) => setTimeout(r, 250));
    }
    expect(ended, "session.ended reached the receiver").toBeDefined();
    // The recipe of docs/webhooks.md, by hand, with the secret the dashboard showed.
    const parts = Object.fromEntries(ended!.signature.split(",").map((p) => p.split("=") as [string, string]));
    expect(parts.v1).toBe(createHmac("sha256", secret).update(`${parts.t}.${ended!.body}`).digest("hex"));
    expect(verifyWebhookSignature(ended!.body, ended!.signature, secret)).toBe(true);
    expect(verifyWebhookSignature(ended!.body, ended!.signature, "whsec_not-the-secret")).toBe(false);
    const body = JSON.parse(ended!.body) as { type: string; data: { transcriptUrl: string } };
    expect(body.type).toBe("session.ended");
    expect(body.data.transcriptUrl).toContain(`/manager/sessions/${sessionId}/transcript?org=`);
    expect(hooks.some((h) => h.event === "session.started" && h.body.includes(sessionId))).toBe(true);

    // The receiving system reads the session it heard of, with the key made in the dashboard.
    const api = await fetch(`${appUrl}/api/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(api.status).toBe(200);
    const read = (await api.json()) as { id: string; participants: { role: string }[]; transcript: { type: string }[] };
    expect(read.id).toBe(sessionId);
    expect(read.participants.map((p) => p.role)).toEqual(expect.arrayContaining(["AGENT", "VISITOR"]));
    expect(read.transcript.map((e) => e.type)).toContain("session.ended");

    await owner.reload();
    const card = owner.locator("section").filter({ has: owner.getByRole("heading", { name: hookUrl }) });
    await card.getByRole("button", { name: "Delivery log" }).click();
    await card
      .getByRole("cell", { name: /session\.ended/ })
      .first()
      .waitFor();
    await card
      .getByText(/Delivered · HTTP 200/)
      .first()
      .waitFor();
    await screenshot(owner, "webhooks-delivery-log");
    expect(errors).toEqual([]);
  });
});

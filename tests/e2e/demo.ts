// Steps the e2e files share: signing in as a person does (every user of the demo and of
// tenant.ts has DEMO_PASSWORD), an agent accepting a given visitor's request, ending sessions.
import type { Page } from "playwright-core";

export const DEMO_PASSWORD = "demo-password";

/** Signs in through the form; waits to land on `callbackUrl`, or anywhere but the sign-in page. */
export async function signIn(page: Page, appUrl: string, email: string, callbackUrl?: string): Promise<void> {
  await page.goto(`${appUrl}/sign-in${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (callbackUrl) await page.waitForURL(`${appUrl}${callbackUrl}`);
  else await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
}

/** Turns the console's ready switch to `ready` and waits until the server agrees. */
export async function setReady(agent: Page, ready: boolean): Promise<void> {
  const want = String(ready);
  if ((await agent.getByRole("switch").getAttribute("aria-checked")) !== want) await agent.getByRole("switch").click();
  await agent.waitForFunction((w) => document.querySelector("[role=switch]")?.getAttribute("aria-checked") === w, want);
}

/** On a session page: End session, confirmed, until "You left the session" shows. */
export async function endSession(page: Page): Promise<void> {
  await page.getByRole("button", { name: "End session" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "End session" }).click();
  await page.getByRole("heading", { name: "You left the session" }).waitFor();
}

/**
 * The agent (on /agent, ready) accepts the request asking `question`. Each file serves visitors in
 * an org of its own (tenant.ts), so the request that rings is ours; any other is a bug in the
 * file, and said so. `onOffer` sees the offer before it is accepted (for screenshots).
 */
export async function acceptRequest(agent: Page, question: string, onOffer?: () => Promise<unknown>): Promise<void> {
  const card = agent
    .locator("article")
    .filter({ has: agent.getByRole("button", { name: "Accept" }) })
    .first();
  await card.waitFor({ timeout: 30_000 });
  const offered = (await card.textContent()) ?? "";
  if (!offered.includes(question)) throw new Error(`Another request rang instead of "${question}": ${offered.slice(0, 200)}`);
  await onOffer?.();
  await card.getByRole("button", { name: "Accept" }).click();
  await agent.waitForURL(/\/s\//);
}

/** For afterAll: every session still open in the agent's console ended for everyone (up to 5). */
export async function endConsoleSessions(agent: Page, appUrl: string): Promise<void> {
  await agent.goto(`${appUrl}/agent`);
  await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
  for (let i = 0; i < 5; i++) {
    const end = agent.getByRole("button", { name: "End session" });
    if ((await end.count()) === 0) break;
    await end.first().click();
    await agent.getByRole("button", { name: "End for everyone" }).click();
    await agent
      .getByText(/You ended the session/)
      .first()
      .waitFor();
  }
}

/**
 * On an entry page (/l/{key}): the pre-chat form filled as "Grace" asking `question`, the queue
 * joined; then `agent` accepts it (acceptRequest) and both wait until the visitor is in the session.
 */
export async function joinAndBeServed(visitor: Page, agent: Page, question: string): Promise<void> {
  await visitor.getByLabel("Your name").fill("Grace");
  await visitor.getByLabel(/How can we help/).fill(question);
  await visitor.getByRole("button", { name: "Join the queue" }).click();
  await visitor.waitForURL(/\/wait\//);
  await acceptRequest(agent, question);
  await visitor.waitForURL(/\/s\//, { timeout: 20_000 });
}

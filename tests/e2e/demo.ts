// Steps the e2e files share on the demo organization: signing in as a person does, an agent
// accepting a given visitor's request, and leaving the demo as it was found (files run in any
// order against one app).
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
 * The agent (on /agent, ready) accepts the request asking `question`. First come, first served:
 * visitors left waiting by other files ring first, so they are accepted and their sessions ended
 * until ours rings. `onOffer` sees each offer before it is accepted (for screenshots).
 */
export async function acceptRequest(
  agent: Page,
  appUrl: string,
  question: string,
  onOffer?: (mine: boolean, i: number) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < 6; i++) {
    const card = agent
      .locator("article")
      .filter({ has: agent.getByRole("button", { name: "Accept" }) })
      .first();
    await card.waitFor({ timeout: 30_000 });
    const mine = (await card.textContent())?.includes(question) ?? false;
    await onOffer?.(mine, i);
    await card.getByRole("button", { name: "Accept" }).click();
    await agent.waitForURL(/\/s\//);
    if (mine) return;
    await endSession(agent);
    await agent.goto(`${appUrl}/agent`);
  }
  throw new Error(`The request "${question}" never rang for this agent.`);
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

/** For afterAll: the agent's session (if the page is on one) ended, and the agent not ready. */
export async function leaveDemoAsFound(agent: Page | undefined, appUrl: string): Promise<void> {
  if (!agent) return;
  if (/\/s\//.test(agent.url())) await endSession(agent);
  await agent.goto(`${appUrl}/agent`);
  await agent.getByText(/\d+ \/ \d+ sessions/).waitFor();
  await setReady(agent, false);
}

/**
 * On an entry page (/l/demo): the pre-chat form filled as "Grace" asking `question`, the queue
 * joined; then `agent` accepts it (acceptRequest) and both wait until the visitor is in the session.
 */
export async function joinAndBeServed(visitor: Page, agent: Page, appUrl: string, question: string): Promise<void> {
  await visitor.getByLabel("Your name").fill("Grace");
  await visitor.getByLabel(/How can we help/).fill(question);
  await visitor.getByRole("button", { name: "Join the queue" }).click();
  await visitor.waitForURL(/\/wait\//);
  await acceptRequest(agent, appUrl, question);
  await visitor.waitForURL(/\/s\//, { timeout: 20_000 });
}

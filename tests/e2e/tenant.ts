// An organisation of an e2e file's own, made as a business and its dashboard make one: the owner
// signs up (server/accounts/sign-up.ts) and confirms the emailed link, invites a manager and agents
// who accept theirs (server/invitations), and the launcher is set up through the dashboard's
// launchers functions. Names, emails, slug and launcher key are unique per call, so files that run
// at once (or one alone) never share agents, queues or sessions, and nothing a file does shows in
// another file's org. The demo org (prisma/seed.ts) stays for what tests the demo itself.
//
// Runs the server's domain functions in the test process against the app's database: DATABASE_URL
// must point there before server/db.ts is first imported, hence the dynamic imports.
import { randomBytes } from "node:crypto";
import { DEMO_PASSWORD } from "./demo";

export type TenantUser = { userId: string; membershipId: string; email: string; name: string };

export type Tenant = {
  orgId: string;
  orgName: string;
  slug: string;
  launcherId: string;
  launcherKey: string;
  /** Every user's password: the demo's, so `signIn` in demo.ts works for both. */
  password: string;
  owner: TenantUser;
  manager: TenantUser;
  /** "Ada Agent", "Ben Agent", … as in the demo, so a file reads like it did on the demo org. */
  agents: TenantUser[];
};

export type TenantOptions = {
  /** Business name, before the unique suffix (the page titles and headings show it). */
  name?: string;
  /** The scenario the launcher opens (default sign-up's: one-on-one). */
  scenario?: "ONE_ON_ONE" | "COLLABORATION" | "AUDITORIUM";
  /** How many agents (default 2). */
  agents?: number;
  /** The org's allowed domains (sign-up's form field), default the loopback pages the e2e serve. */
  allowedDomains?: string[];
  /** Team macros (made as the owner makes them on /dashboard/macros), for files that pick one in the console. */
  macros?: { title: string; shortcut: string; body: string }[];
};

const AGENT_NAMES = ["Ada Agent", "Ben Agent", "Cleo Agent", "Dev Agent"];

/** The token of the newest link of this kind emailed to `to` (still in the outbox: e2e has no SMTP). */
async function emailedToken(appDatabaseUrl: string, to: string, kind: "verify-email" | "invite"): Promise<string> {
  const { db } = await serverDb(appDatabaseUrl);
  const mail = await db.emailOutbox.findFirstOrThrow({ where: { to }, orderBy: { createdAt: "desc" }, select: { text: true } });
  const token = new RegExp(`/${kind}/([A-Za-z0-9_-]{20,})`).exec(mail.text)?.[1];
  if (!token) throw new Error(`No ${kind} link in the last email to ${to}`);
  return token;
}

async function serverDb(appDatabaseUrl: string) {
  if (!appDatabaseUrl) throw new Error("createTenant needs the app's database (inject('appDatabaseUrl')).");
  process.env.DATABASE_URL = appDatabaseUrl;
  return import("../../server/db");
}

export async function createTenant(appDatabaseUrl: string, opts: TenantOptions = {}): Promise<Tenant> {
  const { db } = await serverDb(appDatabaseUrl);
  const { signUp } = await import("../../server/accounts/sign-up");
  const { signUpInput } = await import("../../server/accounts/sign-up-input");
  const { verifyEmailToken } = await import("../../server/accounts/email-verification");
  const { inviteMember } = await import("../../server/invitations/manage");
  const { acceptInvitationWithNewAccount } = await import("../../server/invitations/accept");
  const { listLaunchers, updateLauncher } = await import("../../server/launchers/manage");
  const { createMacro } = await import("../../server/macros/macros");

  const suffix = randomBytes(4).toString("hex");
  const email = (who: string) => `${who}-${suffix}@e2e.test`;
  const orgName = `${opts.name ?? "E2E Co"} ${suffix}`;
  const password = DEMO_PASSWORD;

  const input = signUpInput.parse({
    businessName: orgName,
    ownerName: "Olivia Owner",
    email: email("owner"),
    password,
    plan: "PER_MINUTE",
    allowedDomains: (opts.allowedDomains ?? ["localhost", "127.0.0.1"]).join("\n"),
  });
  // On a loaded machine sign-up's transaction can outlive Prisma's 5 s default (P2028). It is rolled
  // back whole (no user, no email), so one more try is safe; signUp itself stays as users get it.
  const { userId, orgId } = await signUp(input, { ip: "e2e-tenant" }).catch((e: unknown) => {
    if ((e as { code?: string }).code !== "P2028") throw e;
    return signUp(input, { ip: "e2e-tenant" });
  });
  const verified = await verifyEmailToken(await emailedToken(appDatabaseUrl, input.email, "verify-email"));
  if (verified.status !== "verified") throw new Error(`The owner's email was not verified: ${verified.status}`);
  const ownerMembership = await db.membership.findFirstOrThrow({ where: { orgId, userId }, select: { id: true } });
  const owner: TenantUser = { userId, membershipId: ownerMembership.id, email: input.email, name: input.ownerName };
  const actor = { type: "member" as const, userId, membershipId: owner.membershipId, role: "OWNER" as const };

  const join = async (who: string, name: string, role: "MANAGER" | "AGENT"): Promise<TenantUser> => {
    await inviteMember({ orgId, actor, email: email(who), role });
    const token = await emailedToken(appDatabaseUrl, email(who), "invite");
    const m = await acceptInvitationWithNewAccount({ token, name, password });
    const user = await db.user.findUniqueOrThrow({ where: { email: m.email }, select: { id: true } });
    return { userId: user.id, membershipId: m.id, email: m.email, name };
  };
  const manager = await join("manager", "Max Manager", "MANAGER");
  const agents: TenantUser[] = [];
  for (let i = 0; i < (opts.agents ?? 2); i++) agents.push(await join(`agent${i + 1}`, AGENT_NAMES[i] ?? `Agent ${i + 1}`, "AGENT"));

  // Sign-up's launcher only answers on the allowed domains; e2e files also open /l/{key} directly,
  // as the demo's launcher allows (an emailed link).
  const [launcher] = await listLaunchers({ orgId });
  const scenario = opts.scenario
    ? await db.scenario.findFirstOrThrow({ where: { orgId, kind: opts.scenario }, select: { id: true } })
    : { id: launcher!.scenarioId };
  const updated = await updateLauncher({
    orgId,
    launcherId: launcher!.id,
    fields: {
      name: launcher!.name,
      scenarioId: scenario.id,
      buttonLabel: launcher!.buttonLabel,
      allowDirectVisits: true,
      avatarUrl: launcher!.avatarUrl,
    },
  });

  for (const m of opts.macros ?? []) {
    await createMacro({ orgId, membershipId: owner.membershipId, role: "OWNER" }, { scope: "org", kind: "TEXT", ...m });
  }

  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true } });
  return { orgId, orgName, slug: org.slug, launcherId: updated.id, launcherKey: updated.key, password, owner, manager, agents };
}

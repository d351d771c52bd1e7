// The demo organization that `npm start` seeds into an empty database. Later features and the e2e
// tests rely on these exact logins, keys and names (README lists them).
import { hashPassword } from "../server/accounts/password";
import type { Db } from "../server/db";
import type { MemberRole } from "../server/generated/prisma/enums";
import { createInvitation } from "../server/invitations/create";
import { createOrganization, createOrganizationAwaitingOwner } from "../server/orgs/create-org";
import { DEFAULT_REVENUE_SHARE_BPS } from "../server/resellers/config";

export const DEMO_PASSWORD = "demo-password";
export const DEMO_ORG_SLUG = "demo-co";
export const DEMO_LAUNCHER_KEY = "demo";

export const DEMO_USERS: { email: string; name: string; role: MemberRole | null }[] = [
  { email: "owner@demo.test", name: "Olivia Owner", role: "OWNER" },
  { email: "manager@demo.test", name: "Max Manager", role: "MANAGER" },
  { email: "agent1@demo.test", name: "Ada Agent", role: "AGENT" },
  { email: "agent2@demo.test", name: "Ben Agent", role: "AGENT" },
  { email: "admin@isession.test", name: "Iris Operator", role: null },
];

/** Seeds the demo org and the demo reseller once each; returns false when both are already there. */
export async function seedDemo(db: Db, opts: { baseUrl: string }): Promise<boolean> {
  const org = await seedDemoOrg(db, opts);
  const reseller = await seedDemoReseller(db);
  return org || reseller;
}

async function seedDemoOrg(db: Db, opts: { baseUrl: string }): Promise<boolean> {
  if (await db.organization.findUnique({ where: { slug: DEMO_ORG_SLUG }, select: { id: true } })) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.$transaction(async (tx) => {
    const users = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const user = await tx.user.upsert({
        where: { email: u.email },
        update: {},
        create: { email: u.email, name: u.name, passwordHash, emailVerifiedAt: new Date() },
      });
      users.set(u.email, user.id);
    }
    const { org } = await createOrganization(tx, {
      name: "Demo Co",
      slug: DEMO_ORG_SLUG,
      ownerUserId: users.get("owner@demo.test")!,
      allowedDomains: ["localhost", "127.0.0.1"],
      launcherKey: DEMO_LAUNCHER_KEY,
      allowDirectVisits: true,
    });
    for (const u of DEMO_USERS) {
      if (!u.role || u.role === "OWNER") continue;
      await tx.membership.create({
        data: { orgId: org.id, userId: users.get(u.email)!, role: u.role, presence: { create: { orgId: org.id } } },
      });
    }
    await tx.platformAdmin.create({ data: { userId: users.get("admin@isession.test")! } });
    await tx.macro.createMany({
      data: [
        { orgId: org.id, kind: "TEXT", title: "Greeting", shortcut: "hi", body: "Hello! Thanks for reaching out. How can I help?" },
        { orgId: org.id, kind: "TEXT", title: "One moment", shortcut: "wait", body: "One moment please, I'm looking that up for you." },
        { orgId: org.id, kind: "URL", title: "Pricing page", shortcut: "pricing", body: new URL("/pricing", opts.baseUrl).toString() },
        {
          orgId: org.id,
          kind: "TEXT",
          title: "Thanks",
          shortcut: "thanks",
          body: "Thanks for your patience! Is there anything else I can help with?",
        },
        { orgId: org.id, kind: "TEXT", title: "Goodbye", shortcut: "bye", body: "Thanks for chatting with us. Have a great day!" },
      ],
    });
    // A personal macro, so the console shows both scopes.
    const agent1 = await tx.membership.findFirstOrThrow({
      where: { orgId: org.id, userId: users.get("agent1@demo.test")! },
      select: { id: true },
    });
    await tx.macro.create({
      data: {
        orgId: org.id,
        membershipId: agent1.id,
        kind: "TEXT",
        title: "My sign-off",
        shortcut: "ada",
        body: "Ada here: I'll stay with you until this is sorted.",
      },
    });
  });
  return true;
}

export const DEMO_RESELLER = {
  email: "reseller@demo.test",
  name: "Rita Reseller",
  resellerName: "Demo Partners",
  slug: "demo-partners",
  clientName: "Partner Client Ltd",
  clientSlug: "partner-client",
  clientAdminEmail: "client-admin@demo.test",
} as const;

/** A reseller (VAR) with one sub-client whose first admin has been invited but not joined yet. */
async function seedDemoReseller(db: Db): Promise<boolean> {
  if (await db.reseller.findUnique({ where: { slug: DEMO_RESELLER.slug }, select: { id: true } })) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { email: DEMO_RESELLER.email },
      update: {},
      create: { email: DEMO_RESELLER.email, name: DEMO_RESELLER.name, passwordHash, emailVerifiedAt: new Date() },
    });
    const reseller = await tx.reseller.create({
      data: {
        name: DEMO_RESELLER.resellerName,
        slug: DEMO_RESELLER.slug,
        revenueShareBps: DEFAULT_REVENUE_SHARE_BPS,
        members: { create: { userId: user.id } },
      },
    });
    const { org } = await createOrganizationAwaitingOwner(tx, {
      name: DEMO_RESELLER.clientName,
      slug: DEMO_RESELLER.clientSlug,
      allowedDomains: ["localhost", "127.0.0.1"],
      resellerId: reseller.id,
      plan: "PER_HIT",
    });
    await createInvitation(tx, {
      orgId: org.id,
      email: DEMO_RESELLER.clientAdminEmail,
      role: "OWNER",
      invitedByUserId: user.id,
      inviterName: `${DEMO_RESELLER.name} at ${DEMO_RESELLER.resellerName}`,
    });
  });
  return true;
}

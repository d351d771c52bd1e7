// tests/e2e/tenant.ts on a real database: two calls make two separate organisations whose users are
// verified, hold the roles asked for, sign in with the known password, and whose launcher takes
// direct visits; the e2e files rely on each of these.
import { describe, expect, it } from "vitest";
import { verifyPassword } from "../../server/accounts/password";
import { db } from "../../server/db";
import { createTenant } from "../e2e/tenant";

describe("createTenant (e2e files' own organisations)", () => {
  it("makes an org with a verified owner, a manager, agents, a direct-visit launcher and macros", async () => {
    const t = await createTenant(process.env.DATABASE_URL!, {
      name: "Shop",
      agents: 3,
      macros: [{ title: "Thanks", shortcut: "thanks", body: "Thanks for waiting." }],
    });
    expect(t.orgName).toMatch(/^Shop [0-9a-f]{8}$/);
    const members = await db.membership.findMany({
      where: { orgId: t.orgId },
      select: {
        id: true,
        role: true,
        active: true,
        user: { select: { email: true, name: true, emailVerifiedAt: true, passwordHash: true } },
      },
    });
    const byEmail = new Map(members.map((m) => [m.user.email, m]));
    for (const [u, role] of [[t.owner, "OWNER"], [t.manager, "MANAGER"], ...t.agents.map((a) => [a, "AGENT"] as const)] as const) {
      const m = byEmail.get(u.email)!;
      expect(m).toMatchObject({ id: u.membershipId, role, active: true, user: { name: u.name } });
      expect(m.user.emailVerifiedAt).not.toBeNull();
      expect(await verifyPassword(m.user.passwordHash!, t.password)).toBe(true);
    }
    expect(members).toHaveLength(5);
    expect(t.agents.map((a) => a.name)).toEqual(["Ada Agent", "Ben Agent", "Cleo Agent"]);
    const launcher = await db.launcher.findUniqueOrThrow({ where: { key: t.launcherKey } });
    expect(launcher).toMatchObject({ id: t.launcherId, orgId: t.orgId, allowDirectVisits: true });
    const org = await db.organization.findUniqueOrThrow({ where: { id: t.orgId } });
    expect(org).toMatchObject({ name: t.orgName, slug: t.slug, allowedDomains: ["localhost", "127.0.0.1"] });
    expect(await db.macro.findMany({ where: { orgId: t.orgId }, select: { title: true, membershipId: true } })).toEqual([
      { title: "Thanks", membershipId: null },
    ]);
  });

  it("gives every call its own org, users and launcher", async () => {
    const [a, b] = await Promise.all([createTenant(process.env.DATABASE_URL!), createTenant(process.env.DATABASE_URL!)]);
    expect(a.orgId).not.toBe(b.orgId);
    expect(a.launcherKey).not.toBe(b.launcherKey);
    expect(a.agents[0]!.email).not.toBe(b.agents[0]!.email);
    expect(await db.membership.count({ where: { orgId: a.orgId } })).toBe(4);
  });
});

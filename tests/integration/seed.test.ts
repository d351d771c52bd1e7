import { describe, expect, it } from "vitest";
import { DEMO_LAUNCHER_KEY, DEMO_PASSWORD, DEMO_RESELLER, DEMO_USERS, seedDemo } from "../../prisma/seed";
import { signInWithPassword } from "../../server/accounts/sign-in";
import { db } from "../../server/db";

describe("demo seed", () => {
  it("creates Demo Co with its logins, launcher and scenarios, once", async () => {
    expect(await seedDemo(db, { baseUrl: "http://localhost:3000" })).toBe(true);
    expect(await seedDemo(db, { baseUrl: "http://localhost:3000" })).toBe(false);

    const org = await db.organization.findUniqueOrThrow({
      where: { slug: "demo-co" },
      include: { scenarios: true, launchers: true, memberships: { include: { user: true, presence: true } } },
    });
    expect(org.name).toBe("Demo Co");
    expect(org.allowedDomains).toEqual(["localhost", "127.0.0.1"]);
    expect(org.scenarios.map((s) => s.kind).sort()).toEqual(["AUDITORIUM", "COLLABORATION", "ONE_ON_ONE"]);
    expect(org.launchers.map((l) => l.key)).toEqual([DEMO_LAUNCHER_KEY]);
    const roles = Object.fromEntries(org.memberships.map((m) => [m.user.email, m.role]));
    expect(roles).toEqual({
      "owner@demo.test": "OWNER",
      "manager@demo.test": "MANAGER",
      "agent1@demo.test": "AGENT",
      "agent2@demo.test": "AGENT",
    });
    expect(org.memberships.every((m) => m.presence?.status === "offline")).toBe(true);

    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@isession.test" }, include: { platformAdmin: true } });
    expect(admin.platformAdmin).not.toBeNull();

    for (const u of DEMO_USERS) {
      expect((await signInWithPassword({ email: u.email, password: DEMO_PASSWORD, ip: "127.0.0.1" })).email).toBe(u.email);
    }

    // The demo reseller: its login, one sub-client awaiting its invited owner, and no org seat of its own.
    const rita = await db.user.findUniqueOrThrow({
      where: { email: DEMO_RESELLER.email },
      include: {
        resellerMembers: { include: { reseller: { include: { organizations: { include: { invitations: true, memberships: true } } } } } },
        memberships: true,
      },
    });
    expect((await signInWithPassword({ email: rita.email, password: DEMO_PASSWORD, ip: "127.0.0.1" })).email).toBe(rita.email);
    expect(rita.memberships).toEqual([]);
    const reseller = rita.resellerMembers[0]!.reseller;
    expect([reseller.name, reseller.revenueShareBps]).toEqual(["Demo Partners", 2000]);
    expect(reseller.organizations.map((o) => [o.name, o.memberships.length, o.invitations.map((i) => [i.email, i.role])])).toEqual([
      ["Partner Client Ltd", 0, [["client-admin@demo.test", "OWNER"]]],
    ]);
  });
});

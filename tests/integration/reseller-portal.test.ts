import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { resolveEntry } from "../../server/launchers/entry";
import { DEFAULT_REVENUE_SHARE_BPS } from "../../server/resellers/config";
import { SUB_CLIENTS_PER_DAY } from "../../server/resellers/sub-clients";
import { addMember, callerFor, createUser, seedOrg } from "../helpers/factories";
import { statusNotices } from "../helpers/status-notices";
import { errorOf } from "../helpers/errors";

type U = { id: string; email: string; name: string | null };
let n = 0;
async function newReseller(name: string): Promise<{ user: U; resellerId: string }> {
  const email = `partner${++n}-${Date.now()}@resellers.test`;
  await callerFor(null).reseller.signUp({ resellerName: name, name: "Pat Partner", email, password: "a-long-enough-pass" });
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const seat = await db.resellerMember.findFirstOrThrow({ where: { userId: user.id } });
  return { user, resellerId: seat.resellerId };
}

describe("reseller sign-up", () => {
  it("creates the user, the reseller with the default share and the membership in one go", async () => {
    await callerFor(null).reseller.signUp({
      resellerName: "Acme Partners",
      name: "Ann Partner",
      email: "  Ann@Acme-Partners.test ",
      password: "blue-orchid-window",
    });
    const user = await db.user.findUniqueOrThrow({
      where: { email: "ann@acme-partners.test" },
      include: { resellerMembers: { include: { reseller: true } }, memberships: true },
    });
    expect(user.name).toBe("Ann Partner");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.memberships).toEqual([]);
    expect(user.resellerMembers).toHaveLength(1);
    const reseller = user.resellerMembers[0]!.reseller;
    expect(reseller).toMatchObject({
      name: "Acme Partners",
      slug: "acme-partners",
      revenueShareBps: DEFAULT_REVENUE_SHARE_BPS,
      active: true,
    });
    expect(await callerFor(user).reseller.me()).toMatchObject({ id: reseller.id, name: "Acme Partners", revenueShareBps: 2000 });
  });

  it("refuses a taken email, a short, common or email-like password and a bad email, changing nothing", async () => {
    const before = await Promise.all([db.user.count(), db.reseller.count()]);
    const api = callerFor(null);
    const base = { resellerName: "Other Partners", name: "Otto", email: "otto@other.test", password: "blue-orchid-window" };
    const taken = await errorOf(api.reseller.signUp({ ...base, email: "ANN@acme-partners.test" }));
    expect(taken.code).toBe("CONFLICT");
    expect(taken.message).toMatch(/already exists/);
    expect((await errorOf(api.reseller.signUp({ ...base, password: "short" }))).message).toMatch(/at least 10/);
    expect((await errorOf(api.reseller.signUp({ ...base, password: "password123" }))).message).toMatch(/too common/);
    expect((await errorOf(api.reseller.signUp({ ...base, password: "otto@other.test" }))).message).toMatch(/email/);
    const badEmail = await errorOf(api.reseller.signUp({ ...base, email: "not-an-email" }));
    expect(badEmail.code).toBe("BAD_REQUEST");
    const noName = await errorOf(api.reseller.signUp({ ...base, resellerName: " " }));
    expect(noName.code).toBe("BAD_REQUEST");
    expect(await Promise.all([db.user.count(), db.reseller.count()])).toEqual(before);
  });

  it("gives a second reseller with the same name its own slug", async () => {
    const { resellerId } = await newReseller("Acme Partners");
    const r = await db.reseller.findUniqueOrThrow({ where: { id: resellerId } });
    expect(r.slug).toMatch(/^acme-partners-[0-9a-f]{6}$/);
  });
});

describe("sub-clients", () => {
  let a: { user: U; resellerId: string };
  let b: { user: U; resellerId: string };
  let clientOfA: string;
  let invitationOfA: string;

  beforeAll(async () => {
    a = await newReseller("Alpha Resellers");
    b = await newReseller("Beta Resellers");
    const created = await callerFor(a.user).reseller.createClient({
      name: "Client One",
      plan: "PER_HIT",
      allowedDomains: ["shop.example.com", "*.client-one.test"],
      adminEmail: "Boss@Client-One.test",
    });
    clientOfA = created.orgId;
    invitationOfA = created.invitation.invitationId;
    // The accept link is emailed, never handed to the reseller (who could accept it themselves).
    expect(created.invitation).not.toHaveProperty("url");
  });

  it("creates the org under the reseller, invites its owner by email, and adds the reseller's user to nothing", async () => {
    const org = await db.organization.findUniqueOrThrow({
      where: { id: clientOfA },
      include: { memberships: true, invitations: true, launchers: true, scenarios: true, emails: true },
    });
    expect(org).toMatchObject({ name: "Client One", plan: "PER_HIT", resellerId: a.resellerId, status: "ACTIVE" });
    expect(org.allowedDomains).toEqual(["shop.example.com", "*.client-one.test"]);
    expect(org.memberships).toEqual([]);
    expect(org.launchers).toHaveLength(1);
    expect(org.scenarios).toHaveLength(3);
    expect(org.invitations.map((i) => [i.email, i.role, i.acceptedAt])).toEqual([["boss@client-one.test", "OWNER", null]]);
    expect(org.emails.map((e) => e.to)).toEqual(["boss@client-one.test"]);
    expect(org.emails[0]!.text).toContain("Alpha Resellers");
    expect(await db.membership.count({ where: { userId: a.user.id } })).toBe(0);

    const list = await callerFor(a.user).reseller.clients();
    expect(list.map((c) => c.id)).toEqual([clientOfA]);
    expect(list[0]).toMatchObject({
      status: "ACTIVE",
      plan: "PER_HIT",
      agents: 0,
      usage: { visitorMinutes: 0, sessionHits: 0, sessions: 0 },
    });
    expect(list[0]!.pendingInvitation).toMatchObject({ id: invitationOfA, email: "boss@client-one.test", expired: false });
  });

  it("stores allowed domains as sign-up does: lower case, punycode, no duplicates", async () => {
    const created = await callerFor(a.user).reseller.createClient({
      name: "Café Client",
      plan: "PER_MINUTE",
      allowedDomains: ["Café.Example", "café.example", "*.Shop.Example"],
      adminEmail: "owner@cafe-client.test",
    });
    const org = await db.organization.findUniqueOrThrow({ where: { id: created.orgId } });
    expect(org.allowedDomains).toEqual(["xn--caf-dma.example", "*.shop.example"]);
  });

  it("rejects an invalid allowed domain with the entry's reason and creates nothing", async () => {
    const before = await db.organization.count();
    const e = await errorOf(
      callerFor(a.user).reseller.createClient({
        name: "Bad",
        plan: "PER_MINUTE",
        allowedDomains: ["https://x.test/path"],
        adminEmail: "x@x.test",
      }),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toMatch(/without http/);
    expect(await db.organization.count()).toBe(before);
  });

  it("counts this month's usage, sessions and agents per sub-client", async () => {
    const seeded = await seedOrg({ name: "Busy Client" });
    await db.organization.update({ where: { id: seeded.org.id }, data: { resellerId: a.resellerId } });
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
    const scenario = seeded.scenarios[0]!;
    await db.session.create({ data: { orgId: seeded.org.id, scenarioId: scenario.id, kind: "ONE_ON_ONE" } });
    await db.session.create({ data: { orgId: seeded.org.id, scenarioId: scenario.id, kind: "ONE_ON_ONE", startedAt: lastMonth } });
    await db.usageRecord.createMany({
      data: [
        { orgId: seeded.org.id, kind: "VISITOR_MINUTE", quantity: 7, occurredAt: now, idempotencyKey: `t-${seeded.org.id}-1` },
        { orgId: seeded.org.id, kind: "VISITOR_MINUTE", quantity: 5, occurredAt: now, idempotencyKey: `t-${seeded.org.id}-2` },
        { orgId: seeded.org.id, kind: "SESSION_HIT", quantity: 1, occurredAt: now, idempotencyKey: `t-${seeded.org.id}-3` },
        { orgId: seeded.org.id, kind: "VISITOR_MINUTE", quantity: 100, occurredAt: lastMonth, idempotencyKey: `t-${seeded.org.id}-4` },
      ],
    });
    const row = (await callerFor(a.user).reseller.clients()).find((c) => c.id === seeded.org.id)!;
    expect(row.usage).toEqual({ visitorMinutes: 12, sessionHits: 1, sessions: 1 });
    expect(row.agents).toBe(4);
    const detail = await callerFor(a.user).reseller.client({ orgId: seeded.org.id });
    expect(detail.members.map((m) => m.role).sort()).toEqual(["AGENT", "AGENT", "MANAGER", "OWNER"]);
    // It has an owner already: the reseller may not invite another.
    const e = await errorOf(callerFor(a.user).reseller.inviteOwner({ orgId: seeded.org.id, email: "new@x.test" }));
    expect(e.code).toBe("CONFLICT");
  });

  it("resends (a fresh link) and revokes the pending owner invitation", async () => {
    const api = callerFor(a.user);
    const again = await api.reseller.resendInvitation({ orgId: clientOfA, invitationId: invitationOfA });
    expect(again.email).toBe("boss@client-one.test");
    expect(again.invitationId).not.toBe(invitationOfA);
    expect(await db.invitation.count({ where: { orgId: clientOfA, acceptedAt: null } })).toBe(1);
    expect(await db.emailOutbox.count({ where: { orgId: clientOfA } })).toBe(2);
    await api.reseller.revokeInvitation({ orgId: clientOfA, invitationId: again.invitationId });
    expect(await db.invitation.count({ where: { orgId: clientOfA } })).toBe(0);
    expect((await errorOf(api.reseller.revokeInvitation({ orgId: clientOfA, invitationId: again.invitationId }))).code).toBe("NOT_FOUND");
    const fresh = await api.reseller.inviteOwner({ orgId: clientOfA, email: "boss@client-one.test" });
    invitationOfA = fresh.invitationId;
  });

  it("answers NOT_FOUND to another reseller for every id-taking procedure, and changes nothing", async () => {
    const api = callerFor(b.user);
    expect(await api.reseller.clients()).toEqual([]);
    const calls: [string, () => Promise<unknown>][] = [
      ["client", () => api.reseller.client({ orgId: clientOfA })],
      ["inviteOwner", () => api.reseller.inviteOwner({ orgId: clientOfA, email: "evil@b.test" })],
      ["resendInvitation", () => api.reseller.resendInvitation({ orgId: clientOfA, invitationId: invitationOfA })],
      ["revokeInvitation", () => api.reseller.revokeInvitation({ orgId: clientOfA, invitationId: invitationOfA })],
      ["suspend", () => api.reseller.suspend({ orgId: clientOfA, reason: "mine now" })],
      ["reactivate", () => api.reseller.reactivate({ orgId: clientOfA })],
    ];
    const missing = await errorOf(api.reseller.client({ orgId: "org_that_does_not_exist" }));
    for (const [name, call] of calls) {
      const e = await errorOf(call());
      expect([name, e.code, e.message]).toEqual([name, "NOT_FOUND", missing.message]);
    }
    // A direct (non-reseller) org is just as invisible.
    const direct = await seedOrg({ name: "Direct Client" });
    expect((await errorOf(api.reseller.client({ orgId: direct.org.id }))).code).toBe("NOT_FOUND");
    // A's invitation is untouched: same id, still pending, no extra email.
    expect(await db.invitation.findMany({ where: { orgId: clientOfA }, select: { id: true, email: true } })).toEqual([
      { id: invitationOfA, email: "boss@client-one.test" },
    ]);
    expect((await db.organization.findUniqueOrThrow({ where: { id: clientOfA } })).status).toBe("ACTIVE");
  });

  it("shows the reseller its own actions in a client's history, not the client's own invitations", async () => {
    await db.auditLog.create({
      data: { orgId: clientOfA, actorType: "user", action: "invitation.created", data: { email: "agent@client-one.test" } },
    });
    const detail = await callerFor(a.user).reseller.client({ orgId: clientOfA });
    const actions = detail.history.map((h) => [h.action, h.actorType, h.email]);
    expect(actions).toContainEqual(["org.created", "reseller", null]);
    expect(actions).toContainEqual(["invitation.created", "reseller", "boss@client-one.test"]);
    expect(actions.some(([, , email]) => email === "agent@client-one.test")).toBe(false);
  });

  it("gives a reseller no way into sub-client data through org procedures", async () => {
    const api = callerFor(a.user);
    expect((await errorOf(api.org.get({ orgId: clientOfA }))).code).toBe("NOT_FOUND");
    expect((await errorOf(api.org.members({ orgId: clientOfA }))).code).toBe("NOT_FOUND");
    expect((await api.me()).memberships).toEqual([]);
  });

  it(`creates at most ${SUB_CLIENTS_PER_DAY} clients per reseller in 24 hours`, async () => {
    const busy = await newReseller("Busy Partners");
    const seeded = await Promise.all(
      Array.from({ length: SUB_CLIENTS_PER_DAY - 1 }, (_, i) =>
        db.organization.create({ data: { name: `Old ${i}`, slug: `busy-${busy.resellerId}-${i}`, resellerId: busy.resellerId } }),
      ),
    );
    const input = (n: string) => ({
      name: n,
      plan: "PER_MINUTE" as const,
      allowedDomains: ["busy.test"],
      adminEmail: `${n.toLowerCase()}@busy.test`,
    });
    await callerFor(busy.user).reseller.createClient(input("Twentieth"));
    const e = await errorOf(callerFor(busy.user).reseller.createClient(input("Extra")));
    expect(e.code).toBe("TOO_MANY_REQUESTS");
    expect(await db.organization.count({ where: { resellerId: busy.resellerId } })).toBe(SUB_CLIENTS_PER_DAY);
    expect(await db.emailOutbox.count({ where: { to: "extra@busy.test" } })).toBe(0);
    await db.organization.updateMany({
      where: { id: { in: seeded.map((o) => o.id) } },
      data: { createdAt: new Date(Date.now() - 25 * 3_600_000) },
    });
    await callerFor(busy.user).reseller.createClient(input("Extra"));
  });

  it("refuses a reseller's own account as a client's owner, even with the emailed link", async () => {
    const me = await newReseller("Self Inviting Partners");
    const created = await callerFor(me.user).reseller.createClient({
      name: "Self Owned",
      plan: "PER_MINUTE",
      allowedDomains: ["self.test"],
      adminEmail: me.user.email,
    });
    const mail = await db.emailOutbox.findFirstOrThrow({ where: { orgId: created.orgId, to: me.user.email } });
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const e = await errorOf(callerFor(me.user).invitations.accept({ token }));
    expect(e.code).toBe("FORBIDDEN");
    expect(e.message).toMatch(/belongs to a reseller/);
    expect(await db.membership.count({ where: { orgId: created.orgId } })).toBe(0);
    expect((await db.invitation.findFirstOrThrow({ where: { orgId: created.orgId } })).acceptedAt).toBeNull();
  });

  it("refuses reseller procedures to people who are not a reseller's member", async () => {
    const seeded = await seedOrg();
    const e = await errorOf(callerFor(seeded.owner.user).reseller.clients());
    expect(e.code).toBe("FORBIDDEN");
    expect((await errorOf(callerFor(null).reseller.clients())).code).toBe("UNAUTHORIZED");
    const disabled = await newReseller("Disabled Partners");
    await db.reseller.update({ where: { id: disabled.resellerId }, data: { active: false } });
    expect((await errorOf(callerFor(disabled.user).reseller.clients())).message).toMatch(/disabled/);
  });

  it("suspends a sub-client (launcher shows the unavailable page) and reactivates it", async () => {
    const api = callerFor(a.user);
    expect((await errorOf(api.reseller.suspend({ orgId: clientOfA, reason: "   " }))).code).toBe("BAD_REQUEST");
    expect(await api.reseller.suspend({ orgId: clientOfA, reason: "Unpaid invoice" })).toEqual({
      orgId: clientOfA,
      status: "SUSPENDED",
      changed: true,
    });
    const launcher = await db.launcher.findFirstOrThrow({ where: { orgId: clientOfA } });
    const entry = (referer: string) =>
      resolveEntry({
        key: launcher.key,
        referer,
        page: null,
        token: null,
        selfOrigins: [],
        ip: "203.0.113.5",
        visitorCookieId: null,
        userId: null,
      });
    expect((await entry("https://shop.example.com/p"))?.kind).toBe("unavailable");
    const detail = await api.reseller.client({ orgId: clientOfA });
    expect(detail).toMatchObject({ status: "SUSPENDED", suspendedReason: "Unpaid invoice" });
    expect(detail.history[0]).toMatchObject({ action: "org.suspended", actorType: "reseller", reason: "Unpaid invoice" });
    expect(await api.reseller.reactivate({ orgId: clientOfA })).toEqual({ orgId: clientOfA, status: "ACTIVE", changed: true });
    expect((await entry("https://shop.example.com/p"))?.kind).toBe("form");
  });
});

describe("operator and reseller suspensions", () => {
  it("tells the sub-client's owner and admins (not agents) once per change, naming the reseller to contact", async () => {
    const r = await newReseller("Delta Resellers");
    const api = callerFor(r.user);
    const { orgId } = await api.reseller.createClient({ name: "Client D", plan: "PER_MINUTE", allowedDomains: [], adminEmail: "d@d.test" });
    const owner = await addMember(orgId, "OWNER");
    const admin = await addMember(orgId, "ADMIN");
    const agent = await addMember(orgId, "AGENT");
    const people = [owner.user.email, admin.user.email].sort();

    await api.reseller.suspend({ orgId, reason: "Contract ended" });
    expect((await api.reseller.suspend({ orgId, reason: "Contract ended" })).changed).toBe(false);
    const s = await statusNotices(orgId, "suspended");
    expect([s.members, s.to]).toEqual([[owner.membership.id, admin.membership.id].sort(), people]);
    expect(s.notifications[0]).toMatchObject({ title: "Client D has been suspended", data: { reason: "Contract ended", by: "reseller" } });
    for (const text of [s.notifications[0]!.body, s.emails[0]!.text]) {
      expect(text).toContain("suspended by Delta Resellers");
      expect(text).toContain("please contact them");
      expect(text).toContain("left to finish");
    }

    await api.reseller.reactivate({ orgId });
    expect((await statusNotices(orgId, "reactivated")).to).toEqual(people);
    expect(await db.notification.count({ where: { membershipId: agent.membership.id } })).toBe(0);
    expect(await db.emailOutbox.count({ where: { orgId, to: { in: [agent.user.email, r.user.email] } } })).toBe(0);
  });

  it("lets a reseller lift only its own suspensions, never the operator's", async () => {
    const r = await newReseller("Gamma Resellers");
    const { orgId } = await callerFor(r.user).reseller.createClient({
      name: "Client G",
      plan: "PER_MINUTE",
      allowedDomains: [],
      adminEmail: "g@g.test",
    });
    const admin = await createUser({ name: "Op" });
    await db.platformAdmin.create({ data: { userId: admin.id } });
    await callerFor(admin).admin.suspendOrg({ orgId, reason: "Terms of service" });
    const e = await errorOf(callerFor(r.user).reseller.reactivate({ orgId }));
    expect(e.code).toBe("FORBIDDEN");
    expect(e.message).toMatch(/suspended by iSession/);
    expect((await db.organization.findUniqueOrThrow({ where: { id: orgId } })).status).toBe("SUSPENDED");
    await callerFor(admin).admin.reactivateOrg({ orgId });
    expect((await db.organization.findUniqueOrThrow({ where: { id: orgId } })).status).toBe("ACTIVE");
  });
  it("an operator's suspension on top of the reseller's is recorded, and the reseller can no longer lift it", async () => {
    const r = await newReseller("Epsilon Resellers");
    const { orgId } = await callerFor(r.user).reseller.createClient({
      name: "Client E",
      plan: "PER_MINUTE",
      allowedDomains: [],
      adminEmail: "e@e.test",
    });
    const admin = await createUser({ name: "Op" });
    await db.platformAdmin.create({ data: { userId: admin.id } });
    await callerFor(r.user).reseller.suspend({ orgId, reason: "Contract ended" });
    expect((await callerFor(admin).admin.suspendOrg({ orgId, reason: "Abuse report" })).changed).toBe(true);
    expect(
      await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { status: true, suspendedReason: true, suspendedBy: true } }),
    ).toEqual({
      status: "SUSPENDED",
      suspendedReason: "Abuse report",
      suspendedBy: "admin",
    });
    const audit = await db.auditLog.findMany({
      where: { orgId, action: "org.suspended" },
      orderBy: { createdAt: "asc" },
      select: { actorType: true },
    });
    expect(audit.map((a) => a.actorType)).toEqual(["reseller", "admin"]);
    // The reseller suspending again neither lowers the rank nor records anything.
    expect((await callerFor(r.user).reseller.suspend({ orgId, reason: "Still ended" })).changed).toBe(false);
    const e = await errorOf(callerFor(r.user).reseller.reactivate({ orgId }));
    expect(e.code).toBe("FORBIDDEN");
    expect((await db.organization.findUniqueOrThrow({ where: { id: orgId } })).status).toBe("SUSPENDED");
    expect((await callerFor(admin).admin.reactivateOrg({ orgId })).changed).toBe(true);
  });
});

import { createServer } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { probe, relayHealth } from "../../server/admin/health";
import { db } from "../../server/db";
import { JOBS, sendJob } from "../../server/jobs/boss";
import { resolveEntry } from "../../server/launchers/entry";
import { recordRefusedVisit } from "../../server/launchers/unauthorized";
import { queueEmail } from "../../server/notifications/email";
import { reactivateOrganization, suspendOrganization } from "../../server/orgs/status";
import { publish } from "../../server/realtime/publish";
import { addMember, callerFor, createUser, createVisitor, seedOrg } from "../helpers/factories";
import { statusNotices } from "../helpers/status-notices";
import { errorOf } from "../helpers/errors";

type U = { id: string; email: string; name: string | null };
let admin: U;
let org: Awaited<ReturnType<typeof seedOrg>>;

beforeAll(async () => {
  admin = await createUser({ name: "Iris Operator" });
  await db.platformAdmin.create({ data: { userId: admin.id } });
  org = await seedOrg({ name: "Watched Org", allowedDomains: ["watched.test"] });
});

describe("operator procedures", () => {
  it("refuse everyone but a platform admin (FORBIDDEN; UNAUTHORIZED when signed out)", async () => {
    const owner = callerFor(org.owner.user);
    const calls: [string, (api: ReturnType<typeof callerFor>) => Promise<unknown>][] = [
      ["orgs", (api) => api.admin.orgs({})],
      ["org", (api) => api.admin.org({ orgId: org.org.id })],
      ["suspendOrg", (api) => api.admin.suspendOrg({ orgId: org.org.id, reason: "x" })],
      ["reactivateOrg", (api) => api.admin.reactivateOrg({ orgId: org.org.id })],
      ["resellers", (api) => api.admin.resellers()],
      ["setRevenueShare", (api) => api.admin.setRevenueShare({ resellerId: "r", bps: 1 })],
      ["outbox", (api) => api.admin.outbox({})],
      ["outboxMessage", (api) => api.admin.outboxMessage({ id: "m" })],
      ["requeueEmail", (api) => api.admin.requeueEmail({ id: "m" })],
      ["unauthorizedAttempts", (api) => api.admin.unauthorizedAttempts({})],
      ["health", (api) => api.admin.health()],
    ];
    for (const [name, call] of calls) {
      expect([name, (await errorOf(call(owner))).code]).toEqual([name, "FORBIDDEN"]);
      expect([name, (await errorOf(call(callerFor(null)))).code]).toEqual([name, "UNAUTHORIZED"]);
    }
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.org.id } })).status).toBe("ACTIVE");
  });

  it("lists every org with search and filters by status and reseller", async () => {
    const api = callerFor(admin);
    const reseller = await db.reseller.create({ data: { name: "Resell Co", slug: `resell-${Date.now()}` } });
    const sub = await seedOrg({ name: "Sub Of Resell" });
    await db.organization.update({ where: { id: sub.org.id }, data: { resellerId: reseller.id } });
    const all = await api.admin.orgs({});
    expect(all.items.map((o) => o.name)).toEqual(expect.arrayContaining(["Watched Org", "Sub Of Resell"]));
    expect((await api.admin.orgs({ search: "watched" })).items.map((o) => o.id)).toEqual([org.org.id]);
    expect((await api.admin.orgs({ search: org.owner.user.email })).items.map((o) => o.id)).toEqual([org.org.id]);
    const byReseller = await api.admin.orgs({ reseller: reseller.id });
    expect(byReseller.items.map((o) => [o.id, o.reseller?.name])).toEqual([[sub.org.id, "Resell Co"]]);
    expect((await api.admin.orgs({ reseller: "direct" })).items.map((o) => o.id)).not.toContain(sub.org.id);
    expect((await api.admin.orgs({ status: "SUSPENDED" })).items).toEqual([]);

    const resellers = await api.admin.resellers();
    expect(resellers.find((r) => r.id === reseller.id)).toMatchObject({ revenueShareBps: 2000, subClients: 1 });
    expect(await api.admin.setRevenueShare({ resellerId: reseller.id, bps: 1250 })).toEqual({ id: reseller.id, revenueShareBps: 1250 });
    expect((await errorOf(api.admin.setRevenueShare({ resellerId: reseller.id, bps: 10_001 }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(api.admin.setRevenueShare({ resellerId: "nope", bps: 10 }))).code).toBe("NOT_FOUND");
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "reseller.share_changed", targetId: reseller.id } });
    expect(audit).toMatchObject({ actorType: "admin", actorUserId: admin.id, data: { from: 2000, to: 1250 } });
  });

  it("suspends with a reason (audited; the launcher shows the unavailable page; running sessions go on) and reactivates", async () => {
    const api = callerFor(admin);
    const live = await db.session.create({
      data: { orgId: org.org.id, scenarioId: org.scenarios[0]!.id, kind: "ONE_ON_ONE" },
    });
    const entry = () =>
      resolveEntry({
        key: org.launcher.key,
        referer: "https://watched.test/help",
        page: null,
        token: null,
        selfOrigins: [],
        ip: "203.0.113.1",
        visitorCookieId: null,
        userId: null,
      });
    expect((await entry())?.kind).toBe("form");
    expect((await errorOf(api.admin.suspendOrg({ orgId: org.org.id, reason: "" }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(api.admin.suspendOrg({ orgId: "org_missing", reason: "x" }))).code).toBe("NOT_FOUND");

    expect(await api.admin.suspendOrg({ orgId: org.org.id, reason: "Chargeback  on card" })).toEqual({
      orgId: org.org.id,
      status: "SUSPENDED",
      changed: true,
    });
    const suspended = await db.organization.findUniqueOrThrow({ where: { id: org.org.id } });
    expect(suspended.status).toBe("SUSPENDED");
    expect(suspended.suspendedReason).toBe("Chargeback on card");
    expect(suspended.suspendedAt).toBeInstanceOf(Date);
    expect((await entry())?.kind).toBe("unavailable");
    expect((await db.session.findUniqueOrThrow({ where: { id: live.id } })).status).toBe("ACTIVE");
    // Suspending again changes nothing and writes no second entry.
    expect((await api.admin.suspendOrg({ orgId: org.org.id, reason: "again" })).changed).toBe(false);
    const detail = await api.admin.org({ orgId: org.org.id });
    expect(detail.statusHistory.map((h) => [h.action, h.by, h.reason])).toEqual([["org.suspended", "admin", "Chargeback on card"]]);
    expect((await api.admin.orgs({ status: "SUSPENDED" })).items.map((o) => o.id)).toEqual([org.org.id]);

    expect((await api.admin.reactivateOrg({ orgId: org.org.id, note: "Paid" })).status).toBe("ACTIVE");
    const back = await db.organization.findUniqueOrThrow({ where: { id: org.org.id } });
    expect([back.status, back.suspendedAt, back.suspendedReason]).toEqual(["ACTIVE", null, null]);
    expect((await entry())?.kind).toBe("form");
    const audit = await db.auditLog.findMany({
      where: { orgId: org.org.id, action: { in: ["org.suspended", "org.reactivated"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actorType, a.actorUserId])).toEqual([
      ["org.suspended", "admin", admin.id],
      ["org.reactivated", "admin", admin.id],
    ]);
    await db.session.update({ where: { id: live.id }, data: { status: "ENDED", endedAt: new Date() } });
  });

  it("lets billing (system) lift its own suspension but not the operator's", async () => {
    const o = await seedOrg();
    const billing = { type: "system", source: "billing" } as const;
    await suspendOrganization(db, { orgId: o.org.id, reason: "Payment failed", actor: billing });
    expect((await reactivateOrganization(db, { orgId: o.org.id, actor: billing })).changed).toBe(true);
    await suspendOrganization(db, { orgId: o.org.id, reason: "Abuse", actor: { type: "admin", userId: admin.id } });
    await expect(reactivateOrganization(db, { orgId: o.org.id, actor: billing })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("records the operator's suspension over billing's: billing can no longer lift it, the operator can", async () => {
    const o = await seedOrg();
    const billing = { type: "system", source: "billing" } as const;
    await suspendOrganization(db, { orgId: o.org.id, reason: "Payment failed", actor: billing });
    expect((await callerFor(admin).admin.suspendOrg({ orgId: o.org.id, reason: "Chargeback fraud" })).changed).toBe(true);
    const detail = await callerFor(admin).admin.org({ orgId: o.org.id });
    expect(detail.statusHistory.map((h) => [h.action, h.by])).toEqual([
      ["org.suspended", "admin"],
      ["org.suspended", "system:billing"],
    ]);
    // Billing suspending again (its next run) changes nothing and cannot lower the rank.
    expect((await suspendOrganization(db, { orgId: o.org.id, reason: "Payment failed", actor: billing })).changed).toBe(false);
    await expect(reactivateOrganization(db, { orgId: o.org.id, actor: billing })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db.organization.findUniqueOrThrow({ where: { id: o.org.id } })).suspendedReason).toBe("Chargeback fraud");
    expect((await callerFor(admin).admin.reactivateOrg({ orgId: o.org.id })).changed).toBe(true);
  });

  it("tells each active owner and admin once (never managers or agents) when the operator suspends and reactivates", async () => {
    const api = callerFor(admin);
    const o = await seedOrg({ name: "Noticed Org" });
    const second = await addMember(o.org.id, "ADMIN", { name: "Second Admin" });
    const gone = await addMember(o.org.id, "ADMIN", { name: "Former Admin" });
    await db.membership.update({ where: { id: gone.membership.id }, data: { active: false } });
    const admins = [o.owner.membership.id, second.membership.id].sort();
    const adminEmails = [o.owner.user.email, second.user.email].sort();

    await api.admin.suspendOrg({ orgId: o.org.id, reason: "Chargeback on card" });
    const s = await statusNotices(o.org.id, "suspended");
    expect([s.members, s.to]).toEqual([admins, adminEmails]);
    expect(s.notifications[0]).toMatchObject({
      title: "Noticed Org has been suspended",
      data: { reason: "Chargeback on card", by: "admin" },
    });
    for (const text of [s.notifications[0]!.body, s.emails[0]!.text]) {
      expect(text).toContain("Chargeback on card");
      expect(text).toContain("unavailable right now");
      expect(text).toMatch(/already running are left to finish/);
      expect(text).toContain("contact iSession support");
    }
    expect(s.emails[0]!.text).not.toContain("/dashboard/billing");
    expect(s.emails[0]!.html).toContain("Chargeback on card");

    // Suspending again changes nothing and tells nobody again; a refused reactivation neither.
    expect((await api.admin.suspendOrg({ orgId: o.org.id, reason: "Again" })).changed).toBe(false);
    const billing = { type: "system", source: "billing" } as const;
    await expect(reactivateOrganization(db, { orgId: o.org.id, actor: billing })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await statusNotices(o.org.id, "suspended")).to).toEqual(adminEmails);
    expect((await statusNotices(o.org.id, "reactivated")).to).toEqual([]);

    await api.admin.reactivateOrg({ orgId: o.org.id });
    const r = await statusNotices(o.org.id, "reactivated");
    expect([r.members, r.to]).toEqual([admins, adminEmails]);
    expect(r.notifications[0]!.title).toBe("Noticed Org is active again");
    expect((await api.admin.reactivateOrg({ orgId: o.org.id })).changed).toBe(false);
    expect((await statusNotices(o.org.id, "reactivated")).to).toEqual(adminEmails);
    // Nothing at all reached the manager, the agents or the former admin.
    const others = [o.manager, ...o.agents, gone];
    expect(await db.notification.count({ where: { membershipId: { in: others.map((m) => m.membership.id) } } })).toBe(0);
    expect(await db.emailOutbox.count({ where: { to: { in: others.map((m) => m.user.email) } } })).toBe(0);
  });

  it("shows the email outbox with status, attempts and errors, and one message in full", async () => {
    const api = callerFor(admin);
    const { id } = await queueEmail(db, { orgId: org.org.id, to: "someone@watched.test", subject: "Hello there", text: "Body text" });
    await db.emailOutbox.update({ where: { id }, data: { status: "FAILED", attempts: 3, lastError: "550 mailbox unavailable" } });
    const failed = await api.admin.outbox({ status: "FAILED" });
    expect(failed.items.map((m) => [m.id, m.to, m.attempts, m.lastError, m.org?.name])).toEqual([
      [id, "someone@watched.test", 3, "550 mailbox unavailable", "Watched Org"],
    ]);
    expect(failed.counts.FAILED).toBe(1);
    expect((await api.admin.outbox({ search: "hello there" })).items.map((m) => m.id)).toEqual([id]);
    expect(await api.admin.outboxMessage({ id })).toMatchObject({ subject: "Hello there", text: "Body text", status: "FAILED" });
    expect((await errorOf(api.admin.outboxMessage({ id: "missing" }))).code).toBe("NOT_FOUND");
  });

  it("sends an undelivered message again, once: NOT_SENT and FAILED go back to PENDING, audited", async () => {
    const api = callerFor(admin);
    const { id } = await queueEmail(db, { orgId: org.org.id, to: "later@watched.test", subject: "Kept", text: "Body" });
    await db.emailOutbox.update({ where: { id }, data: { status: "NOT_SENT", attempts: 1, lastError: "SMTP_URL is not set: not sent" } });
    expect(await api.admin.requeueEmail({ id })).toEqual({ id, status: "PENDING" });
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "PENDING", attempts: 0, lastError: null });
    // Pending already (a double click): refused, nothing changes, no second audit entry.
    expect((await errorOf(api.admin.requeueEmail({ id }))).code).toBe("CONFLICT");
    expect(await db.auditLog.count({ where: { action: "email.requeued", targetId: id } })).toBe(1);
    // A sent message is never sent twice.
    await db.emailOutbox.update({ where: { id }, data: { status: "SENT", sentAt: new Date() } });
    expect((await errorOf(api.admin.requeueEmail({ id }))).code).toBe("CONFLICT");
    expect((await db.emailOutbox.findUniqueOrThrow({ where: { id } })).status).toBe("SENT");
    // FAILED goes back too; a missing id is NOT_FOUND.
    await db.emailOutbox.update({ where: { id }, data: { status: "FAILED", attempts: 5 } });
    await api.admin.requeueEmail({ id });
    expect((await db.emailOutbox.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");
    expect((await errorOf(api.admin.requeueEmail({ id: "missing" }))).code).toBe("NOT_FOUND");
  });

  it("lists unauthorized-domain attempts across orgs", async () => {
    const other = await seedOrg({ name: "Other Org" });
    for (const [o, host] of [
      [org, "evil.test"],
      [other, "bad.test"],
      [other, "bad.test"],
    ] as const) {
      await recordRefusedVisit({
        org: { id: o.org.id, name: o.org.name },
        launcher: { id: o.launcher.id, key: o.launcher.key, name: o.launcher.name },
        reason: "domain_not_allowed",
        origin: `https://${host}`,
        host,
        referrerUrl: `https://${host}/page`,
        ip: "198.51.100.4",
      });
    }
    const api = callerFor(admin);
    const all = await api.admin.unauthorizedAttempts({});
    expect(all.items.map((i) => [i.org?.name, i.host, i.reason])).toEqual([
      ["Other Org", "bad.test", "domain_not_allowed"],
      ["Other Org", "bad.test", "domain_not_allowed"],
      ["Watched Org", "evil.test", "domain_not_allowed"],
    ]);
    // The second identical attempt was throttled: audited, but nobody was notified again.
    expect(all.items.map((i) => i.notified)).toEqual([false, true, true]);
    expect(all.lastDayByOrg).toEqual([
      { orgId: other.org.id, name: "Other Org", attempts: 2 },
      { orgId: org.org.id, name: "Watched Org", attempts: 1 },
    ]);
    expect((await api.admin.unauthorizedAttempts({ orgId: org.org.id })).items.map((i) => i.host)).toEqual(["evil.test"]);
  });
});

describe("system health", () => {
  it("reads real figures: the test relay's metrics, the database, queue depth and the job backlog", async () => {
    const api = callerFor(admin);
    const before = await api.admin.health();
    if (before.relay.state !== "ok") throw new Error(`relay: ${JSON.stringify(before.relay)}`);
    expect(before.relay.value.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(before.database.state).toBe("ok");
    if (before.database.state === "ok") expect(before.database.value.serverVersion).toMatch(/^\d+/);
    // No job was ever sent on this database: pg-boss has not made its schema.
    expect(before.jobs.state).toBe("not_applicable");

    await publish("private-health-check", "ping", { n: 1 });
    const visitor = await createVisitor(org.org.id);
    await db.queueEntry.createMany({
      data: [
        { orgId: org.org.id, launcherId: org.launcher.id, scenarioId: org.scenarios[0]!.id, visitorId: visitor.id, status: "WAITING" },
        { orgId: org.org.id, launcherId: org.launcher.id, scenarioId: org.scenarios[0]!.id, visitorId: visitor.id, status: "WAITING" },
        { orgId: org.org.id, launcherId: org.launcher.id, scenarioId: org.scenarios[0]!.id, visitorId: visitor.id, status: "OFFERED" },
        { orgId: org.org.id, launcherId: org.launcher.id, scenarioId: org.scenarios[0]!.id, visitorId: visitor.id, status: "ABANDONED" },
      ],
    });
    await sendJob(JOBS.queueBroadcast, { orgId: org.org.id });
    await sendJob(JOBS.offerExpire, { orgId: org.org.id, offerId: "o1" }, { startAfter: new Date(Date.now() + 3_600_000) });

    const after = await api.admin.health();
    if (after.relay.state !== "ok") throw new Error("relay went away");
    // The relay is shared by every test file running now, so its counters only grow.
    expect(after.relay.value.published).toBeGreaterThan(before.relay.value.published);
    expect(after.relay.value.apiRequests).toBeGreaterThan(before.relay.value.apiRequests);
    if (after.queues.state !== "ok") throw new Error("queues");
    expect(after.queues.value.orgs).toEqual([expect.objectContaining({ orgId: org.org.id, name: "Watched Org", waiting: 2, offered: 1 })]);
    expect([after.queues.value.totalWaiting, after.queues.value.totalOffered]).toEqual([2, 1]);
    if (after.jobs.state !== "ok") throw new Error(`jobs: ${JSON.stringify(after.jobs)}`);
    const byName = Object.fromEntries(after.jobs.value.queues.map((q) => [q.name, q]));
    expect(byName[JOBS.queueBroadcast]).toMatchObject({ ready: 1, scheduled: 0 });
    expect(byName[JOBS.offerExpire]).toMatchObject({ ready: 0, scheduled: 1 });
    expect(byName[JOBS.routeDispatch]).toMatchObject({ ready: 0, scheduled: 0, active: 0 });
  });

  it("says unreachable, with the reason, when nothing answers at the relay's address", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const result = await probe(() => relayHealth(`http://127.0.0.1:${port}`));
    expect(result.state).toBe("unreachable");
    if (result.state === "unreachable") expect(result.error).toMatch(/ECONNREFUSED/);
  });
});

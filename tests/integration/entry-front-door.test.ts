// The visitor's front door on a real PostgreSQL: domain checks with admin notices and their
// throttle, the pre-chat submit, returning visitors, suspended orgs, scheduling later and coming
// back at the time, and the availability endpoints.
import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as badgeGET } from "../../app/l/[key]/badge.svg/route";
import { GET as statusGET, OPTIONS as statusOPTIONS } from "../../app/l/[key]/status/route";
import { setAgentStatus } from "../../server/agents/set-status";
import { db } from "../../server/db";
import { parseIcs, icsUnescape } from "../../server/entry/ics";
import { joinQueue } from "../../server/entry/join";
import { leaveOwnedEntry, loadOwnedEntry, ownedQueueStatus, scheduledForEntry } from "../../server/entry/waiting";
import { resolveEntry, signEntryToken, type EntryRequest, type EntryView } from "../../server/launchers/entry";
import { MAX_ALERTS_PER_HOUR } from "../../server/launchers/unauthorized";
import { splitAttachments } from "../../server/notifications/email";
import { enqueueVisitor } from "../../server/queue/enqueue";
import { loadScheduledForLink, scheduleLater, startScheduledSession } from "../../server/queue/schedule";
import { queueStatus } from "../../server/queue/status";
import { findSeat } from "../../server/sessions/participant";
import { getSessionView } from "../../server/sessions/view";
import { signVisitorCookie, verifyVisitorCookie } from "../../server/visitors/cookie";
import { cookieIdFor } from "../../server/visitors/identify";
import { addMember, createLiveSession, createVisitor, seedOrg } from "../helpers/factories";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
const SELF = ["http://localhost:3000"];
const HOUR = 60 * 60 * 1000;

let s: Seeded;
let admin: Awaited<ReturnType<typeof addMember>>;
beforeEach(async () => {
  s = await seedOrg({ allowedDomains: ["example.test", "*.example.test"] });
  admin = await addMember(s.org.id, "ADMIN", { name: "Admin" });
});

function visit(overrides: Partial<EntryRequest> = {}): Promise<EntryView | null> {
  return resolveEntry({
    key: s.launcher.key,
    referer: null,
    page: null,
    token: null,
    selfOrigins: SELF,
    ip: "203.0.113.9",
    visitorCookieId: null,
    userId: null,
    ...overrides,
  });
}

async function formFor(referer: string | null, extra: Partial<EntryRequest> = {}) {
  const view = await visit({ referer, ...extra });
  if (view?.kind !== "form") throw new Error(`expected the form, got ${view?.kind}`);
  return view;
}

const alerts = (orgId = s.org.id) =>
  db.notification.findMany({ where: { orgId, kind: "unauthorized_domain" }, orderBy: { createdAt: "asc" } });
const audits = (orgId = s.org.id) =>
  db.auditLog.findMany({
    where: { orgId, action: "launcher.unauthorized_domain" },
    orderBy: { createdAt: "asc" },
  });
const outbox = (orgId = s.org.id) => db.emailOutbox.findMany({ where: { orgId }, orderBy: { createdAt: "asc" } });

describe("refused referrers", () => {
  it("shows the refusal, notifies each admin in the app and by email, and audits the attempt", async () => {
    const view = await visit({ referer: "https://evil-example.test/promo?x=1" });
    expect(view).toMatchObject({
      kind: "refused",
      reason: "domain_not_allowed",
      origin: "https://evil-example.test",
      host: "evil-example.test",
    });

    const notes = await alerts();
    expect(notes.map((n) => n.membershipId).sort()).toEqual([s.owner.membership.id, admin.membership.id].sort());
    for (const n of notes) {
      expect(n.title).toContain("evil-example.test");
      expect(n.data).toMatchObject({
        origin: "https://evil-example.test",
        host: "evil-example.test",
        launcherId: s.launcher.id,
        reason: "domain_not_allowed",
      });
    }
    const mails = await outbox();
    expect(mails.map((m) => m.to).sort()).toEqual([s.owner.user.email, admin.user.email].sort());
    expect(mails[0]!.subject).toContain("evil-example.test");
    expect(mails[0]!.text).toContain("https://evil-example.test");
    expect(mails[0]!.html).toContain("evil-example.test");

    const [audit] = await audits();
    expect(audit).toMatchObject({
      actorType: "visitor",
      targetType: "Launcher",
      targetId: s.launcher.id,
      ip: "203.0.113.9",
    });
    expect(audit!.data).toMatchObject({
      origin: "https://evil-example.test",
      referrerUrl: "https://evil-example.test/promo?x=1",
      notified: true,
    });
    // Nobody was queued, and no agents or managers were bothered.
    expect(await db.queueEntry.count({ where: { orgId: s.org.id } })).toBe(0);
    expect(
      await db.notification.count({
        where: { membershipId: { in: [s.manager.membership.id, ...s.agents.map((a) => a.membership.id)] } },
      }),
    ).toBe(0);
  });

  it("throttles notices to one per host per launcher per hour, while auditing every attempt", async () => {
    const t0 = new Date("2026-02-01T10:00:00Z");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    await visit({ referer: "https://evil.test/a", now: t0 });
    await visit({ referer: "https://evil.test/b", now: at(60_000) });
    await visit({ referer: "http://evil.test:8080/c", now: at(120_000) }); // another scheme and port: the same site
    expect(await alerts()).toHaveLength(2); // one notice x two admins
    expect(await outbox()).toHaveLength(2);

    await visit({ referer: "https://other.test/", now: at(180_000) }); // another site is news
    expect(await alerts()).toHaveLength(4);

    await visit({ referer: "https://evil.test/again", now: at(HOUR + 1000) }); // an hour later: tell them again
    expect(await alerts()).toHaveLength(6);

    const trail = await audits();
    expect(trail).toHaveLength(5);
    expect(trail.map((a) => (a.data as { notified: boolean }).notified)).toEqual([true, false, false, true, true]);
    expect(trail[1]!.data).toMatchObject({ throttled: "repeat" });
  });

  it("caps notices per org per hour, so made-up origins can't flood the outbox", async () => {
    const t0 = new Date("2026-02-02T10:00:00Z");
    for (let i = 0; i < MAX_ALERTS_PER_HOUR + 5; i++) {
      await visit({ referer: `https://spam${i}.test/`, now: new Date(t0.getTime() + i * 1000) });
    }
    expect(await outbox()).toHaveLength(MAX_ALERTS_PER_HOUR * 2);
    const trail = await audits();
    expect(trail).toHaveLength(MAX_ALERTS_PER_HOUR + 5);
    expect(trail.at(-1)!.data).toMatchObject({ notified: false, throttled: "cap" });
  });

  it("serialises concurrent refusals: a burst from one site notifies once", async () => {
    const now = new Date("2026-02-03T10:00:00Z");
    await Promise.all(Array.from({ length: 8 }, () => visit({ referer: "https://burst.test/", now })));
    expect(await alerts()).toHaveLength(2);
    expect(await audits()).toHaveLength(8);
  });

  it("refuses a direct visit unless the launcher allows it", async () => {
    expect(await visit()).toMatchObject({ kind: "refused", reason: "no_referrer", origin: null });
    expect((await audits())[0]!.data).toMatchObject({ reason: "no_referrer", origin: null });
    await db.launcher.update({ where: { id: s.launcher.id }, data: { allowDirectVisits: true } });
    expect(await visit()).toMatchObject({ kind: "form", referrerUrl: null });
  });

  it("does not let a hostile page borrow an allowed page parameter, or a copied entry token", async () => {
    expect(await visit({ referer: "https://evil.test/", page: "https://example.test/" })).toMatchObject({
      kind: "refused",
      host: "evil.test",
    });
    const token = signEntryToken(s.launcher.id, "https://example.test/pricing");
    expect(await visit({ referer: "https://evil.test/", token })).toMatchObject({
      kind: "refused",
      host: "evil.test",
    });
    // ...while our own pages (sign-in callback, "join again") may carry it
    expect(await visit({ referer: "http://localhost:3000/sign-in", token })).toMatchObject({
      kind: "form",
      referrerUrl: "https://example.test/pricing",
    });
  });

  it("coming back from our own pages: a valid token is handed back unchanged, an expired one falls back to the page claim", async () => {
    const token = signEntryToken(s.launcher.id, "https://example.test/pricing");
    // The no-JavaScript re-render of the form must produce the same permalink.
    expect(await visit({ referer: "http://localhost:3000/l/x", token })).toMatchObject({
      kind: "form",
      token,
    });
    const expired = signEntryToken(s.launcher.id, "https://example.test/pricing", new Date(Date.now() - 3 * HOUR));
    expect(
      await visit({
        referer: "http://localhost:3000/l/x",
        token: expired,
        page: "https://example.test/pricing",
      }),
    ).toMatchObject({
      kind: "form",
      referrerUrl: "https://example.test/pricing",
    });
    // Nothing vouches any more: refused, but our own page sending a visitor is no news for the admins.
    expect(await visit({ referer: "http://localhost:3000/l/x", token: expired })).toMatchObject({
      kind: "refused",
      reason: "no_referrer",
    });
    expect(await audits()).toHaveLength(0);
    expect(await alerts()).toHaveLength(0);
  });

  it("answers null (404) for unknown and archived keys", async () => {
    expect(await visit({ key: "no-such-key" })).toBeNull();
    expect(await visit({ key: "../etc" })).toBeNull();
    await db.launcher.update({ where: { id: s.launcher.id }, data: { archivedAt: new Date() } });
    expect(await visit({ referer: "https://example.test/" })).toBeNull();
  });
});

describe("suspended org", () => {
  it("shows 'unavailable', queues nobody and notifies nobody", async () => {
    await db.organization.update({
      where: { id: s.org.id },
      data: { status: "SUSPENDED", suspendedAt: new Date() },
    });
    expect(await visit({ referer: "https://example.test/" })).toEqual({
      kind: "unavailable",
      org: { name: s.org.name, brandColor: s.org.brandColor },
    });
    expect(await visit({ referer: "https://evil.test/" })).toMatchObject({ kind: "unavailable" });
    expect(await alerts()).toHaveLength(0);
    const token = signEntryToken(s.launcher.id, "https://example.test/");
    const res = await joinQueue({
      key: s.launcher.key,
      token,
      values: { name: "Ada" },
      visitorCookieId: "c".repeat(22),
      userId: null,
    });
    expect(res).toMatchObject({ ok: false, formError: expect.stringMatching(/not available/) });
    expect(await db.queueEntry.count({ where: { orgId: s.org.id } })).toBe(0);
  });
});

describe("pre-chat form and joining", () => {
  it("queues the visitor with the referring page and the scenario and avatar the first matching page rule picks", async () => {
    const collab = s.scenarios.find((x) => x.kind === "COLLABORATION")!;
    const auditorium = s.scenarios.find((x) => x.kind === "AUDITORIUM")!;
    await db.launcherPageRule.createMany({
      data: [
        {
          orgId: s.org.id,
          launcherId: s.launcher.id,
          position: 1,
          urlPattern: "/training/*",
          scenarioId: collab.id,
          avatarUrl: "https://cdn.example.test/trainer.png",
        },
        {
          orgId: s.org.id,
          launcherId: s.launcher.id,
          position: 0,
          urlPattern: "/training/webinar*",
          scenarioId: auditorium.id,
        },
        {
          orgId: s.org.id,
          launcherId: s.launcher.id,
          position: 2,
          urlPattern: "shop.example.test",
          avatarUrl: "https://cdn.example.test/shop.png",
        },
      ],
    });
    // Cross-site Referers carry only the origin; the embed's page parameter has the path.
    const view = await formFor("https://www.example.test/", {
      page: "https://www.example.test/training/basics?utm=x#top",
    });
    expect(view).toMatchObject({
      referrerUrl: "https://www.example.test/training/basics?utm=x",
      avatarUrl: "https://cdn.example.test/trainer.png",
      scenario: { name: collab.name, question: collab.preChatQuestion },
    });
    expect((await formFor("https://www.example.test/training/webinar-1")).scenario.name).toBe(auditorium.name);
    const shop = await formFor("https://shop.example.test/cart");
    expect(shop).toMatchObject({
      avatarUrl: "https://cdn.example.test/shop.png",
      scenario: { name: "One-on-one" },
    });

    const cookieId = cookieIdFor(null).cookieId;
    const res = await joinQueue({
      key: s.launcher.key,
      token: view.token,
      values: { name: " Ada ", question: "  Can I join the course?  " },
      visitorCookieId: cookieId,
      userId: null,
    });
    expect(res).toMatchObject({ ok: true, rejoined: false });
    const entry = await db.queueEntry.findUniqueOrThrow({
      where: { id: (res as { entryId: string }).entryId },
      include: { visitor: true },
    });
    expect(entry).toMatchObject({
      status: "WAITING",
      scenarioId: collab.id,
      launcherId: s.launcher.id,
      referrerUrl: "https://www.example.test/training/basics?utm=x",
      question: "Can I join the course?",
      priority: 0,
    });
    expect(entry.visitor).toMatchObject({ orgId: s.org.id, cookieId, name: "Ada" });
  });

  it("returns per-field errors and queues nobody when the form is wrong", async () => {
    await db.scenario.update({ where: { id: s.launcher.scenarioId }, data: { askEmail: true } });
    const view = await formFor("https://example.test/");
    expect(view.scenario).toMatchObject({ askName: true, askEmail: true });
    const res = await joinQueue({
      key: s.launcher.key,
      token: view.token,
      values: { name: "", email: "not-an-email", question: "x".repeat(1001) },
      visitorCookieId: "c".repeat(22),
      userId: null,
    });
    expect(res).toEqual({
      ok: false,
      fieldErrors: {
        name: "Please tell us your name.",
        email: "Please enter a valid email address, like name@example.com.",
        question: "Please keep your question under 1000 characters.",
      },
    });
    expect(await db.visitor.count({ where: { orgId: s.org.id } })).toBe(0);
    expect(await db.queueEntry.count({ where: { orgId: s.org.id } })).toBe(0);
  });

  it("re-checks the domain on submit: a forged, expired or revoked token is refused", async () => {
    const cookie = "c".repeat(22);
    const join = (token: string | null) =>
      joinQueue({
        key: s.launcher.key,
        token,
        values: { name: "Ada" },
        visitorCookieId: cookie,
        userId: null,
      });
    expect(await join(null)).toMatchObject({ ok: false, expired: true });
    expect(await join("forged.token")).toMatchObject({ ok: false, expired: true });
    const other = await seedOrg();
    expect(await join(signEntryToken(other.launcher.id, "https://example.test/"))).toMatchObject({
      ok: false,
      expired: true,
    });
    const old = new Date(Date.now() - 3 * HOUR);
    expect(await join(signEntryToken(s.launcher.id, "https://example.test/", old))).toMatchObject({
      ok: false,
      expired: true,
    });
    // The admin removes the domain while the visitor is typing.
    const view = await formFor("https://example.test/");
    await db.organization.update({ where: { id: s.org.id }, data: { allowedDomains: ["elsewhere.test"] } });
    expect(await join(view.token)).toMatchObject({
      ok: false,
      formError: expect.stringMatching(/no longer authorized/),
    });
    expect(await db.queueEntry.count({ where: { orgId: s.org.id } })).toBe(0);
  });

  it("asks for sign-in and for the invitation code when the scenario requires them", async () => {
    const hash = createHash("sha256").update("TEAM-42").digest("hex");
    await db.scenario.update({
      where: { id: s.launcher.scenarioId },
      data: { requireSignIn: true, invitationCodeHash: hash },
    });
    const anonymous = await formFor("https://example.test/");
    expect(anonymous).toMatchObject({ signInRequired: true, scenario: { needsCode: true } });
    const base = { key: s.launcher.key, token: anonymous.token, visitorCookieId: "c".repeat(22) };
    expect(await joinQueue({ ...base, values: { name: "Ada", code: "TEAM-42" }, userId: null })).toMatchObject({
      ok: false,
      signInRequired: true,
    });
    const user = s.agents[0]!.user;
    expect((await formFor("https://example.test/", { userId: user.id })).signInRequired).toBe(false);
    expect(await joinQueue({ ...base, values: { name: "Ada", code: "team-41" }, userId: user.id })).toEqual({
      ok: false,
      fieldErrors: { code: "That invitation code isn't right. Check it and try again." },
    });
    const ok = await joinQueue({ ...base, values: { name: "Ada", code: " TEAM-42 " }, userId: user.id });
    expect(ok).toMatchObject({ ok: true });
    expect(await db.visitor.findFirstOrThrow({ where: { orgId: s.org.id } })).toMatchObject({
      userId: user.id,
    });
  });
});

describe("visitor cookie", () => {
  it("recognises a returning visitor: prefilled name and email, earlier visits on the same row", async () => {
    await db.scenario.update({ where: { id: s.launcher.scenarioId }, data: { askEmail: true } });
    const { cookieId, isNew } = cookieIdFor(null);
    expect(isNew).toBe(true);
    const first = await formFor("https://example.test/");
    expect(first.visitor).toBeNull();
    const res = await joinQueue({
      key: s.launcher.key,
      token: first.token,
      values: { name: "Ada", email: "Ada@Example.test" },
      visitorCookieId: cookieId,
      userId: null,
    });
    await leaveOwnedEntry({ key: s.launcher.key, entryId: (res as { entryId: string }).entryId, cookieId });

    // Back a week later, with the cookie we set.
    const again = cookieIdFor(signVisitorCookie(cookieId));
    expect(again).toEqual({ cookieId, isNew: false });
    const second = await formFor("https://example.test/", { visitorCookieId: again.cookieId });
    expect(second.visitor).toMatchObject({ name: "Ada", email: "ada@example.test", earlierVisits: 1 });
    // A blank field keeps what we had.
    const res2 = await joinQueue({
      key: s.launcher.key,
      token: second.token,
      values: { name: "Ada L.", email: "ada@example.test" },
      visitorCookieId: cookieId,
      userId: null,
    });
    const visitors = await db.visitor.findMany({
      where: { orgId: s.org.id },
      include: { queueEntries: true },
    });
    expect(visitors).toHaveLength(1);
    expect(visitors[0]!.name).toBe("Ada L.");
    expect(visitors[0]!.queueEntries.map((e) => e.id)).toContain((res2 as { entryId: string }).entryId);
    expect(visitors[0]!.queueEntries).toHaveLength(2);

    // The same browser at another org is a new visitor there (one Visitor row per org).
    const other = await seedOrg({ allowedDomains: ["other.test"] });
    const there = await resolveEntry({
      key: other.launcher.key,
      referer: "https://other.test/",
      page: null,
      token: null,
      selfOrigins: SELF,
      ip: null,
      visitorCookieId: cookieId,
      userId: null,
    });
    expect(there).toMatchObject({ kind: "form", visitor: null });
  });

  it("ignores a tampered cookie: treated as a new visitor, and it owns nothing", async () => {
    const v = await createVisitor(s.org.id, { name: "Grace" });
    const entry = await enqueueVisitor({
      orgId: s.org.id,
      launcherId: s.launcher.id,
      scenarioId: s.launcher.scenarioId,
      visitorId: v.id,
      question: "",
      referrerUrl: null,
    });
    const genuine = signVisitorCookie(v.cookieId);
    const tampered = [
      genuine.slice(0, -1) + (genuine.endsWith("A") ? "B" : "A"),
      `v1.${v.cookieId}.${"A".repeat(43)}`,
      `v2.${v.cookieId}.${genuine.split(".")[2]}`,
      v.cookieId,
    ];
    for (const value of tampered) {
      expect(verifyVisitorCookie(value)).toBeNull();
      const fresh = cookieIdFor(value);
      expect(fresh.isNew).toBe(true);
      expect(fresh.cookieId).not.toBe(v.cookieId);
      expect(
        await loadOwnedEntry({
          key: s.launcher.key,
          entryId: entry.id,
          cookieId: verifyVisitorCookie(value),
        }),
      ).toBeNull();
    }
    expect(
      await loadOwnedEntry({
        key: s.launcher.key,
        entryId: entry.id,
        cookieId: verifyVisitorCookie(genuine),
      }),
    ).toMatchObject({ id: entry.id });
    expect((await formFor("https://example.test/", { visitorCookieId: verifyVisitorCookie(tampered[0]) })).visitor).toBeNull();
  });
});

describe("waiting room", () => {
  it("is the owner's only, through a launcher of the same org; leaving records ABANDONED", async () => {
    const v = await createVisitor(s.org.id);
    const { id } = await enqueueVisitor({
      orgId: s.org.id,
      launcherId: s.launcher.id,
      scenarioId: s.launcher.scenarioId,
      visitorId: v.id,
      question: "",
      referrerUrl: null,
    });
    const other = await seedOrg();
    expect(await ownedQueueStatus({ key: s.launcher.key, entryId: id, cookieId: v.cookieId })).toMatchObject({
      status: "WAITING",
      position: 1,
    });
    expect(await ownedQueueStatus({ key: s.launcher.key, entryId: id, cookieId: "someone-else-cookie-id" })).toBeNull();
    expect(await ownedQueueStatus({ key: other.launcher.key, entryId: id, cookieId: v.cookieId })).toBeNull();
    expect(await ownedQueueStatus({ key: s.launcher.key, entryId: id, cookieId: null })).toBeNull();
    await expect(leaveOwnedEntry({ key: s.launcher.key, entryId: id, cookieId: "someone-else-cookie-id" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await leaveOwnedEntry({ key: s.launcher.key, entryId: id, cookieId: v.cookieId })).toBe(true);
    expect(await db.queueEntry.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "ABANDONED",
      endReason: "visitor left",
    });
  });
});

describe("schedule later", () => {
  const now = new Date("2026-03-02T09:10:00Z");
  const slot = new Date("2026-03-03T15:30:00Z");

  async function waitingVisitor(name = "Ada") {
    const v = await createVisitor(s.org.id, { name });
    const e = await enqueueVisitor({
      orgId: s.org.id,
      launcherId: s.launcher.id,
      scenarioId: s.launcher.scenarioId,
      visitorId: v.id,
      question: "Gears slip, help",
      referrerUrl: "https://example.test/bikes",
      now,
    });
    return { v, entryId: e.id };
  }

  it("closes the entry as SCHEDULED, keeps a PENDING ScheduledSession and emails a link with a valid .ics", async () => {
    const { v, entryId } = await waitingVisitor();
    const res = await scheduleLater({
      orgId: s.org.id,
      queueEntryId: entryId,
      visitorId: v.id,
      launcherKey: s.launcher.key,
      scheduledFor: slot,
      email: "Ada@Example.test",
      now,
    });
    expect(await db.queueEntry.findUniqueOrThrow({ where: { id: entryId } })).toMatchObject({
      status: "SCHEDULED",
      endReason: "visitor scheduled a later session",
    });
    const scheduled = await db.scheduledSession.findUniqueOrThrow({ where: { id: res.scheduledId } });
    expect(scheduled).toMatchObject({
      orgId: s.org.id,
      status: "PENDING",
      scheduledFor: slot,
      email: "ada@example.test",
      name: "Ada",
      question: "Gears slip, help",
      scenarioId: s.launcher.scenarioId,
      visitorId: v.id,
      durationMin: 30,
    });
    expect(await db.visitor.findUniqueOrThrow({ where: { id: v.id } })).toMatchObject({
      email: "ada@example.test",
    });
    const owned = await loadOwnedEntry({ key: s.launcher.key, entryId, cookieId: v.cookieId });
    expect(await scheduledForEntry(owned!)).toMatchObject({ id: res.scheduledId, email: "ada@example.test" });

    const mail = await db.emailOutbox.findUniqueOrThrow({ where: { id: res.emailId } });
    expect(mail).toMatchObject({ orgId: s.org.id, to: "ada@example.test", status: "PENDING" });
    expect(mail.subject).toContain("Tue 3 Mar, 15:30 UTC");
    const { text, attachments } = splitAttachments(mail.text);
    expect(text).toContain(res.joinUrl);
    expect(mail.html).toContain("Join your session");
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({
      filename: "invite.ics",
      contentType: expect.stringMatching(/^text\/calendar/),
    });
    const cal = parseIcs(attachments[0]!.content);
    const ev = cal.children[0]!;
    expect(ev.props.get("DTSTART")).toBe("20260303T153000Z");
    expect(ev.props.get("DTEND")).toBe("20260303T160000Z");
    expect(ev.props.get("UID")).toBe(`${res.scheduledId}@isession`);
    expect(ev.props.get("URL")).toBe(res.joinUrl);
    expect(icsUnescape(ev.props.get("DESCRIPTION")!)).toContain("Gears slip, help");
    // The link points at this launcher and scheduled session.
    const url = new URL(res.joinUrl);
    expect(url.pathname).toBe(`/l/${s.launcher.key}/scheduled/${res.scheduledId}`);
  });

  it("writes the email in the visitor's time zone when the form sent one", async () => {
    const { v, entryId } = await waitingVisitor();
    const res = await scheduleLater({
      orgId: s.org.id,
      queueEntryId: entryId,
      visitorId: v.id,
      launcherKey: s.launcher.key,
      scheduledFor: slot,
      email: "ada@example.test",
      timeZone: "Asia/Kolkata",
      now,
    });
    const mail = await db.emailOutbox.findUniqueOrThrow({ where: { id: res.emailId } });
    // 15:30 UTC is 21:00 in Kolkata; the booking itself is the same instant.
    expect(mail.subject).toContain("Tue 3 Mar, 21:00 (Asia/Kolkata)");
    expect(mail.text).toContain("Tue 3 Mar, 21:00 (Asia/Kolkata)");
    expect((await db.scheduledSession.findUniqueOrThrow({ where: { id: res.scheduledId } })).scheduledFor).toEqual(slot);
  });

  it("refuses slots that aren't offered, bad emails, and entries that aren't waiting (changing nothing)", async () => {
    const { v, entryId } = await waitingVisitor();
    const base = {
      orgId: s.org.id,
      queueEntryId: entryId,
      visitorId: v.id,
      launcherKey: s.launcher.key,
      email: "a@example.test",
      now,
    };
    await expect(scheduleLater({ ...base, scheduledFor: new Date("2026-03-02T09:00:00Z") })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(scheduleLater({ ...base, scheduledFor: new Date("2026-03-03T15:40:00Z") })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(scheduleLater({ ...base, scheduledFor: new Date("2026-03-12T15:30:00Z") })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(scheduleLater({ ...base, scheduledFor: slot, email: "nope" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      details: { field: "email" },
    });
    const stranger = await createVisitor(s.org.id);
    await expect(scheduleLater({ ...base, visitorId: stranger.id, scheduledFor: slot })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.scheduledSession.count({ where: { orgId: s.org.id } })).toBe(0);
    expect(await db.emailOutbox.count({ where: { orgId: s.org.id } })).toBe(0);
    await leaveOwnedEntry({ key: s.launcher.key, entryId, cookieId: v.cookieId });
    await expect(scheduleLater({ ...base, scheduledFor: slot })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.scheduledSession.count({ where: { orgId: s.org.id } })).toBe(0);
  });

  it("re-enters the queue with priority 10 only from 5 minutes before the time, ahead of earlier arrivals", async () => {
    const { v, entryId } = await waitingVisitor();
    const res = await scheduleLater({
      orgId: s.org.id,
      queueEntryId: entryId,
      visitorId: v.id,
      launcherKey: s.launcher.key,
      scheduledFor: slot,
      email: "ada@example.test",
      now,
    });
    const token = new URL(res.joinUrl).searchParams.get("t");
    const start = (at: Date, cookie = v.cookieId, t = token) =>
      startScheduledSession({
        key: s.launcher.key,
        scheduledId: res.scheduledId,
        token: t,
        visitorCookieId: cookie,
        now: at,
      });

    // Someone else is already waiting.
    const early = await createVisitor(s.org.id, { name: "Early bird" });
    const earlyEntry = await enqueueVisitor({
      orgId: s.org.id,
      launcherId: s.launcher.id,
      scenarioId: s.launcher.scenarioId,
      visitorId: early.id,
      question: "",
      referrerUrl: null,
      now: new Date("2026-03-03T15:00:00Z"),
    });

    expect(await start(new Date("2026-03-03T15:24:59Z"))).toEqual({
      ok: false,
      state: "early",
      startsAt: slot,
    });
    expect(
      (
        await loadScheduledForLink({
          key: s.launcher.key,
          scheduledId: res.scheduledId,
          token,
          now: new Date("2026-03-03T15:00:00Z"),
        })
      )?.state,
    ).toBe("early");
    expect(await db.queueEntry.count({ where: { visitorId: v.id, status: "WAITING" } })).toBe(0);
    expect(await start(new Date("2026-03-03T15:25:00Z"), v.cookieId, "forged")).toEqual({
      ok: false,
      state: "invalid",
    });

    const joined = await start(new Date("2026-03-03T15:25:00Z"));
    expect(joined).toMatchObject({ ok: true });
    const entry = await db.queueEntry.findUniqueOrThrow({
      where: { id: (joined as { entryId: string }).entryId },
    });
    expect(entry).toMatchObject({
      status: "WAITING",
      priority: 10,
      visitorId: v.id,
      referrerUrl: "https://example.test/bikes",
      question: "Gears slip, help",
    });
    expect(await db.scheduledSession.findUniqueOrThrow({ where: { id: res.scheduledId } })).toMatchObject({
      status: "STARTED",
    });
    expect((await queueStatus(entry.id))?.position).toBe(1);
    expect((await queueStatus(earlyEntry.id))?.position).toBe(2);

    // Following the link again brings the visitor back to the same place.
    expect(await start(new Date("2026-03-03T15:31:00Z"))).toEqual({ ok: true, entryId: entry.id });
    // From another browser (the email opened on a phone) it works too, for that browser's visitor.
    const phone = await start(new Date("2026-03-03T15:32:00Z"), "phone-cookie-id-000000");
    expect(phone).toMatchObject({ ok: true });
    expect(await db.visitor.findFirstOrThrow({ where: { orgId: s.org.id, cookieId: "phone-cookie-id-000000" } })).toMatchObject({
      email: "ada@example.test",
      name: "Ada",
    });
  });

  it("a link followed too late marks the session MISSED and queues nobody", async () => {
    const { v, entryId } = await waitingVisitor();
    const res = await scheduleLater({
      orgId: s.org.id,
      queueEntryId: entryId,
      visitorId: v.id,
      launcherKey: s.launcher.key,
      scheduledFor: slot,
      email: "ada@example.test",
      now,
    });
    const token = new URL(res.joinUrl).searchParams.get("t");
    const late = await startScheduledSession({
      key: s.launcher.key,
      scheduledId: res.scheduledId,
      token,
      visitorCookieId: v.cookieId,
      now: new Date("2026-03-03T16:31:00Z"),
    });
    expect(late).toMatchObject({ ok: false, state: "late" });
    expect(await db.scheduledSession.findUniqueOrThrow({ where: { id: res.scheduledId } })).toMatchObject({
      status: "MISSED",
    });
    expect(await db.queueEntry.count({ where: { orgId: s.org.id, status: "WAITING" } })).toBe(0);
  });
});

describe("availability endpoints", () => {
  const statusOf = async (key: string) => {
    const res = await statusGET(new Request(`http://localhost/l/${key}/status`), {
      params: Promise.resolve({ key }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
  };
  const badgeOf = async (key: string) => {
    const res = await badgeGET(new Request(`http://localhost/l/${key}/badge.svg`), {
      params: Promise.resolve({ key }),
    });
    return { status: res.status, type: res.headers.get("content-type"), svg: await res.text() };
  };

  it("says offline, available (with free capacity) and busy, with CORS and a short cache", async () => {
    const r = await statusOf(s.launcher.key);
    expect(r).toMatchObject({ status: 200, body: { available: 0, state: "offline" } });
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    expect(r.headers.get("cache-control")).toBe("public, max-age=10");
    // What the embed button wears: the launcher's label and the org's readable brand colour.
    expect(r.body).toMatchObject({ label: s.launcher.buttonLabel, brandColor: s.org.brandColor });
    expect((await badgeOf(s.launcher.key)).svg).toContain("Live help: offline");

    await setAgentStatus({
      orgId: s.org.id,
      membershipId: s.agents[0]!.membership.id,
      status: "available",
      capacity: 2,
    });
    await setAgentStatus({
      orgId: s.org.id,
      membershipId: s.agents[1]!.membership.id,
      status: "available",
      capacity: 1,
    });
    expect((await statusOf(s.launcher.key)).body).toMatchObject({ available: 3, state: "available" });
    const badge = await badgeOf(s.launcher.key);
    expect(badge).toMatchObject({ status: 200, type: "image/svg+xml; charset=utf-8" });
    expect(badge.svg).toContain("Live help: available");
    expect(badge.svg).toContain(`fill="${s.org.brandColor}"`);

    // Agent one takes a session (load 1 of 2), agent two goes on break, then agent one fills up.
    await createLiveSession(s);
    expect((await statusOf(s.launcher.key)).body).toMatchObject({ available: 2, state: "available" });
    await setAgentStatus({ orgId: s.org.id, membershipId: s.agents[1]!.membership.id, status: "on_break" });
    expect((await statusOf(s.launcher.key)).body).toMatchObject({ available: 1, state: "available" });
    await createLiveSession(s);
    expect((await statusOf(s.launcher.key)).body).toMatchObject({ available: 0, state: "busy" });
    expect((await badgeOf(s.launcher.key)).svg).toContain("Live help: busy");
  });

  it("answers 404 JSON and an offline badge for unknown keys and suspended orgs", async () => {
    await setAgentStatus({ orgId: s.org.id, membershipId: s.agents[0]!.membership.id, status: "available" });
    const unknown = await statusOf("no-such-key");
    expect(unknown).toMatchObject({ status: 404, body: { error: "not_found" } });
    expect(unknown.headers.get("access-control-allow-origin")).toBe("*");
    expect(await badgeOf("no-such-key")).toMatchObject({
      status: 200,
      svg: expect.stringContaining("Live help: offline"),
    });

    await db.organization.update({ where: { id: s.org.id }, data: { status: "SUSPENDED" } });
    expect((await statusOf(s.launcher.key)).status).toBe(404);
    expect((await badgeOf(s.launcher.key)).svg).toContain("Live help: offline");
  });

  it("answers CORS preflight", () => {
    const res = statusOPTIONS();
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("the dashboard's preview (?preview=1)", () => {
  it("shows a signed-in member the page without the client's Referer, marked as a preview, with no audit row or notice", async () => {
    expect(s.launcher.allowDirectVisits).toBe(false);
    for (const user of [s.owner.user, s.agents[0]!.user]) {
      const view = await visit({ preview: true, userId: user.id });
      expect(view).toMatchObject({ kind: "form", preview: true, referrerUrl: null });
    }
    // Also from the dashboard itself, whose Referer is one of our own pages.
    expect(await visit({ preview: true, userId: s.owner.user.id, referer: "http://localhost:3000/dashboard/launchers" })).toMatchObject({
      kind: "form",
      preview: true,
    });
    expect(await audits()).toHaveLength(0);
    expect(await alerts()).toHaveLength(0);
    expect(await outbox()).toHaveLength(0);
    // An ordinary visit is never marked as a preview.
    expect((await formFor("https://example.test/help")).preview).toBe(false);
  });

  it("gives everyone else the normal rules: signed out, another org's member, a deactivated member, or no ?preview=1", async () => {
    const other = await seedOrg();
    const former = await addMember(s.org.id, "AGENT", { name: "Former" });
    await db.membership.update({ where: { id: former.membership.id }, data: { active: false } });
    const attempts: Partial<EntryRequest>[] = [
      { preview: true, userId: null },
      { preview: true, userId: other.owner.user.id },
      { preview: true, userId: former.user.id },
      { preview: false, userId: s.owner.user.id },
    ];
    for (const a of attempts) {
      expect(await visit(a)).toMatchObject({ kind: "refused", reason: "no_referrer" });
    }
    // Each refusal is audited as before (the admins' notice is throttled, the audit is not).
    expect(await audits()).toHaveLength(attempts.length);
    // A stranger's preview of an allowed visit is just a visit.
    expect(await formFor("https://example.test/help", { preview: true, userId: other.owner.user.id })).toMatchObject({
      preview: false,
    });
  });
});

describe("the scenario's banner", () => {
  const stored = {
    text: "  Closed on Friday <b>for stocktaking</b>  ",
    links: [
      { label: "Opening hours", url: "https://example.test/hours" },
      // Rows written before the editor checked links, or by hand: never made into links.
      { label: "Bad", url: "javascript:alert(1)" },
      { label: "Relative", url: "/hours" },
      { label: "Creds", url: "https://user:pw@example.test/" },
      { label: "", url: "https://example.test/no-label" },
    ],
  };

  it("reaches the entry view as text, with only http(s) links", async () => {
    await db.scenario.update({ where: { id: s.launcher.scenarioId }, data: { banner: stored } });
    const view = await formFor("https://example.test/help");
    expect(view.banner).toEqual({
      text: "Closed on Friday <b>for stocktaking</b>",
      links: [{ label: "Opening hours", url: "https://example.test/hours" }],
    });
  });

  it("is null on the entry view when the scenario has none", async () => {
    await db.scenario.update({ where: { id: s.launcher.scenarioId }, data: { banner: {} } });
    expect((await formFor("https://example.test/help")).banner).toBeNull();
  });

  it("reaches the waiting room and the session view of that scenario", async () => {
    const live = await createLiveSession(s);
    await db.scenario.update({ where: { id: live.session.scenarioId! }, data: { banner: stored } });
    const seat = await findSeat({ visitorCookieId: live.visitor.cookieId }, live.session.id);
    const sessionView = await getSessionView(seat!);
    expect(sessionView.scenario.banner).toEqual({
      text: "Closed on Friday <b>for stocktaking</b>",
      links: [{ label: "Opening hours", url: "https://example.test/hours" }],
    });
    const owned = await loadOwnedEntry({ key: s.launcher.key, entryId: live.entry.id, cookieId: live.visitor.cookieId });
    expect(owned?.scenario.banner).toEqual(stored);
  });
});

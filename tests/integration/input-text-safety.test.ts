// Issue 12 item 5 through the real callers: every surface the issue names answers BAD_REQUEST (or
// the form's field error) on U+0000 and on an unpaired surrogate, with a message naming the
// problem, and no row changes. Then the same call with plain text succeeds, so the refusal is about
// the text and not about the caller. tests/unit/input-text-safety.test.ts covers every other field.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createCallerFactory, createContext, publicProcedure, router } from "../../server/api/trpc";
import { db } from "../../server/db";
import { joinQueue } from "../../server/entry/join";
import { resolveEntry } from "../../server/launchers/entry";
import { enqueueVisitor } from "../../server/queue/enqueue";
import { scheduleLater } from "../../server/queue/schedule";
import { cookieIdFor } from "../../server/visitors/identify";
import { callerFor, createLiveSession, createUser, createVisitor, seedOrg } from "../helpers/factories";
import { errorOf } from "../helpers/errors";

const BAD = [
  ["U+0000", "a\u0000b", /U\+0000/],
  ["an unpaired surrogate", "a\ud800b", /unpaired surrogate \(U\+D800\)/],
] as const;

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
let s: Seeded;
beforeEach(async () => {
  s = await seedOrg({ allowedDomains: ["example.test"] });
});

/** Every row a text input could have touched, to prove a refusal changed nothing. */
async function snapshot() {
  const where = { orgId: s.org.id };
  return Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: s.org.id } }),
    db.scenario.findMany({ where, orderBy: { id: "asc" } }),
    db.launcher.findMany({ where, orderBy: { id: "asc" } }),
    db.launcherPageRule.findMany({ where, orderBy: { id: "asc" } }),
    db.macro.findMany({ where, orderBy: { id: "asc" } }),
    db.visitor.findMany({ where, orderBy: { id: "asc" } }),
    db.queueEntry.findMany({ where, orderBy: { id: "asc" } }),
    db.scheduledSession.findMany({ where, orderBy: { id: "asc" } }),
    db.sessionEvent.findMany({ where, orderBy: { id: "asc" } }),
    db.sidebar.findMany({ where, orderBy: { id: "asc" } }),
    db.auditLog.findMany({ where, orderBy: { id: "asc" } }),
  ]);
}

/** Each bad text in `call` is refused with BAD_REQUEST naming the problem, and changes nothing. */
async function refusesBadText(call: (text: string) => Promise<unknown>) {
  const before = await snapshot();
  for (const [, text, named] of BAD) {
    const e = await errorOf(call(text));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toMatch(named);
  }
  expect(await snapshot()).toEqual(before);
}

const cid = () => randomUUID().replaceAll("-", "");

describe("text that cannot be stored is a 400 that changes nothing", () => {
  it("dashboard: org name, status labels, scenario names, banners and questions, launcher names and labels, page rules, macro titles", async () => {
    const api = callerFor(s.owner.user);
    const orgId = s.org.id;
    await refusesBadText((t) => api.org.updatePreferences({ orgId, name: t }));
    const statuses = await api.org.statuses({ orgId });
    const withLabel = (t: string) => statuses.map((st, i) => ({ key: st.key, label: i === 0 ? t : st.label, routable: st.routable }));
    await refusesBadText((t) => api.org.updatePreferences({ orgId, agentStatuses: withLabel(t) }));

    const [scenario] = await api.scenarios.list({ orgId });
    const {
      id: scenarioId,
      hasInvitationCode: _h,
      archivedAt: _a,
      createdAt: _c,
      launcherCount: _l,
      sessionCount: _s,
      ...fields
    } = scenario!;
    const scenarioWith = (patch: Partial<typeof fields>) => api.scenarios.update({ orgId, scenarioId, fields: { ...fields, ...patch } });
    await refusesBadText((t) => scenarioWith({ name: t }));
    await refusesBadText((t) => scenarioWith({ banner: { text: t, links: [] } }));
    await refusesBadText((t) => scenarioWith({ banner: { text: "Hi", links: [{ label: t, url: "https://example.test/" }] } }));
    await refusesBadText((t) => scenarioWith({ preChatQuestion: t }));

    const launcherFields = {
      name: "Main",
      scenarioId: s.launcher.scenarioId,
      buttonLabel: "Chat",
      allowDirectVisits: false,
      avatarUrl: null,
    };
    const launcherWith = (patch: Partial<typeof launcherFields>) =>
      api.launchers.update({ orgId, launcherId: s.launcher.id, fields: { ...launcherFields, ...patch } });
    await refusesBadText((t) => launcherWith({ name: t }));
    await refusesBadText((t) => launcherWith({ buttonLabel: t }));
    await refusesBadText((t) =>
      api.launchers.setPageRules({
        orgId,
        launcherId: s.launcher.id,
        rules: [{ urlPattern: `example.test/${t}`, scenarioId: s.launcher.scenarioId, avatarUrl: null }],
      }),
    );
    await refusesBadText((t) =>
      api.macros.create({ orgId, scope: "org", macro: { kind: "TEXT", title: t, body: "Thanks!", shortcut: null } }),
    );

    // The same calls with plain text go through.
    await api.org.updatePreferences({ orgId, name: "Renamed Co", agentStatuses: withLabel("Ready now") });
    await scenarioWith({ name: "Renamed", banner: { text: "Hello", links: [{ label: "Help", url: "https://example.test/" }] } });
    await launcherWith({ name: "Renamed launcher", buttonLabel: "Talk to us" });
    await api.launchers.setPageRules({
      orgId,
      launcherId: s.launcher.id,
      rules: [{ urlPattern: "example.test/shop", scenarioId: s.launcher.scenarioId, avatarUrl: null }],
    });
    await api.macros.create({ orgId, scope: "org", macro: { kind: "TEXT", title: "Thanks", body: "Thanks!", shortcut: null } });
    expect((await db.organization.findUniqueOrThrow({ where: { id: orgId } })).name).toBe("Renamed Co");
  });

  it("console and session: notes, chat, prompt lines, sidebar titles and lines", async () => {
    const live = await createLiveSession(s, { monitor: true });
    await db.participant.update({ where: { id: live.monitor!.id }, data: { role: "PROMPTER" } });
    const agent = callerFor(s.agents[0]!.user);
    const manager = callerFor(s.manager.user);
    const sessionId = live.session.id;
    await refusesBadText((t) => agent.agent.setVisitorNotes({ orgId: s.org.id, visitorId: live.visitor.id, notes: t }));
    await refusesBadText((t) => agent.sessions.send({ sessionId, text: t, clientEventId: cid() }));
    await refusesBadText((t) => manager.sessions.prompt({ sessionId, text: t, clientEventId: cid() }));
    // In a one-on-one only unseen staff can have a sidebar (with the agent, coaching): docs/sessions.md.
    await refusesBadText((t) => manager.sidebars.open({ sessionId, memberIds: [live.agent.id], title: t }));
    const { sidebarId } = await manager.sidebars.open({ sessionId, memberIds: [live.agent.id] });
    await refusesBadText((t) => agent.sidebars.send({ sessionId, sidebarId, text: t, clientEventId: cid() }));

    await agent.agent.setVisitorNotes({ orgId: s.org.id, visitorId: live.visitor.id, notes: "Prefers email" });
    await agent.sessions.send({ sessionId, text: "Hello", clientEventId: cid() });
    await manager.sessions.prompt({ sessionId, text: "Offer the upgrade", clientEventId: cid() });
    await agent.sidebars.send({ sessionId, sidebarId, text: "Between us", clientEventId: cid() });
  });

  it("searches: the operator's organisation and outbox searches", async () => {
    const operator = await createUser();
    await db.platformAdmin.create({ data: { userId: operator.id } });
    const api = callerFor(operator);
    await refusesBadText((t) => api.admin.orgs({ search: t }));
    await refusesBadText((t) => api.admin.outbox({ search: t }));
    expect((await api.admin.orgs({ search: s.org.name })).items.map((o) => o.id)).toContain(s.org.id);
  });

  it("the public pre-chat form shows a field error and queues nobody; so does the schedule-later form", async () => {
    const view = await resolveEntry({
      key: s.launcher.key,
      referer: "https://example.test/",
      page: null,
      token: null,
      selfOrigins: ["http://localhost:3000"],
      ip: "203.0.113.9",
      visitorCookieId: null,
      userId: null,
    });
    if (view?.kind !== "form") throw new Error(`expected the form, got ${view?.kind}`);
    const before = await snapshot();
    for (const [, text, named] of BAD) {
      const res = await joinQueue({
        key: s.launcher.key,
        token: view.token,
        values: { name: `Ada ${text}`, question: `Help ${text}` },
        visitorCookieId: cookieIdFor(null).cookieId,
        userId: null,
      });
      expect(res).toMatchObject({ ok: false, fieldErrors: { name: expect.stringMatching(named), question: expect.stringMatching(named) } });
    }
    expect(await snapshot()).toEqual(before);
    const ok = await joinQueue({
      key: s.launcher.key,
      token: view.token,
      values: { name: "Ada", question: "Help" },
      visitorCookieId: cookieIdFor(null).cookieId,
      userId: null,
    });
    expect(ok).toMatchObject({ ok: true });

    const now = new Date("2026-03-02T09:10:00Z");
    const v = await createVisitor(s.org.id, { name: "Bo" });
    const e = await enqueueVisitor({
      orgId: s.org.id,
      launcherId: s.launcher.id,
      scenarioId: s.launcher.scenarioId,
      visitorId: v.id,
      question: "Q",
      referrerUrl: null,
      now,
    });
    const base = {
      orgId: s.org.id,
      queueEntryId: e.id,
      visitorId: v.id,
      launcherKey: s.launcher.key,
      scheduledFor: new Date("2026-03-03T15:30:00Z"),
      now,
    };
    const beforeSchedule = await snapshot();
    for (const [, text, named] of BAD) {
      await expect(scheduleLater({ ...base, email: "bo@example.test", name: text })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringMatching(named),
        details: { field: "name" },
      });
      await expect(scheduleLater({ ...base, email: `bo${text}@example.test` })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        details: { field: "email" },
      });
    }
    expect(await snapshot()).toEqual(beforeSchedule);
  });

  it("safety net: a database refusal of such text still answers BAD_REQUEST, never a 500", async () => {
    const probe = router({
      find: publicProcedure.query(() => db.user.findFirst({ where: { email: "a\u0000b@example.test" } })),
    });
    const e = await errorOf(createCallerFactory(probe)(createContext({ user: null, ip: "203.0.113.1" })).find());
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toMatch(/cannot be stored/);
  });
});

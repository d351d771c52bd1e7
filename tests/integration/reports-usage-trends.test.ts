// Usage and trends reports against a small fixture whose answers are computed by hand, in an org
// on America/New_York across the 2026 spring-forward (Sunday 8 March, 02:00 EST -> 03:00 EDT):
// minutes per agent, time to first reply, sessions at once, the heatmap's local hours, terms,
// pages and week-over-week change; another org's manager sees none of it; agents get none.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { rebuildTerms } from "../../server/reports/trends/rollup";
import { rebuildUsage } from "../../server/reports/usage/rollup";
import { errorOf } from "../helpers/errors";
import { callerFor, createVisitor, seedOrg } from "../helpers/factories";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
let a: Seeded;
let b: Seeded;

const T = (iso: string) => new Date(iso);

interface Line {
  at: string;
  by: "agent" | "visitor";
  text: string;
  type?: string;
  stream?: string;
}

/** An ended one-on-one session written as the live code leaves it: entry, session, two seats, events. */
async function endedSession(
  s: Seeded,
  o: {
    agent: number;
    question: string;
    referrer?: string;
    start: string;
    end: string;
    agentSeat: [string, string];
    visitorSeat: [string, string];
    lines?: Line[];
    navigate?: { at: string; url: string }[];
  },
) {
  const orgId = s.org.id;
  const visitor = await createVisitor(orgId);
  const scenario = s.scenarios.find((x) => x.kind === "ONE_ON_ONE")!;
  const entry = await db.queueEntry.create({
    data: {
      orgId,
      launcherId: s.launcher.id,
      scenarioId: scenario.id,
      visitorId: visitor.id,
      status: "ASSIGNED",
      question: o.question,
      referrerUrl: o.referrer ?? null,
      enqueuedAt: new Date(T(o.start).getTime() - 20_000),
      assignedAt: T(o.start),
      endedAt: T(o.end),
    },
  });
  const session = await db.session.create({
    data: {
      orgId,
      scenarioId: scenario.id,
      kind: "ONE_ON_ONE",
      queueEntryId: entry.id,
      launcherId: s.launcher.id,
      status: "ENDED",
      startedAt: T(o.start),
      endedAt: T(o.end),
    },
  });
  const agent = await db.participant.create({
    data: {
      orgId,
      sessionId: session.id,
      role: "AGENT",
      canLead: true,
      membershipId: s.agents[o.agent]!.membership.id,
      displayName: "Agent",
      joinedAt: T(o.agentSeat[0]),
      leftAt: T(o.agentSeat[1]),
    },
  });
  const vis = await db.participant.create({
    data: {
      orgId,
      sessionId: session.id,
      role: "VISITOR",
      visitorId: visitor.id,
      displayName: "Visitor",
      joinedAt: T(o.visitorSeat[0]),
      leftAt: T(o.visitorSeat[1]),
    },
  });
  let seq = 0;
  const events = [
    ...(o.lines ?? []).map((l) => ({
      at: l.at,
      type: l.type ?? "chat",
      stream: l.stream ?? "room",
      actor: l.by === "agent" ? agent.id : vis.id,
      payload: { text: l.text },
    })),
    ...(o.navigate ?? []).map((n) => ({
      at: n.at,
      type: "navigate",
      stream: "room",
      actor: agent.id,
      payload: { url: n.url, newWindow: false, notToSelf: false, framable: true },
    })),
  ].sort((x, y) => x.at.localeCompare(y.at));
  for (const e of events) {
    await db.sessionEvent.create({
      data: {
        orgId,
        sessionId: session.id,
        stream: e.stream,
        seq: ++seq,
        type: e.type,
        actorParticipantId: e.actor,
        payload: e.payload,
        createdAt: T(e.at),
      },
    });
  }
  return session;
}

beforeAll(async () => {
  a = await seedOrg({ name: "Usage A" });
  b = await seedOrg({ name: "Usage B" });
  await db.organization.update({ where: { id: a.org.id }, data: { timeZone: "America/New_York" } });

  // S1, Friday 6 March 09:00 EST: agent one 10 min, visitor 8 min, first reply after 30 s.
  await endedSession(a, {
    agent: 0,
    question: "Pricing for the enterprise plan?",
    referrer: "https://shop.example.test/pricing?utm=x",
    start: "2026-03-06T14:00:00Z",
    end: "2026-03-06T14:10:00Z",
    agentSeat: ["2026-03-06T14:00:00Z", "2026-03-06T14:10:00Z"],
    visitorSeat: ["2026-03-06T14:00:00Z", "2026-03-06T14:08:00Z"],
    lines: [
      { at: "2026-03-06T14:00:10Z", by: "visitor", text: "I need pricing for the enterprise plan" },
      { at: "2026-03-06T14:00:30Z", by: "agent", text: "Happy to help with pricing" },
    ],
  });
  // S2, the same morning 09:05, overlapping S1 (two at once): 15 min each, first reply after 90 s.
  await endedSession(a, {
    agent: 0,
    question: "enterprise support hours",
    referrer: "https://shop.example.test/support",
    start: "2026-03-06T14:05:00Z",
    end: "2026-03-06T14:20:00Z",
    agentSeat: ["2026-03-06T14:05:00Z", "2026-03-06T14:20:00Z"],
    visitorSeat: ["2026-03-06T14:05:00Z", "2026-03-06T14:20:00Z"],
    lines: [{ at: "2026-03-06T14:06:30Z", by: "agent", text: "Support is open all day" }],
    navigate: [{ at: "2026-03-06T14:07:00Z", url: "https://shop.example.test/pricing#plans" }],
  });
  // S3, across the spring-forward: 01:30 EST to 03:30 EDT is one real hour; agent two never writes.
  await endedSession(a, {
    agent: 1,
    question: "Hello, need help with my invoice",
    start: "2026-03-08T06:30:00Z",
    end: "2026-03-08T07:30:00Z",
    agentSeat: ["2026-03-08T06:30:00Z", "2026-03-08T07:30:00Z"],
    visitorSeat: ["2026-03-08T06:30:00Z", "2026-03-08T07:30:00Z"],
  });
  // S4, Monday 9 March 23:30 EDT, already Tuesday in UTC: 20 min, visitor 18 min, first reply 60 s;
  // a sidebar line is private and never counted.
  await endedSession(a, {
    agent: 1,
    question: "",
    referrer: "https://shop.example.test/pricing?ref=mail",
    start: "2026-03-10T03:30:00Z",
    end: "2026-03-10T03:50:00Z",
    agentSeat: ["2026-03-10T03:30:00Z", "2026-03-10T03:50:00Z"],
    visitorSeat: ["2026-03-10T03:32:00Z", "2026-03-10T03:50:00Z"],
    lines: [
      { at: "2026-03-10T03:31:00Z", by: "agent", text: "Webinar tickets are here" },
      {
        at: "2026-03-10T03:33:00Z",
        by: "agent",
        text: "secret webinar webinar",
        type: "sidebar.chat",
        stream: "sidebar:x",
      },
    ],
  });
  // The period before: an abandoned arrival on 20 February.
  const visitor = await createVisitor(a.org.id);
  await db.queueEntry.create({
    data: {
      orgId: a.org.id,
      launcherId: a.launcher.id,
      scenarioId: a.scenarios[0]!.id,
      visitorId: visitor.id,
      status: "ABANDONED",
      question: "pricing pricing question",
      referrerUrl: "https://blog.example.test/post",
      enqueuedAt: T("2026-02-20T15:00:00Z"),
      endedAt: T("2026-02-20T15:01:00Z"),
    },
  });
  // Another org's session at the same time.
  await endedSession(b, {
    agent: 0,
    question: "enterprise pricing",
    referrer: "https://b.example.test/",
    start: "2026-03-06T14:00:00Z",
    end: "2026-03-06T14:30:00Z",
    agentSeat: ["2026-03-06T14:00:00Z", "2026-03-06T14:30:00Z"],
    visitorSeat: ["2026-03-06T14:00:00Z", "2026-03-06T14:30:00Z"],
    lines: [{ at: "2026-03-06T14:01:00Z", by: "agent", text: "enterprise" }],
  });

  for (const org of [a.org.id, b.org.id]) {
    await rebuildUsage(org, T("2026-02-01T00:00:00Z"), T("2026-04-01T00:00:00Z"));
    await rebuildTerms(org, T("2026-02-01T00:00:00Z"), T("2026-04-01T00:00:00Z"));
  }
});

const manager = () => callerFor(a.manager.user);

describe("usage report", () => {
  it("per agent: sessions, handle and visitor minutes, first reply, most at once (DST hour counted once)", async () => {
    const r = await manager().reportsUsage.report({
      orgId: a.org.id,
      range: { from: "2026-03-01", to: "2026-03-09" },
    });
    expect(r.range.timeZone).toBe("America/New_York");
    const one = r.agents.find((x) => x.membershipId === a.agents[0]!.membership.id)!;
    const two = r.agents.find((x) => x.membershipId === a.agents[1]!.membership.id)!;
    expect(one).toMatchObject({
      name: "Agent One",
      sessions: 2,
      handleMinutes: 25,
      avgHandleMinutes: 12.5,
      visitorMinutes: 23,
      avgFirstReplySeconds: 60,
      peakSessions: 2,
    });
    expect(two).toMatchObject({
      name: "Agent Two",
      sessions: 2,
      handleMinutes: 80,
      avgHandleMinutes: 40,
      visitorMinutes: 78,
      avgFirstReplySeconds: 60,
      peakSessions: 1,
    });
    expect(r.totals).toEqual({ sessions: 4, visitorMinutes: 101, handleMinutes: 105 });
  });

  it("counts a session on its local day: 23:30 EDT Monday is not in Tuesday's report", async () => {
    const tue = await manager().reportsUsage.report({
      orgId: a.org.id,
      range: { from: "2026-03-10", to: "2026-03-10" },
    });
    expect(tue.agents).toEqual([]);
    const mon = await manager().reportsUsage.report({
      orgId: a.org.id,
      range: { from: "2026-03-09", to: "2026-03-09" },
    });
    expect(mon.agents.map((x) => [x.name, x.sessions, x.handleMinutes])).toEqual([["Agent Two", 1, 20]]);
  });

  it("heatmap in local hours: Friday 9h twice, Sunday 1h (before the clocks jump), Monday 23h", async () => {
    const r = await manager().reportsUsage.report({
      orgId: a.org.id,
      range: { from: "2026-03-01", to: "2026-03-09" },
    });
    expect(r.heatmap).toHaveLength(168);
    expect(r.heatmap.filter((c) => c.sessions > 0)).toEqual([
      { weekday: 1, hour: 23, sessions: 1 },
      { weekday: 5, hour: 9, sessions: 2 },
      { weekday: 7, hour: 1, sessions: 1 },
    ]);
  });

  it("launchers, scenarios, pages visitors came from and were led to, subjects of their questions", async () => {
    const r = await manager().reportsUsage.report({
      orgId: a.org.id,
      range: { from: "2026-03-01", to: "2026-03-09" },
    });
    expect(r.launchers).toEqual([{ key: a.launcher.id, label: a.launcher.name, count: 4, visitorMinutes: 101 }]);
    expect(r.scenarios.map((s) => [s.count, s.visitorMinutes])).toEqual([[4, 101]]);
    expect(r.pages.map((p) => [p.key, p.count])).toEqual([
      ["https://shop.example.test/pricing", 2],
      ["https://shop.example.test/support", 1],
    ]);
    expect(r.ledTo.map((p) => [p.key, p.count])).toEqual([["https://shop.example.test/pricing", 1]]);
    expect(r.subjects).toEqual([
      { term: "enterprise", count: 2 },
      { term: "hours", count: 1 },
      { term: "invoice", count: 1 },
      { term: "plan", count: 1 },
      { term: "pricing", count: 1 },
      { term: "support", count: 1 },
    ]);
  });

  it("a refresh of one UTC day gives the same rows as the full rebuild", async () => {
    const snapshot = async () => ({
      agents: await db.rollupAgentDay.findMany({
        where: { orgId: a.org.id },
        orderBy: [{ day: "asc" }, { membershipId: "asc" }],
      }),
      hours: await db.rollupUsageHour.findMany({
        where: { orgId: a.org.id },
        orderBy: [{ day: "asc" }, { hour: "asc" }],
      }),
      dims: await db.rollupUsageDim.findMany({
        where: { orgId: a.org.id },
        orderBy: [{ kind: "asc" }, { day: "asc" }, { key: "asc" }],
      }),
      terms: await db.rollupTermDay.findMany({
        where: { orgId: a.org.id },
        orderBy: [{ source: "asc" }, { day: "asc" }, { term: "asc" }],
      }),
    });
    const before = await snapshot();
    expect(before.agents.length).toBeGreaterThan(0);
    await rebuildUsage(a.org.id, T("2026-03-10T00:00:00Z"), T("2026-03-11T00:00:00Z"));
    await rebuildTerms(a.org.id, T("2026-03-10T00:00:00Z"), T("2026-03-11T00:00:00Z"));
    expect(await snapshot()).toEqual(before);
  });
});

describe("trends report", () => {
  it("top terms per week (Monday to Sunday, local), questions and chat together", async () => {
    const r = await manager().reportsTrends.report({
      orgId: a.org.id,
      range: { from: "2026-03-04", to: "2026-03-12" },
    });
    expect(r.range).toMatchObject({
      fromDay: "2026-03-02",
      toDay: "2026-03-15",
      previousFromDay: "2026-02-16",
      previousToDay: "2026-03-01",
    });
    expect(r.weeks).toEqual(["2026-03-02", "2026-03-09"]);
    expect(r.topTerms.filter((t) => t.week === "2026-03-02").map((t) => [t.term, t.count])).toEqual([
      ["enterprise", 3],
      ["pricing", 3],
      ["plan", 2],
      ["support", 2],
      ["happy", 1],
      ["hours", 1],
      ["invoice", 1],
      ["open", 1],
    ]);
    expect(r.topTerms.filter((t) => t.week === "2026-03-09").map((t) => [t.term, t.count])).toEqual([
      ["tickets", 1],
      ["webinar", 1],
    ]);
    const chatOnly = await manager().reportsTrends.report({
      orgId: a.org.id,
      range: { from: "2026-03-09", to: "2026-03-15" },
      source: "question",
    });
    expect(chatOnly.topTerms).toEqual([]);
  });

  it("rising terms against the previous period of the same length", async () => {
    const r = await manager().reportsTrends.report({
      orgId: a.org.id,
      range: { from: "2026-03-02", to: "2026-03-15" },
    });
    expect(r.rising).toEqual([
      { term: "enterprise", count: 3, previous: 0, changePct: null },
      { term: "pricing", count: 3, previous: 1, changePct: 200 },
    ]);
  });

  it("pages led to and referrers week over week", async () => {
    const r = await manager().reportsTrends.report({
      orgId: a.org.id,
      range: { from: "2026-03-02", to: "2026-03-15" },
    });
    expect(r.pages).toEqual([
      {
        key: "https://shop.example.test/pricing",
        total: 1,
        weeks: [
          { week: "2026-03-02", count: 1, previous: 0, changePct: null },
          { week: "2026-03-09", count: 0, previous: 1, changePct: -100 },
        ],
      },
    ]);
    const pricing = r.referrers.find((p) => p.key === "https://shop.example.test/pricing")!;
    expect(pricing.weeks.map((w) => [w.count, w.previous, w.changePct])).toEqual([
      [1, 0, null],
      [1, 1, 0],
    ]);
    expect(r.referrers.map((p) => p.key)).not.toContain("https://blog.example.test/post");
  });
});

describe("who sees what", () => {
  it("another org's manager: NOT_FOUND for this org, and only their own rows", async () => {
    const other = callerFor(b.manager.user);
    expect((await errorOf(other.reportsUsage.report({ orgId: a.org.id, range: { from: "2026-03-01", to: "2026-03-09" } }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await errorOf(other.reportsTrends.report({ orgId: a.org.id, range: { from: "2026-03-01", to: "2026-03-09" } }))).code).toBe(
      "NOT_FOUND",
    );
    const own = await other.reportsUsage.report({
      orgId: b.org.id,
      range: { from: "2026-03-01", to: "2026-03-09" },
    });
    expect(own.totals.sessions).toBe(1);
    expect(own.agents.map((x) => x.membershipId)).toEqual([b.agents[0]!.membership.id]);
    expect(own.pages.map((p) => p.key)).toEqual(["https://b.example.test/"]);
  });

  it("an agent gets FORBIDDEN; an owner reads", async () => {
    const agent = callerFor(a.agents[0]!.user);
    expect((await errorOf(agent.reportsUsage.report({ orgId: a.org.id, range: { from: "2026-03-01", to: "2026-03-09" } }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await errorOf(agent.reportsTrends.report({ orgId: a.org.id, range: { from: "2026-03-01", to: "2026-03-09" } }))).code).toBe(
      "FORBIDDEN",
    );
    const owner = await callerFor(a.owner.user).reportsUsage.report({
      orgId: a.org.id,
      range: { from: "2026-03-01", to: "2026-03-09" },
    });
    expect(owner.totals.sessions).toBe(4);
  });
});

describe("bad input", () => {
  const range = (from: string, to: string) => ({ orgId: a.org.id, range: { from, to } });
  it.each([
    ["inverted range", ["2026-03-09", "2026-03-01"], /start date is after the end/],
    ["ten-year range", ["2016-01-01", "2026-01-01"], /at most 366 days/],
    ["not a date", ["March", "2026-03-01"], /date like/],
    ["no such day", ["2026-02-30", "2026-03-01"], /does not exist/],
  ] as const)("%s: BAD_REQUEST with a message", async (_name, [from, to], message) => {
    const input = range(from, to);
    for (const call of [() => manager().reportsUsage.report(input), () => manager().reportsTrends.report(input)]) {
      const e = await errorOf(call());
      expect(e.code).toBe("BAD_REQUEST");
      expect(e.message).toMatch(message);
    }
  });

  it("an unknown agent id, or another org's agent, is BAD_REQUEST", async () => {
    for (const membershipId of ["nope", b.agents[0]!.membership.id]) {
      const e = await errorOf(manager().reportsUsage.report({ ...range("2026-03-01", "2026-03-09"), membershipId }));
      expect(e.code).toBe("BAD_REQUEST");
      expect(e.message).toMatch(/not a member/);
    }
    const one = await manager().reportsUsage.report({
      ...range("2026-03-01", "2026-03-09"),
      membershipId: a.agents[0]!.membership.id,
    });
    expect(one.agents.map((x) => x.name)).toEqual(["Agent One"]);
  });

  it("an unknown term source is BAD_REQUEST", async () => {
    const e = await errorOf(manager().reportsTrends.report({ ...range("2026-03-01", "2026-03-09"), source: "everything" as "all" }));
    expect(e.code).toBe("BAD_REQUEST");
  });
});

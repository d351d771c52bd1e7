// The client dashboard's procedures on a real database: who may call them, that another org's ids
// answer NOT_FOUND, and that refused input changes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getAvatar } from "../../app/api/avatars/[id]/route";
import { db } from "../../server/db";
import { errorOf } from "../helpers/errors";
import { callerFor, seedOrg } from "../helpers/factories";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
let a: Seeded;
let b: Seeded;

beforeAll(async () => {
  a = await seedOrg({ name: "Dash A" });
  b = await seedOrg({ name: "Dash B" });
});

const PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

function scenarioFields(name: string) {
  return {
    name,
    kind: "ONE_ON_ONE" as const,
    maxSeats: 3,
    showWho: true,
    showRooms: false,
    batonPolicy: "STAFF_TAKES" as const,
    requireSignIn: false,
    typingPreview: "INDICATOR" as const,
    preChatQuestion: "What is it about?",
    askName: true,
    askEmail: true,
    avatars: { agent: "/avatars/wave.svg" },
    banner: { text: "Hello", links: [{ label: "Help", url: "example.com/help" }] },
    routingMode: "RING_ALL" as const,
    ringTimeoutSec: 15,
    invitationCode: "sesame",
  };
}

describe("dashboard: permissions and tenancy", () => {
  it("refuses every write to an agent (FORBIDDEN) and every call across orgs (NOT_FOUND)", async () => {
    const agent = callerFor(a.agents[0]!.user);
    const strangerOwner = callerFor(b.owner.user);
    const orgId = a.org.id;
    const scenarioId = a.scenarios[0]!.id;
    const launcherId = a.launcher.id;
    const membershipId = a.agents[1]!.membership.id;
    const calls = (api: ReturnType<typeof callerFor>) => [
      () => api.org.overview({ orgId }),
      () => api.org.updatePreferences({ orgId, name: "Hacked" }),
      () => api.org.uploadAvatar({ orgId, base64: PNG_1PX }),
      () => api.scenarios.create({ orgId, fields: scenarioFields("X") }),
      () => api.scenarios.update({ orgId, scenarioId, fields: scenarioFields("X") }),
      () => api.scenarios.remove({ orgId, scenarioId }),
      () => api.scenarios.restore({ orgId, scenarioId }),
      () =>
        api.launchers.create({
          orgId,
          fields: { name: "L", scenarioId, buttonLabel: "Hi", allowDirectVisits: true, avatarUrl: null },
        }),
      () =>
        api.launchers.update({
          orgId,
          launcherId,
          fields: { name: "L", scenarioId, buttonLabel: "Hi", allowDirectVisits: true, avatarUrl: null },
        }),
      () => api.launchers.setArchived({ orgId, launcherId, archived: true }),
      () => api.launchers.setPageRules({ orgId, launcherId, rules: [] }),
      () => api.members.changeRole({ orgId, membershipId, role: "MANAGER" }),
      () => api.members.setActive({ orgId, membershipId, active: false }),
      () => api.members.setCapacity({ orgId, membershipId, capacity: 3 }),
      () => api.members.invitations({ orgId }),
      () => api.members.invite({ orgId, email: "x@example.test", role: "AGENT" }),
      () => api.notifications.list({ orgId }),
      () => api.notifications.markRead({ orgId, ids: "all" }),
    ];
    for (const call of calls(agent)) expect((await errorOf(call())).code).toBe("FORBIDDEN");
    for (const call of calls(strangerOwner)) expect((await errorOf(call())).code).toBe("NOT_FOUND");
    // The read-only procedures, open to every member, are closed to strangers too.
    const reads = [
      () => strangerOwner.scenarios.list({ orgId }),
      () => strangerOwner.launchers.list({ orgId }),
      () => strangerOwner.org.statuses({ orgId }),
      () => strangerOwner.org.avatarGallery({ orgId }),
    ];
    for (const read of reads) expect((await errorOf(read())).code).toBe("NOT_FOUND");
    expect((await agent.scenarios.list({ orgId })).length).toBeGreaterThan(0);
    // Nothing changed.
    expect((await db.organization.findUniqueOrThrow({ where: { id: orgId } })).name).toBe("Dash A");
    expect(await db.membership.findUniqueOrThrow({ where: { id: membershipId } })).toMatchObject({
      role: "AGENT",
      active: true,
    });
    expect(await db.invitation.count({ where: { orgId } })).toBe(0);
  });

  it("answers NOT_FOUND when an org admin names another org's scenario, launcher, member, invitation or avatar in its own org", async () => {
    const owner = callerFor(a.owner.user);
    const orgId = a.org.id;
    const theirScenario = b.scenarios[0]!.id;
    const theirLauncher = b.launcher.id;
    const theirMember = b.agents[0]!.membership.id;
    await callerFor(b.owner.user).members.invite({
      orgId: b.org.id,
      email: "theirs@example.test",
      role: "AGENT",
    });
    const theirInvitation = (await db.invitation.findFirstOrThrow({ where: { orgId: b.org.id } })).id;
    const theirAvatar = (await callerFor(b.owner.user).org.uploadAvatar({ orgId: b.org.id, base64: PNG_1PX })).url;
    const launcherFields = {
      name: "L",
      scenarioId: theirScenario,
      buttonLabel: "Hi",
      allowDirectVisits: true,
      avatarUrl: null,
    };
    const checks = [
      () => owner.scenarios.update({ orgId, scenarioId: theirScenario, fields: scenarioFields("Mine") }),
      () => owner.scenarios.remove({ orgId, scenarioId: theirScenario }),
      () => owner.scenarios.restore({ orgId, scenarioId: theirScenario }),
      () =>
        owner.scenarios.create({
          orgId,
          fields: { ...scenarioFields("Theirs avatar"), avatars: { agent: theirAvatar } },
        }),
      () => owner.launchers.create({ orgId, fields: launcherFields }),
      () =>
        owner.launchers.update({
          orgId,
          launcherId: theirLauncher,
          fields: { ...launcherFields, scenarioId: a.scenarios[0]!.id },
        }),
      () => owner.launchers.update({ orgId, launcherId: a.launcher.id, fields: launcherFields }),
      () => owner.launchers.setArchived({ orgId, launcherId: theirLauncher, archived: true }),
      () => owner.launchers.setPageRules({ orgId, launcherId: theirLauncher, rules: [] }),
      () =>
        owner.launchers.setPageRules({
          orgId,
          launcherId: a.launcher.id,
          rules: [{ urlPattern: "/x", scenarioId: theirScenario, avatarUrl: null }],
        }),
      () => owner.members.changeRole({ orgId, membershipId: theirMember, role: "MANAGER" }),
      () => owner.members.setActive({ orgId, membershipId: theirMember, active: false }),
      () => owner.members.setCapacity({ orgId, membershipId: theirMember, capacity: 4 }),
      () => owner.members.resendInvitation({ orgId, invitationId: theirInvitation }),
      () => owner.members.revokeInvitation({ orgId, invitationId: theirInvitation }),
    ];
    for (const call of checks) expect((await errorOf(call())).code).toBe("NOT_FOUND");
    const theirNotice = await db.notification.create({
      data: { orgId: b.org.id, membershipId: b.owner.membership.id, kind: "test", title: "B only" },
    });
    expect((await owner.notifications.markRead({ orgId, ids: [theirNotice.id] })).marked).toBe(0);
    expect((await db.notification.findUniqueOrThrow({ where: { id: theirNotice.id } })).readAt).toBeNull();
    expect(await db.launcher.findUniqueOrThrow({ where: { id: theirLauncher } })).toMatchObject({
      archivedAt: null,
    });
    expect((await db.invitation.findUniqueOrThrow({ where: { id: theirInvitation } })).revokedAt).toBeNull();
    expect((await db.agentPresence.findUniqueOrThrow({ where: { membershipId: theirMember } })).capacity).toBe(1);
  });

  it("lets a manager read scenarios and launchers but not write them", async () => {
    const manager = callerFor(a.manager.user);
    expect((await manager.scenarios.list({ orgId: a.org.id })).length).toBeGreaterThanOrEqual(3);
    expect((await manager.launchers.list({ orgId: a.org.id }))[0]!.key).toBe(a.launcher.key);
    expect((await errorOf(manager.launchers.setPageRules({ orgId: a.org.id, launcherId: a.launcher.id, rules: [] }))).code).toBe(
      "FORBIDDEN",
    );
  });
});

describe("dashboard: preferences", () => {
  it("saves preferences and normalises allowed domains", async () => {
    const owner = callerFor(a.owner.user);
    await owner.org.updatePreferences({
      orgId: a.org.id,
      name: "Dash A Renamed",
      brandColor: "#AA00FF",
      routingMode: "RING_ALL",
      ringTimeoutSec: 30,
      maxConcurrentSeats: 40,
      allowedDomains: ["Example.test", "*.Shop.example.test", "example.test"],
    });
    const org = await owner.org.get({ orgId: a.org.id });
    expect(org).toMatchObject({
      name: "Dash A Renamed",
      brandColor: "#aa00ff",
      routingMode: "RING_ALL",
      ringTimeoutSec: 30,
      maxConcurrentSeats: 40,
      allowedDomains: ["example.test", "*.shop.example.test"],
    });
    await owner.org.updatePreferences({ orgId: a.org.id, name: "Dash A", maxConcurrentSeats: null });
  });

  it("names the wrong allowed-domain entry and changes nothing", async () => {
    const owner = callerFor(a.owner.user);
    const before = await db.organization.findUniqueOrThrow({ where: { id: a.org.id } });
    const e = await errorOf(
      owner.org.updatePreferences({
        orgId: a.org.id,
        name: "Should not stick",
        allowedDomains: ["good.example", "https://bad.example/x"],
      }),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toContain("Allowed domain 2");
    expect(e.message).toContain("https://bad.example/x");
    expect(e.message).toContain("without http");
    const wild = await errorOf(owner.org.updatePreferences({ orgId: a.org.id, allowedDomains: ["*.com"] }));
    expect(wild.message).toContain("Allowed domain 1");
    const colour = await errorOf(owner.org.updatePreferences({ orgId: a.org.id, brandColor: "red" }));
    expect(colour.code).toBe("BAD_REQUEST");
    const timeout = await errorOf(owner.org.updatePreferences({ orgId: a.org.id, ringTimeoutSec: 1 }));
    expect(timeout.code).toBe("BAD_REQUEST");
    const after = await db.organization.findUniqueOrThrow({ where: { id: a.org.id } });
    expect(after.name).toBe(before.name);
    expect(after.allowedDomains).toEqual(before.allowedDomains);
    expect(after.brandColor).toBe(before.brandColor);
  });

  it("adds custom agent statuses, relabels a built-in, and sends agents in a removed state offline", async () => {
    const owner = callerFor(a.owner.user);
    const saved = await owner.org.updatePreferences({
      orgId: a.org.id,
      agentStatuses: [
        { key: "training", label: "In training", routable: false },
        { key: "on_break", label: "Lunch", routable: true },
      ],
    });
    expect(saved.agentStatuses.find((s) => s.key === "training")).toEqual({
      key: "training",
      label: "In training",
      routable: false,
    });
    // A built-in keeps its routability whatever was sent.
    expect(saved.agentStatuses.find((s) => s.key === "on_break")).toEqual({
      key: "on_break",
      label: "Lunch",
      routable: false,
    });
    const agent = a.agents[1]!;
    await callerFor(agent.user).agent.setStatus({ orgId: a.org.id, status: "training" });
    await owner.org.updatePreferences({ orgId: a.org.id, agentStatuses: [] });
    expect((await db.agentPresence.findUniqueOrThrow({ where: { membershipId: agent.membership.id } })).status).toBe("offline");
    const dup = await errorOf(
      owner.org.updatePreferences({
        orgId: a.org.id,
        agentStatuses: [
          { key: "x", label: "X", routable: true },
          { key: "x", label: "Y", routable: false },
        ],
      }),
    );
    expect(dup.code).toBe("BAD_REQUEST");
    expect(await owner.org.statuses({ orgId: a.org.id })).toHaveLength(4);
  });

  it("summarises this month's usage for the overview", async () => {
    const now = new Date();
    await db.usageRecord.createMany({
      data: [
        {
          orgId: a.org.id,
          kind: "VISITOR_MINUTE",
          quantity: 7,
          occurredAt: now,
          idempotencyKey: `t-min-${a.org.id}`,
        },
        {
          orgId: a.org.id,
          kind: "SESSION_HIT",
          quantity: 2,
          occurredAt: now,
          idempotencyKey: `t-hit-${a.org.id}`,
        },
        // Last year: not this month.
        {
          orgId: a.org.id,
          kind: "VISITOR_MINUTE",
          quantity: 100,
          occurredAt: new Date(now.getTime() - 400 * 86_400_000),
          idempotencyKey: `t-old-${a.org.id}`,
        },
        {
          orgId: b.org.id,
          kind: "VISITOR_MINUTE",
          quantity: 50,
          occurredAt: now,
          idempotencyKey: `t-min-${b.org.id}`,
        },
      ],
    });
    const o = await callerFor(a.owner.user).org.overview({ orgId: a.org.id });
    expect(o.visitorMinutes).toBe(7);
    expect(o.sessionHits).toBe(2);
    expect(o.launchers.map((l) => l.key)).toContain(a.launcher.key);
  });
});

describe("dashboard: scenarios", () => {
  it("keeps a stored visitor avatar when the editor saves only the agent's, and clears it only on null", async () => {
    const owner = callerFor(a.owner.user);
    const s = await owner.scenarios.create({
      orgId: a.org.id,
      fields: { ...scenarioFields("Keeps avatars"), avatars: { agent: "/avatars/wave.svg", visitor: "/avatars/leaf.svg" } },
    });
    expect(s.avatars).toEqual({ agent: "/avatars/wave.svg", visitor: "/avatars/leaf.svg" });
    // What the scenario editor sends: it has no visitor avatar field.
    const { invitationCode: _c, ...fields } = scenarioFields("Keeps avatars");
    const saved = await owner.scenarios.update({
      orgId: a.org.id,
      scenarioId: s.id,
      fields: { ...fields, avatars: { agent: "/avatars/spark.svg" } },
    });
    expect(saved.avatars).toEqual({ agent: "/avatars/spark.svg", visitor: "/avatars/leaf.svg" });
    const cleared = await owner.scenarios.update({
      orgId: a.org.id,
      scenarioId: s.id,
      fields: { ...fields, avatars: { agent: null, visitor: null } },
    });
    expect(cleared.avatars).toEqual({ agent: null, visitor: null });
  });

  it("creates and edits a scenario with its invitation code hashed, and refuses bad input unchanged", async () => {
    const owner = callerFor(a.owner.user);
    const s = await owner.scenarios.create({ orgId: a.org.id, fields: scenarioFields("Sales desk") });
    expect(s).toMatchObject({
      name: "Sales desk",
      hasInvitationCode: true,
      avatars: { agent: "/avatars/wave.svg", visitor: null },
      routingMode: "RING_ALL",
    });
    expect(s.banner.links[0]!.url).toBe("https://example.com/help");
    const row = await db.scenario.findUniqueOrThrow({ where: { id: s.id } });
    expect(row.invitationCodeHash).toMatch(/^[0-9a-f]{64}$/);
    // undefined keeps the code; null clears it.
    const { invitationCode: _c, ...noCode } = scenarioFields("Sales desk");
    expect((await owner.scenarios.update({ orgId: a.org.id, scenarioId: s.id, fields: noCode })).hasInvitationCode).toBe(true);
    expect(
      (
        await owner.scenarios.update({
          orgId: a.org.id,
          scenarioId: s.id,
          fields: { ...noCode, invitationCode: null },
        })
      ).hasInvitationCode,
    ).toBe(false);

    const refused = [
      () =>
        owner.scenarios.update({
          orgId: a.org.id,
          scenarioId: s.id,
          fields: { ...noCode, name: "One-on-one" },
        }),
      () =>
        owner.scenarios.update({
          orgId: a.org.id,
          scenarioId: s.id,
          fields: { ...noCode, avatars: { agent: "https://evil.example/x.png" } },
        }),
      () =>
        owner.scenarios.update({
          orgId: a.org.id,
          scenarioId: s.id,
          fields: { ...noCode, banner: { links: [{ label: "x", url: "javascript:alert(1)" }] } },
        }),
      () => owner.scenarios.update({ orgId: a.org.id, scenarioId: s.id, fields: { ...noCode, maxSeats: 1 } }),
    ];
    const codes: string[] = [];
    for (const r of refused) codes.push((await errorOf(r())).code);
    expect(codes).toEqual(["CONFLICT", "BAD_REQUEST", "BAD_REQUEST", "BAD_REQUEST"]);
    expect(await db.scenario.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({
      name: "Sales desk",
      maxSeats: 3,
    });
  });

  it("deletes an unused scenario, archives one in use, and won't remove a launcher's scenario", async () => {
    const owner = callerFor(a.owner.user);
    const unused = await owner.scenarios.create({ orgId: a.org.id, fields: scenarioFields("Unused") });
    expect(await owner.scenarios.remove({ orgId: a.org.id, scenarioId: unused.id })).toEqual({
      id: unused.id,
      outcome: "deleted",
    });
    const launcherScenario = a.launcher.scenarioId;
    const e = await errorOf(owner.scenarios.remove({ orgId: a.org.id, scenarioId: launcherScenario }));
    expect(e.code).toBe("CONFLICT");
    expect((await db.scenario.findUniqueOrThrow({ where: { id: launcherScenario } })).archivedAt).toBeNull();

    const used = await owner.scenarios.create({ orgId: a.org.id, fields: scenarioFields("Used") });
    const visitor = await db.visitor.create({ data: { orgId: a.org.id, cookieId: `c-${used.id}` } });
    await db.queueEntry.create({
      data: {
        orgId: a.org.id,
        launcherId: a.launcher.id,
        scenarioId: used.id,
        visitorId: visitor.id,
        status: "ABANDONED",
      },
    });
    expect((await owner.scenarios.remove({ orgId: a.org.id, scenarioId: used.id })).outcome).toBe("archived");
    expect((await db.scenario.findUniqueOrThrow({ where: { id: used.id } })).archivedAt).not.toBeNull();
    // An archived scenario can't start a launcher until restored.
    const fields = {
      name: "Uses archived",
      scenarioId: used.id,
      buttonLabel: "Hi",
      allowDirectVisits: false,
      avatarUrl: null,
    };
    expect((await errorOf(owner.launchers.create({ orgId: a.org.id, fields }))).code).toBe("BAD_REQUEST");
    await owner.scenarios.restore({ orgId: a.org.id, scenarioId: used.id });
    expect((await owner.launchers.create({ orgId: a.org.id, fields })).scenarioId).toBe(used.id);
  });

  it("accepts PNG uploads, refuses other content whatever it claims to be, and serves the detected type", async () => {
    const owner = callerFor(a.owner.user);
    const { url } = await owner.org.uploadAvatar({
      orgId: a.org.id,
      base64: `data:image/png;base64,${PNG_1PX}`,
    });
    expect(url).toMatch(/^\/api\/avatars\/[a-z0-9]+$/);
    const stored = await db.avatarImage.findUniqueOrThrow({ where: { id: url.split("/").pop()! } });
    expect(stored.contentType).toBe("image/png");
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString("base64");
    expect((await errorOf(owner.org.uploadAvatar({ orgId: a.org.id, base64: `data:image/png;base64,${svg}` }))).code).toBe("BAD_REQUEST");
    const big = Buffer.concat([Buffer.from(PNG_1PX, "base64"), Buffer.alloc(201 * 1024)]).toString("base64");
    expect((await errorOf(owner.org.uploadAvatar({ orgId: a.org.id, base64: big }))).code).toBe("BAD_REQUEST");
    expect(await db.avatarImage.count({ where: { orgId: a.org.id } })).toBe(1);
    const s = await owner.scenarios.create({
      orgId: a.org.id,
      fields: { ...scenarioFields("Uploaded"), avatars: { agent: url } },
    });
    expect(s.avatars.agent).toBe(url);
    // Served with the detected type and headers that stop a browser from guessing another.
    const id = url.split("/").pop()!;
    const res = await getAvatar(new Request(`http://localhost${url}`), { params: Promise.resolve({ id }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'");
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(PNG_1PX, "base64"))).toBe(true);
    const missing = await getAvatar(new Request("http://localhost/api/avatars/x"), {
      params: Promise.resolve({ id: "../../etc/passwd" }),
    });
    expect(missing.status).toBe(404);
  });
});

describe("dashboard: launchers", () => {
  it("creates a launcher with a fresh key, edits it, orders its page rules and archives it", async () => {
    const owner = callerFor(a.owner.user);
    const [one, collab] = a.scenarios;
    const l = await owner.launchers.create({
      orgId: a.org.id,
      fields: {
        name: "Pricing page",
        scenarioId: one!.id,
        buttonLabel: "Ask us",
        allowDirectVisits: false,
        avatarUrl: "/avatars/leaf.svg",
      },
    });
    expect(l.key).toMatch(/^[a-z2-9]{10}$/);
    const rules = await owner.launchers.setPageRules({
      orgId: a.org.id,
      launcherId: l.id,
      rules: [
        { urlPattern: "/pricing*", scenarioId: collab!.id, avatarUrl: null },
        { urlPattern: "shop.example.test", scenarioId: null, avatarUrl: "/avatars/spark.svg" },
      ],
    });
    expect(rules.pageRules.map((r) => [r.position, r.urlPattern])).toEqual([
      [0, "/pricing*"],
      [1, "shop.example.test"],
    ]);
    // Bad rule: named by position, and the old rules stay.
    const e = await errorOf(
      owner.launchers.setPageRules({
        orgId: a.org.id,
        launcherId: l.id,
        rules: [
          { urlPattern: "/ok", scenarioId: one!.id, avatarUrl: null },
          { urlPattern: "has space", scenarioId: one!.id, avatarUrl: null },
        ],
      }),
    );
    expect(e.message).toContain("Rule 2");
    expect(await db.launcherPageRule.count({ where: { launcherId: l.id } })).toBe(2);
    const neither = await errorOf(
      owner.launchers.setPageRules({
        orgId: a.org.id,
        launcherId: l.id,
        rules: [{ urlPattern: "/x", scenarioId: null, avatarUrl: null }],
      }),
    );
    expect(neither.code).toBe("BAD_REQUEST");

    const edited = await owner.launchers.update({
      orgId: a.org.id,
      launcherId: l.id,
      fields: {
        name: "Pricing",
        scenarioId: one!.id,
        buttonLabel: "Chat",
        allowDirectVisits: true,
        avatarUrl: null,
      },
    });
    expect(edited).toMatchObject({
      name: "Pricing",
      buttonLabel: "Chat",
      allowDirectVisits: true,
      avatarUrl: null,
      key: l.key,
    });
    expect((await owner.launchers.setArchived({ orgId: a.org.id, launcherId: l.id, archived: true })).archivedAt).not.toBeNull();
  });
});

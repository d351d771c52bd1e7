// Issue 13 item 4, the 1999 design inside the session, on a real PostgreSQL: the page rule's
// visitor avatar and the agent's own avatar on their seats (never an unseen seat's), the per-scenario
// "may be monitored" notice, and the visitor's IP address and time of entry, shown to staff only.
import { beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { setAgentStatus } from "../../server/agents/set-status";
import { db } from "../../server/db";
import { joinQueue } from "../../server/entry/join";
import { resolveEntry, signEntryToken } from "../../server/launchers/entry";
import { dispatch } from "../../server/routing/dispatch";
import { acceptOffer } from "../../server/routing/offers";
import { createScenario, updateScenario, type ScenarioFields } from "../../server/scenarios/manage";
import { callerFor, seedOrg } from "../helpers/factories";
import { errorOf } from "../helpers/errors";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
let s: Seeded;
const IP = "198.51.100.23";
const PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

const asVisitor = (cookieId: string) => createCaller(createContext({ user: null, visitorCookieId: cookieId }));
const oneOnOne = () => s.scenarios.find((x) => x.kind === "ONE_ON_ONE")!;

/** A visitor joins through the launcher from `page` and `agentIndex` (the only one ready) accepts. */
async function visit(page: string, agentIndex: number, opts: { clientAddress?: string | null } = {}) {
  const cookieId = `cookie-${Math.random().toString(36).slice(2)}-xxxxxxxxxx`;
  const joined = await joinQueue({
    key: s.launcher.key,
    token: signEntryToken(s.launcher.id, page),
    values: { name: "Ada", question: "Which part fits?" },
    visitorCookieId: cookieId,
    userId: null,
    clientAddress: opts.clientAddress === undefined ? IP : opts.clientAddress,
  });
  if (!joined.ok || !("entryId" in joined)) throw new Error(JSON.stringify(joined));
  const agent = s.agents[agentIndex]!;
  await setAgentStatus({ orgId: s.org.id, membershipId: agent.membership.id, status: "available" });
  await dispatch(s.org.id);
  const offer = await db.queueOffer.findFirstOrThrow({
    where: { queueEntryId: joined.entryId, membershipId: agent.membership.id, status: "PENDING" },
  });
  const { sessionId } = await acceptOffer({ orgId: s.org.id, offerId: offer.id, membershipId: agent.membership.id });
  // Free the agent for the next visit of the same test.
  await setAgentStatus({ orgId: s.org.id, membershipId: agent.membership.id, status: "away" });
  return { sessionId, cookieId, entryId: joined.entryId };
}

beforeEach(async () => {
  s = await seedOrg();
  await db.scenario.update({
    where: { id: oneOnOne().id },
    data: { avatars: { agent: "/avatars/headset.svg", visitor: "/avatars/wave.svg" } },
  });
  await db.launcherPageRule.create({
    data: { orgId: s.org.id, launcherId: s.launcher.id, position: 0, urlPattern: "/parts/*", avatarUrl: "/avatars/leaf.svg" },
  });
});

describe("avatars inside the session", () => {
  it("seats the visitor with the page rule's avatar and the agent with their own choice, in the view and the join events", async () => {
    expect(await callerFor(s.agents[0]!.user).agent.setAvatar({ orgId: s.org.id, avatarUrl: "/avatars/spark.svg" })).toEqual({
      avatarUrl: "/avatars/spark.svg",
    });
    const { sessionId, cookieId } = await visit("https://example.test/parts/brakes", 0);

    const view = await asVisitor(cookieId).sessions.view({ sessionId });
    const byRole = Object.fromEntries(view.participants.map((p) => [p.role, p.avatarUrl]));
    expect(byRole).toEqual({ VISITOR: "/avatars/leaf.svg", AGENT: "/avatars/spark.svg" });
    // A later reader learns the avatar from the join event itself (the client builds late joiners from it).
    const joined = view.events.filter((e) => e.type === "participant.joined").map((e) => e.payload.avatarUrl);
    expect(joined.sort()).toEqual(["/avatars/leaf.svg", "/avatars/spark.svg"]);
  });

  it("falls back to the scenario's visitor and agent avatars when no rule and no choice says", async () => {
    const { sessionId } = await visit("https://example.test/pricing", 1);
    const seats = await db.participant.findMany({ where: { sessionId }, select: { role: true, avatarUrl: true } });
    expect(Object.fromEntries(seats.map((p) => [p.role, p.avatarUrl]))).toEqual({
      VISITOR: "/avatars/wave.svg",
      AGENT: "/avatars/headset.svg",
    });
    // The entry page still shows the rule's picture, else the scenario's agent avatar.
    const page = await resolveEntry({
      key: s.launcher.key,
      referer: "https://example.test/pricing",
      page: null,
      token: null,
      selfOrigins: [],
      ip: null,
      visitorCookieId: null,
      userId: null,
    });
    expect(page).toMatchObject({ kind: "form", avatarUrl: "/avatars/headset.svg" });
  });

  it("gives an unseen seat no picture at all, and the barged-in manager their agent avatar", async () => {
    await db.membership.update({ where: { id: s.manager.membership.id }, data: { avatarUrl: "/avatars/compass.svg" } });
    const { sessionId, cookieId } = await visit("https://example.test/parts/x", 0);
    const manager = callerFor(s.manager.user);
    const { participantId } = await manager.sessions.joinAsStaff({ sessionId, role: "MONITOR" });
    expect((await db.participant.findUniqueOrThrow({ where: { id: participantId } })).avatarUrl).toBeNull();
    const before = await asVisitor(cookieId).sessions.view({ sessionId });
    expect(JSON.stringify(before)).not.toContain("compass");

    await manager.sessions.joinAsStaff({ sessionId, role: "AGENT" });
    const after = await asVisitor(cookieId).sessions.view({ sessionId });
    expect(after.participants.find((p) => p.id === participantId)?.avatarUrl).toBe("/avatars/compass.svg");
  });

  it("lets an agent pick only a gallery picture or their org's upload; bad input changes nothing", async () => {
    const agent = callerFor(s.agents[0]!.user);
    await agent.agent.setAvatar({ orgId: s.org.id, avatarUrl: "/avatars/leaf.svg" });
    expect((await errorOf(agent.agent.setAvatar({ orgId: s.org.id, avatarUrl: "https://evil.test/me.png" }))).code).toBe("BAD_REQUEST");
    const other = await seedOrg();
    const { url } = await callerFor(other.owner.user).org.uploadAvatar({ orgId: other.org.id, base64: PNG_1PX });
    expect((await errorOf(agent.agent.setAvatar({ orgId: s.org.id, avatarUrl: url }))).code).toBe("NOT_FOUND");
    expect(await agent.agent.avatar({ orgId: s.org.id })).toEqual({ avatarUrl: "/avatars/leaf.svg" });
    await agent.agent.setAvatar({ orgId: s.org.id, avatarUrl: null });
    expect(await agent.agent.avatar({ orgId: s.org.id })).toEqual({ avatarUrl: null });
  });
});

describe("the monitoring notice", () => {
  const fields = (over: Partial<ScenarioFields> = {}): ScenarioFields => ({
    name: "Support",
    kind: "ONE_ON_ONE",
    maxSeats: null,
    showWho: true,
    showRooms: false,
    batonPolicy: "STAFF_TAKES",
    requireSignIn: false,
    typingPreview: "FULL_TEXT",
    preChatQuestion: "Hi?",
    askName: true,
    askEmail: false,
    avatars: {},
    banner: {},
    routingMode: null,
    ringTimeoutSec: null,
    ...over,
  });

  it("is on for a new scenario, kept when an edit leaves it out, and off for scenarios made before it", async () => {
    const created = await createScenario({ orgId: s.org.id, fields: fields() });
    expect(created.monitoringNotice).toBe(true);
    expect(
      (await updateScenario({ orgId: s.org.id, scenarioId: created.id, fields: fields({ monitoringNotice: false }) })).monitoringNotice,
    ).toBe(false);
    expect(
      (await updateScenario({ orgId: s.org.id, scenarioId: created.id, fields: fields({ name: "Support 2" }) })).monitoringNotice,
    ).toBe(false);
    // What the migration leaves existing rows with: the column's default.
    const old = await db.scenario.create({ data: { orgId: s.org.id, name: "From before", kind: "ONE_ON_ONE" } });
    expect(old.monitoringNotice).toBe(false);
  });

  it("reaches the entry page and the session view", async () => {
    await db.scenario.update({ where: { id: oneOnOne().id }, data: { monitoringNotice: false } });
    const entry = () =>
      resolveEntry({
        key: s.launcher.key,
        referer: "https://example.test/",
        page: null,
        token: null,
        selfOrigins: [],
        ip: null,
        visitorCookieId: null,
        userId: null,
      });
    expect(await entry()).toMatchObject({ kind: "form", scenario: { monitoringNotice: false } });
    await db.scenario.update({ where: { id: oneOnOne().id }, data: { monitoringNotice: true } });
    expect(await entry()).toMatchObject({ kind: "form", scenario: { monitoringNotice: true } });
    const { sessionId, cookieId } = await visit("https://example.test/", 0);
    expect((await asVisitor(cookieId).sessions.view({ sessionId })).scenario.monitoringNotice).toBe(true);
  });
});

describe("the visitor's IP address and time of entry", () => {
  it("is recorded on the entry and the visitor's seat, shown to staff, and never to the room", async () => {
    const { sessionId, cookieId, entryId } = await visit("https://example.test/", 0);
    const entry = await db.queueEntry.findUniqueOrThrow({ where: { id: entryId } });
    expect(entry.clientAddress).toBe(IP);
    const seat = await db.participant.findFirstOrThrow({ where: { sessionId, role: "VISITOR" } });
    expect(seat.clientAddress).toBe(IP);

    const ctx = await callerFor(s.agents[0]!.user).agent.context({ orgId: s.org.id, sessionId });
    expect(ctx.entry).toEqual({ clientAddress: IP, at: entry.enqueuedAt });

    // Nothing the visitor (or any other room member) reads carries it: the view, the events, the archive.
    expect(JSON.stringify(await asVisitor(cookieId).sessions.view({ sessionId }))).not.toContain(IP);
    const events = await db.sessionEvent.findMany({ where: { sessionId } });
    expect(JSON.stringify(events.map((e) => e.payload))).not.toContain(IP);

    // The ended session's transcript: staff get each visitor's stamp, the visitor none.
    await callerFor(s.agents[0]!.user).sessions.leave({ sessionId });
    const staff = await callerFor(s.manager.user).sessions.past({ sessionId });
    expect(staff?.visitorEntries).toEqual([{ participantId: seat.id, name: "Ada", clientAddress: IP, at: entry.enqueuedAt }]);
    const mine = await asVisitor(cookieId).sessions.past({ sessionId });
    expect(mine?.visitorEntries).toEqual([]);
    expect(JSON.stringify(mine)).not.toContain(IP);
  });

  it("keeps the address unknown (null) when the web server could not tell", async () => {
    const { sessionId } = await visit("https://example.test/", 0, { clientAddress: null });
    const ctx = await callerFor(s.agents[0]!.user).agent.context({ orgId: s.org.id, sessionId });
    expect(ctx.entry?.clientAddress).toBeNull();
    expect(ctx.entry?.at).toBeInstanceOf(Date);
  });
});

// Issue 15, part 1: the archive explorer. Sessions are created, spoken in and ended through the real
// paths (sessions.send, leave, wrapUp), so the search document is the one the end transaction
// writes; then full-text search, every filter, keyset pages, the CSV, transcripts, who may see
// what, bad input, and the roll-up rebuilding the same rows.
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { db } from "../../server/db";
import { archiveCsv } from "../../server/reports/archive/csv";
import { indexEndedSession, MAX_DOCUMENT_LINES, rebuildArchiveDocs } from "../../server/reports/archive/index-doc";
import { searchArchive } from "../../server/reports/archive/search";
import { rebuildReports, refreshReports } from "../../server/reports/refresh";
import { REFRESH_ROLLUPS, ROLLUPS } from "../../server/reports/rollups";
import { createLiveSession, createVisitor, seedOrg } from "../helpers/factories";

type User = { id: string; email: string; name: string | null };
const asUser = (u: User) => createCaller(createContext({ user: u }));

let s: Awaited<ReturnType<typeof seedOrg>>;
let other: Awaited<ReturnType<typeof seedOrg>>;
const ids: Record<string, string> = {};
const range = { from: "2026-03-01", to: "2026-03-31" };

/** A session of `seeded` that started at `startedAt` (UTC), waited `waitSec`, said `lines`, ended by wrap-up. */
async function pastSession(
  seeded: Awaited<ReturnType<typeof seedOrg>>,
  opts: {
    startedAt: string;
    waitSec: number;
    lines: [who: "agent" | "visitor", text: string][];
    disposition?: "RESOLVED" | "SPAM";
    visitorName?: string;
    email?: string;
    agentIndex?: number;
    question?: string;
  },
) {
  const cookie = `arch-${randomUUID()}`;
  const live = await createLiveSession(seeded, { visitorCookieId: cookie });
  const started = new Date(opts.startedAt);
  await db.visitor.update({ where: { id: live.visitor.id }, data: { name: opts.visitorName ?? "Visitor", email: opts.email ?? null } });
  await db.queueEntry.update({
    where: { id: live.entry.id },
    data: { enqueuedAt: new Date(started.getTime() - opts.waitSec * 1000), assignedAt: started, question: opts.question ?? "" },
  });
  await db.session.update({ where: { id: live.session.id }, data: { startedAt: started } });
  if (opts.agentIndex === 1) {
    await db.participant.update({
      where: { id: live.agent.id },
      data: { membershipId: seeded.agents[1]!.membership.id, displayName: "Agent Two" },
    });
  }
  const agentUser = seeded.agents[opts.agentIndex ?? 0]!.user;
  const visitorApi = createCaller(createContext({ user: null, visitorCookieId: cookie }));
  for (const [who, text] of opts.lines) {
    const api = who === "agent" ? asUser(agentUser) : visitorApi;
    await api.sessions.send({ sessionId: live.session.id, text, clientEventId: randomUUID() });
  }
  await visitorApi.sessions.leave({ sessionId: live.session.id });
  // Ends it; endedAt is "now", so the duration is set afterwards like the start was.
  await asUser(agentUser).sessions.wrapUp({ sessionId: live.session.id, disposition: opts.disposition ?? "RESOLVED", tags: [] });
  return live.session.id;
}

async function codeOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  const err = e as TRPCError;
  const zod = (err.cause as { issues?: { message: string }[] } | undefined)?.issues?.[0]?.message;
  return { code: err.code, message: zod ?? err.message };
}

beforeAll(async () => {
  s = await seedOrg();
  other = await seedOrg();
  await db.organization.update({ where: { id: s.org.id }, data: { timeZone: "America/New_York" } });
  ids.refund = await pastSession(s, {
    startedAt: "2026-03-10T15:00:00Z",
    waitSec: 42,
    visitorName: "Ann Smith",
    email: "ann@example.test",
    question: "Where is my parcel?",
    lines: [
      ["visitor", "I would like a refund for the blue kettle"],
      ["agent", "Of course, the refund is on its way"],
    ],
  });
  ids.spam = await pastSession(s, {
    startedAt: "2026-03-12T15:00:00Z",
    waitSec: 5,
    visitorName: "Bob Jones",
    agentIndex: 1,
    disposition: "SPAM",
    lines: [["visitor", "cheap watches kettle"]],
  });
  // 00:30 UTC on 1 April is still 31 March in New York: inside the range.
  ids.edge = await pastSession(s, { startedAt: "2026-04-01T00:30:00Z", waitSec: 0, lines: [["visitor", "late night question"]] });
  // 04:30 UTC on 1 March is 23:30 on 28 February in New York: outside.
  ids.before = await pastSession(s, { startedAt: "2026-03-01T04:30:00Z", waitSec: 0, lines: [["visitor", "refund please"]] });
  ids.otherOrg = await pastSession(other, {
    startedAt: "2026-03-10T15:00:00Z",
    waitSec: 1,
    lines: [["visitor", "refund for the blue kettle"]],
  });
});

const search = (
  input: Partial<Parameters<ReturnType<typeof asUser>["reportsArchive"]["search"]>[0]> = {},
  user: User = s.manager.user,
  orgId = s.org.id,
) => asUser(user).reportsArchive.search({ orgId, ...range, ...input });
const sessionIds = async (input: Parameters<typeof search>[0] = {}) => (await search(input)).rows.map((r) => r.sessionId);

describe("reportsArchive.search", () => {
  it("finds a phrase said in a session, and only there", async () => {
    expect(await sessionIds({ q: '"blue kettle"' })).toEqual([ids.refund]);
    expect(await sessionIds({ q: "kettle" })).toEqual([ids.spam, ids.refund]);
    expect(await sessionIds({ q: "kettle -watches" })).toEqual([ids.refund]);
    expect(await sessionIds({ q: "parcel or watches" })).toEqual([ids.spam, ids.refund]);
    // The visitor's question is part of what was said.
    expect(await sessionIds({ q: "parcel" })).toEqual([ids.refund]);
    expect(await sessionIds({ q: "nothing-said-like-this" })).toEqual([]);
  });

  it("takes the range in the org's time zone and lists newest first with the list's figures", async () => {
    const { rows, nextCursor } = await search();
    expect(rows.map((r) => r.sessionId)).toEqual([ids.edge, ids.spam, ids.refund]);
    expect(nextCursor).toBeNull();
    const refund = rows.find((r) => r.sessionId === ids.refund)!;
    expect(refund).toMatchObject({
      waitSec: 42,
      agentNames: "Agent One",
      visitorName: "Ann Smith",
      visitorEmail: "ann@example.test",
      disposition: "RESOLVED",
      endReason: "wrapped up",
      chatLines: 2,
    });
    expect(refund.launcherName).toBe(s.launcher.name);
    expect(refund.durationSec).toBe(Math.floor((refund.endedAt.getTime() - refund.startedAt.getTime()) / 1000));
    expect(await sessionIds({ from: "2026-02-28", to: "2026-02-28" })).toEqual([ids.before]);
  });

  it("filters by agent, launcher, scenario, visitor and outcome", async () => {
    expect(await sessionIds({ agentId: s.agents[1]!.membership.id })).toEqual([ids.spam]);
    expect(await sessionIds({ agentId: s.agents[0]!.membership.id })).toEqual([ids.edge, ids.refund]);
    expect(await sessionIds({ launcherId: s.launcher.id })).toHaveLength(3);
    const oneOnOne = s.scenarios.find((x) => x.kind === "ONE_ON_ONE")!;
    expect(await sessionIds({ scenarioId: oneOnOne.id })).toHaveLength(3);
    const another = s.scenarios.find((x) => x.kind !== "ONE_ON_ONE")!;
    expect(await sessionIds({ scenarioId: another.id })).toEqual([]);
    expect(await sessionIds({ visitor: "ann" })).toEqual([ids.refund]);
    expect(await sessionIds({ visitor: "ann@example.test" })).toEqual([ids.refund]);
    expect(await sessionIds({ visitor: "jon" })).toEqual([ids.spam]);
    expect(await sessionIds({ outcome: "disposition:SPAM" })).toEqual([ids.spam]);
    expect(await sessionIds({ outcome: "disposition:NONE" })).toEqual([]);
    expect(await sessionIds({ outcome: "end:wrapped up", q: "refund" })).toEqual([ids.refund]);
  });

  it("finds a room by any of its visitors, not only the one who queued", async () => {
    const guest = await createVisitor(s.org.id, { name: "Zoe Quinn" });
    await db.visitor.update({ where: { id: guest.id }, data: { email: "zq@example.test" } });
    await db.participant.create({
      data: {
        orgId: s.org.id,
        sessionId: ids.refund!,
        role: "VISITOR",
        visitorId: guest.id,
        displayName: "Zoe Quinn",
        joinedAt: new Date("2026-03-10T15:01:00Z"),
        leftAt: new Date("2026-03-10T15:05:00Z"),
      },
    });
    await indexEndedSession(db, s.org.id, ids.refund!);
    expect(await sessionIds({ visitor: "quinn" })).toEqual([ids.refund]);
    expect(await sessionIds({ visitor: "zq@example.test" })).toEqual([ids.refund]);
    // The list still names the visitor who queued.
    const page = await searchArchive({ id: s.org.id, timeZone: "America/New_York" }, { ...range, visitor: "quinn" });
    expect(page.rows[0]?.visitorName).toBe("Ann Smith");
  });

  it("pages by keyset without repeating or skipping a session", async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++)
      made.push(await pastSession(s, { startedAt: `2026-05-0${i + 1}T12:00:00Z`, waitSec: 0, lines: [["visitor", `paging ${i}`]] }));
    // Two share a start instant: the session id breaks the tie.
    await db.session.update({ where: { id: made[2]! }, data: { startedAt: new Date("2026-05-02T12:00:00Z") } });
    await indexEndedSession(db, s.org.id, made[2]!);
    const org = { id: s.org.id, timeZone: "America/New_York" };
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await searchArchive(org, { from: "2026-05-01", to: "2026-05-31", cursor }, 2);
      seen.push(...page.rows.map((r) => r.sessionId));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    const tied = [made[1]!, made[2]!].sort().reverse();
    expect(seen).toEqual([made[4], made[3], ...tied, made[0]]);
  });

  it("never shows another org's sessions; an agent gets FORBIDDEN; a stranger NOT_FOUND", async () => {
    expect(await sessionIds({ q: "kettle" })).not.toContain(ids.otherOrg);
    const theirs = await search({ q: "kettle" }, other.manager.user, other.org.id);
    expect(theirs.rows.map((r) => r.sessionId)).toEqual([ids.otherOrg]);
    expect((await codeOf(search({}, s.agents[0]!.user))).code).toBe("FORBIDDEN");
    expect((await codeOf(search({}, other.manager.user, s.org.id))).code).toBe("NOT_FOUND");
    // Another org's agent or launcher as a filter: the same answer as an unknown id.
    expect(await codeOf(search({ agentId: other.agents[0]!.membership.id }))).toEqual({
      code: "BAD_REQUEST",
      message: "That agent is not in this organization; choose one from the list.",
    });
    expect((await codeOf(search({ launcherId: other.launcher.id }))).code).toBe("BAD_REQUEST");
  });

  it("answers bad input with a clear BAD_REQUEST, never a 500", async () => {
    const cases: [Parameters<typeof search>[0], RegExp][] = [
      [{ q: "x".repeat(10_000) }, /at most 200 characters/],
      [{ agentId: "no-such-agent" }, /agent is not in this organization/],
      [{ from: "2026-03-31", to: "2026-03-01" }, /start date is after the end date/],
      [{ from: "2016-01-01", to: "2026-01-01" }, /at most 366 days/],
      [{ from: "2026-02-30", to: "2026-03-01" }, /does not exist/],
      [{ outcome: "disposition:GREAT" }, /outcome from the list/],
      [{ q: "!!! ???" }, /at least one word/],
      [{ visitor: "..." }, /part of the visitor's name or email/],
      [{ cursor: "bm9wZQ" }, /page link is not valid/],
      // Parseable dates PostgreSQL refuses (year 0, JavaScript's last year): forged links, not a 500.
      [{ cursor: Buffer.from(`0000-01-01T00:00:00.000Z|${"x".repeat(20)}`).toString("base64url") }, /page link is not valid/],
      [{ cursor: Buffer.from(`+275760-09-13T00:00:00.000Z|${"x".repeat(20)}`).toString("base64url") }, /page link is not valid/],
      [{ q: "a\u0000b" }, /U\+0000/],
    ];
    for (const [input, message] of cases) {
      const { code, message: got } = await codeOf(search(input));
      expect(code, JSON.stringify(input).slice(0, 80)).toBe("BAD_REQUEST");
      expect(got).toMatch(message);
    }
    // Search syntax that is not valid tsquery is still just words.
    expect(await sessionIds({ q: "refund & | ! ( :* '" })).toEqual([ids.refund]);
  });
});

describe("reportsArchive.csv and transcript", () => {
  it("exports the list as CSV with times in the org's zone", async () => {
    const { csv, filename, truncated } = await asUser(s.manager.user).reportsArchive.csv({ orgId: s.org.id, ...range, q: "kettle" });
    expect(truncated).toBe(false);
    expect(filename).toMatch(/sessions-2026-03-01-to-2026-03-31\.csv$/);
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toMatch(/^started \(America\/New_York\),session_id,duration_sec,wait_sec,agents,visitor/);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(`2026-03-10 11:00:00,${ids.refund},`);
    expect(lines[2]).toContain(",42,Agent One,Ann Smith,ann@example.test,");
  });

  it("exports a transcript as text and JSON for sessions.read, NOT_FOUND for another org", async () => {
    const api = asUser(s.manager.user).reportsArchive;
    const text = await api.transcript({ orgId: s.org.id, sessionId: ids.refund!, format: "text" });
    expect(text.contentType).toMatch(/^text\/plain/);
    expect(text.body).toContain("Visitor: I would like a refund for the blue kettle");
    expect(text.body).toMatch(/\[2026-\d\d-\d\d \d\d:\d\d:\d\d\] Agent One: Of course, the refund is on its way/);
    const json = JSON.parse((await api.transcript({ orgId: s.org.id, sessionId: ids.refund!, format: "json" })).body) as {
      timeZone: string;
      events: { type: string; text: string | null; private: boolean }[];
    };
    expect(json.timeZone).toBe("America/New_York");
    expect(json.events.filter((e) => e.type === "chat").map((e) => e.text)).toEqual([
      "I would like a refund for the blue kettle",
      "Of course, the refund is on its way",
    ]);
    expect((await codeOf(api.transcript({ orgId: s.org.id, sessionId: ids.otherOrg!, format: "text" }))).code).toBe("NOT_FOUND");
    expect(
      (await codeOf(asUser(s.agents[0]!.user).reportsArchive.transcript({ orgId: s.org.id, sessionId: ids.refund!, format: "json" }))).code,
    ).toBe("FORBIDDEN");
  });

  it("answers NOT_FOUND for a live session's transcript (its private lines are for its seats)", async () => {
    const live = await createLiveSession(s, { visitorCookieId: `arch-${randomUUID()}` });
    await db.sessionEvent.create({
      data: {
        orgId: s.org.id,
        sessionId: live.session.id,
        stream: "sidebar:live",
        seq: 1,
        type: "chat",
        payload: { text: "live private line" },
      },
    });
    for (const format of ["text", "json"] as const) {
      expect(
        (await codeOf(asUser(s.manager.user).reportsArchive.transcript({ orgId: s.org.id, sessionId: live.session.id, format }))).code,
      ).toBe("NOT_FOUND");
    }
  });

  it("ends a CSV cut at the row limit with a line saying so", async () => {
    const org = { id: s.org.id, timeZone: "America/New_York", slug: "acme" };
    const cut = await archiveCsv(org, range, 2);
    expect(cut.truncated).toBe(true);
    const lines = cut.csv.trim().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^More sessions match: this file holds the newest 2 only\./);
    const whole = await archiveCsv(org, range, 3);
    expect(whole.truncated).toBe(false);
    expect(whole.csv.trim().split("\r\n")).toHaveLength(4);
    expect(whole.csv).not.toContain("More sessions match");
  });
});

describe("the archive roll-up", () => {
  it("is listed in ROLLUPS and rebuilds exactly the rows the end path wrote", async () => {
    expect(ROLLUPS.map((r) => r.name)).toContain("archive");
    expect(REFRESH_ROLLUPS.map((r) => r.name)).not.toContain("archive");
    const snapshot = () => db.$queryRaw<unknown[]>`
      SELECT "sessionId", "startedAt", "endedAt", "agentIds", "agentNames", "visitorName", "visitorEmail", disposition::text, "endReason",
        "durationSec", "waitSec", "chatLines", document::text, "visitorDoc"::text
      FROM "SessionSearchDoc" WHERE "orgId" = ${s.org.id} ORDER BY "sessionId"`;
    const before = await snapshot();
    expect(before.length).toBeGreaterThanOrEqual(4);
    await db.$executeRaw`UPDATE "SessionSearchDoc" SET "chatLines" = 99, document = to_tsvector('simple', 'stale') WHERE "sessionId" = ${ids.refund!}`;
    await db.$executeRaw`DELETE FROM "SessionSearchDoc" WHERE "sessionId" = ${ids.spam!}`;
    await rebuildArchiveDocs(s.org.id, new Date("2026-01-01T00:00:00Z"), new Date("2026-06-01T00:00:00Z"));
    expect(await snapshot()).toEqual(before);
    await rebuildArchiveDocs(s.org.id, new Date("2026-01-01T00:00:00Z"), new Date("2026-06-01T00:00:00Z"));
    expect(await snapshot()).toEqual(before);
  });

  it("keeps a later wrap-up correction in the document", async () => {
    await asUser(s.manager.user).sessions.wrapUp({ sessionId: ids.edge!, disposition: "SPAM", tags: [] });
    expect(await sessionIds({ outcome: "disposition:SPAM" })).toEqual([ids.edge, ids.spam]);
  });
});

describe("what the search document holds", () => {
  const july = { from: "2026-07-01", to: "2026-07-31" };

  it("never indexes private lines: sidebar, prompt and whisper words find nothing", async () => {
    const cookie = `arch-${randomUUID()}`;
    const live = await createLiveSession(s, { visitorCookieId: cookie });
    await db.session.update({ where: { id: live.session.id }, data: { startedAt: new Date("2026-07-02T12:00:00Z") } });
    await asUser(s.agents[0]!.user).sessions.send({ sessionId: live.session.id, text: "roomword said aloud", clientEventId: randomUUID() });
    const priv = (stream: string, type: string, text: string, audience: string[] = []) =>
      db.sessionEvent.create({ data: { orgId: s.org.id, sessionId: live.session.id, stream, seq: 1, type, audience, payload: { text } } });
    await priv("sidebar:s1", "chat", "sidebarzebra between staff");
    await priv("sidebar:s2", "sidebar.chat", "sidebarquokka between staff");
    await priv(`prompt:${live.agent.id}:x`, "prompt", "promptnarwhal to the leader", [live.agent.id]);
    await priv(`whisper:${live.agent.id}`, "chat", "whisperokapi to one seat", [live.agent.id]);
    const visitorApi = createCaller(createContext({ user: null, visitorCookieId: cookie }));
    await visitorApi.sessions.leave({ sessionId: live.session.id });
    await asUser(s.agents[0]!.user).sessions.wrapUp({ sessionId: live.session.id, disposition: "RESOLVED", tags: [] });
    expect(await sessionIds({ ...july, q: "roomword" })).toEqual([live.session.id]);
    for (const word of ["sidebarzebra", "sidebarquokka", "promptnarwhal", "whisperokapi"]) {
      expect(await sessionIds({ ...july, q: word }), word).toEqual([]);
    }
    // A rebuild writes the same document.
    await rebuildArchiveDocs(s.org.id, new Date("2026-07-01T00:00:00Z"), new Date("2026-08-01T00:00:00Z"));
    expect(await sessionIds({ ...july, q: "sidebarzebra" })).toEqual([]);
    expect((await search({ ...july, q: "roomword" })).rows[0]!.chatLines).toBe(1);
  });

  it("reads at most MAX_DOCUMENT_LINES room lines into the document, and still counts them all", async () => {
    const id = await pastSession(s, { startedAt: "2026-07-20T12:00:00Z", waitSec: 0, lines: [["visitor", "firstcapword opens it"]] });
    // Short lines after it (well under the character cap): only the line limit keeps the last one out.
    await db.$executeRaw`
      INSERT INTO "SessionEvent" ("orgId", "sessionId", stream, seq, type, payload)
      SELECT ${s.org.id}, ${id}, 'room', 100000 + g, 'chat',
        jsonb_build_object('text', CASE WHEN g = ${MAX_DOCUMENT_LINES} THEN 'lastcapword' ELSE 'filler' END)
      FROM generate_series(1, ${MAX_DOCUMENT_LINES}) g`;
    await indexEndedSession(db, s.org.id, id);
    expect(await sessionIds({ ...july, q: "firstcapword" })).toEqual([id]);
    expect(await sessionIds({ ...july, q: "lastcapword" })).toEqual([]);
    const row = (await search({ ...july, q: "firstcapword" })).rows[0]!;
    expect(row.chatLines).toBe(MAX_DOCUMENT_LINES + 1);
  });
});

describe("keeping the documents fresh", () => {
  it("leaves the archive out of the minute refresh; reports:rebuild repairs it", async () => {
    const stale = () =>
      db.$queryRaw<{ chatLines: number }[]>`SELECT "chatLines" FROM "SessionSearchDoc" WHERE "sessionId" = ${ids.refund!}`;
    await db.$executeRaw`UPDATE "SessionSearchDoc" SET "chatLines" = 99 WHERE "sessionId" = ${ids.refund!}`;
    // The first run only sets the watermark; the second sees every session this file ended.
    await refreshReports();
    const run = await refreshReports();
    expect(run.orgs).toBeGreaterThanOrEqual(1);
    expect((await stale())[0]!.chatLines).toBe(99);
    await rebuildReports({ orgId: s.org.id });
    expect((await stale())[0]!.chatLines).toBe(2);
  });
});

// The reports' history (scripts/seed-history.ts) at a small scale: exactly the sessions asked for,
// rows in the shapes the app writes (events numbered 1..lastSeq in time order, seats inside their
// session, entries' outcomes), the mix of outcomes and kinds, shifts that leave someone ready at
// every hour, and a second run that writes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { seedHistory, type SeedHistoryResult } from "../../scripts/seed-history";

let r: SeedHistoryResult;
const one = async <T>(q: Promise<T[]>) => (await q)[0]!;

beforeAll(async () => {
  r = await seedHistory(process.env.DATABASE_URL!, { sessions: 3000 });
}, 120_000);

describe("the history seed", () => {
  it("writes the sessions asked for, about ten events each, over 12 months", async () => {
    expect(r).toMatchObject({ created: true, sessions: 3000 });
    expect(r.events / r.sessions).toBeGreaterThan(9);
    expect(r.events / r.sessions).toBeLessThan(12);
    const span = await one(
      db.$queryRaw<
        { days: number }[]
      >`SELECT extract(day FROM max("enqueuedAt") - min("enqueuedAt"))::int AS days FROM "QueueEntry" WHERE "orgId" = ${r.orgId}`,
    );
    expect(span.days).toBeGreaterThanOrEqual(363);
  });

  it("numbers each session's events 1..lastSeq in time order, with the seats inside the session", async () => {
    const bad = await one(db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Session" s
      WHERE s."orgId" = ${r.orgId} AND (
        s."lastSeq" <> (SELECT count(*) FROM "SessionEvent" e WHERE e."sessionId" = s.id)
        OR s."lastSeq" <> (SELECT max(seq) FROM "SessionEvent" e WHERE e."sessionId" = s.id)
        OR EXISTS (SELECT 1 FROM "SessionEvent" a JOIN "SessionEvent" b ON b."sessionId" = a."sessionId" AND b.seq = a.seq + 1 WHERE a."sessionId" = s.id AND b."createdAt" < a."createdAt")
        OR EXISTS (SELECT 1 FROM "Participant" p WHERE p."sessionId" = s.id AND (p."joinedAt" < s."startedAt" OR p."leftAt" > s."endedAt" OR p."leftAt" < p."joinedAt"))
        OR s."leaderParticipantId" IS NULL)`);
    expect(bad.n).toBe(0);
    const first = await db.sessionEvent.findMany({
      where: { orgId: r.orgId, seq: { lte: 4 }, session: { kind: "ONE_ON_ONE" } },
      take: 4,
      orderBy: [{ sessionId: "asc" }, { seq: "asc" }],
    });
    expect(first.map((e) => e.type)).toEqual(["session.started", "participant.joined", "participant.joined", "baton.passed"]);
    expect(first[0]!.payload).toMatchObject({ question: expect.any(String) });
  });

  it("mixes outcomes, kinds and agents the way the reports expect", async () => {
    const statuses = await db.queueEntry.groupBy({ by: ["status"], where: { orgId: r.orgId }, _count: true });
    const share = (s: string) => (statuses.find((x) => x.status === s)?._count ?? 0) / r.queueEntries;
    expect(share("ABANDONED")).toBeGreaterThan(0.05);
    expect(share("ABANDONED")).toBeLessThan(0.11);
    expect(share("EXPIRED")).toBeGreaterThan(0.015);
    expect(share("SCHEDULED")).toBeGreaterThan(0.008);
    const kinds = await db.session.groupBy({ by: ["kind"], where: { orgId: r.orgId }, _count: true });
    expect(kinds.map((k) => k.kind).sort()).toEqual(["AUDITORIUM", "COLLABORATION", "ONE_ON_ONE"]);
    // Every answered entry's agent was on shift then (its last status before is not offline; the
    // seed picks agents by the hour, so one may be on its 30-minute break).
    const offShift = await one(db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "QueueEntry" q
      WHERE q."orgId" = ${r.orgId} AND q.status = 'ASSIGNED' AND coalesce((
        SELECT c.status FROM "AgentStatusChange" c WHERE c."orgId" = q."orgId" AND c."membershipId" = q."assignedMembershipId" AND c.at <= q."assignedAt"
        ORDER BY c.at DESC LIMIT 1), 'offline') = 'offline'`);
    expect(offShift.n).toBe(0);
    const attendees = await db.participant.count({ where: { orgId: r.orgId, role: "ATTENDEE" } });
    expect(attendees).toBeGreaterThan(0);
  });

  it("a second run leaves the history as it is", async () => {
    const again = await seedHistory(process.env.DATABASE_URL!, { sessions: 3000 });
    expect(again).toMatchObject({ created: false, sessions: 3000, events: r.events });
  });
});

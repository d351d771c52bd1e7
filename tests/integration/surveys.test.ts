// Issue 16 part 3: the satisfaction survey. The scenario's setting, a visitor's seat answering once
// after the session (and only its own session), the answer in the archive (event, list, CSV), the
// per-agent figures of the usage report, and the agent's view of the visitor's earlier sessions.
import { beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { db } from "../../server/db";
import { lastDays } from "../../server/reports/range";
import { rebuildUsage } from "../../server/reports/usage/rollup";
import { answerSurvey } from "../../server/surveys/answer";
import { findSeatById } from "../../server/sessions/participant";
import { errorOf } from "../helpers/errors";
import { callerFor, createLiveSession, seatAgent, seedOrg } from "../helpers/factories";

type Seeded = Awaited<ReturnType<typeof seedOrg>>;
type Live = Awaited<ReturnType<typeof createLiveSession>>;

let s: Seeded;
let n = 0;
const cookieOf = () => `survey-visitor-${Date.now().toString(36)}-${n++}`;
const asVisitor = (cookie: string) => createCaller(createContext({ user: null, visitorCookieId: cookie }));
const asUser = (u: { id: string; email: string; name: string | null }) => callerFor(u);

async function setSurvey(seeded: Seeded, survey: "OFF" | "STARS" | "THUMBS", surveyComment = false) {
  const scenario = seeded.scenarios.find((x) => x.kind === "ONE_ON_ONE")!;
  await db.scenario.update({ where: { id: scenario.id }, data: { survey, surveyComment } });
}

/** A live one-on-one whose visitor carries `cookie`, ended by its agent leaving. */
async function endedSession(seeded: Seeded, cookie = cookieOf()): Promise<Live & { cookie: string }> {
  const live = await createLiveSession(seeded, { visitorCookieId: cookie });
  await asUser(seeded.agents[0]!.user).sessions.leave({ sessionId: live.session.id });
  expect((await db.session.findUniqueOrThrow({ where: { id: live.session.id } })).status).toBe("ENDED");
  return { ...live, cookie };
}

const answersOf = (sessionId: string) => db.surveyAnswer.findMany({ where: { sessionId } });

beforeEach(async () => {
  s = await seedOrg();
});

describe("the scenario's survey setting", () => {
  const base = {
    name: "Support",
    kind: "ONE_ON_ONE" as const,
    maxSeats: null,
    showWho: true,
    showRooms: false,
    batonPolicy: "STAFF_TAKES" as const,
    requireSignIn: false,
    typingPreview: "FULL_TEXT" as const,
    preChatQuestion: "How can we help?",
    askName: true,
    askEmail: false,
    avatars: {},
    banner: {},
    routingMode: null,
    ringTimeoutSec: null,
  };

  it("is off for a new scenario, and stars or thumbs with a comment are kept", async () => {
    const owner = asUser(s.owner.user);
    const created = await owner.scenarios.create({ orgId: s.org.id, fields: { ...base } });
    expect(created).toMatchObject({ survey: "OFF", surveyComment: false });
    const updated = await owner.scenarios.update({
      orgId: s.org.id,
      scenarioId: created.id,
      fields: { ...base, survey: "STARS", surveyComment: true },
    });
    expect(updated).toMatchObject({ survey: "STARS", surveyComment: true });
    // Omitted on a later save: kept.
    const kept = await owner.scenarios.update({ orgId: s.org.id, scenarioId: created.id, fields: { ...base, name: "Support 2" } });
    expect(kept).toMatchObject({ survey: "STARS", surveyComment: true });
  });

  it("refuses an unknown kind and a comment without a survey, changing nothing", async () => {
    const owner = asUser(s.owner.user);
    const created = await owner.scenarios.create({ orgId: s.org.id, fields: { ...base, survey: "THUMBS" } });
    const bad = await errorOf(
      owner.scenarios.update({ orgId: s.org.id, scenarioId: created.id, fields: { ...base, survey: "SMILEYS" as never } }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    const noSurvey = await errorOf(
      owner.scenarios.update({ orgId: s.org.id, scenarioId: created.id, fields: { ...base, survey: "OFF", surveyComment: true } }),
    );
    expect(noSurvey.code).toBe("BAD_REQUEST");
    expect(noSurvey.message).toMatch(/comment needs a survey/);
    expect(await db.scenario.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ survey: "THUMBS", surveyComment: false });
  });
});

describe("answering", () => {
  it("stores one answer with its normalized rating, archives it, and says so in the state", async () => {
    await setSurvey(s, "STARS", true);
    const live = await createLiveSession(s, { visitorCookieId: cookieOf() });
    const cookie = (await db.visitor.findUniqueOrThrow({ where: { id: live.visitor.id } })).cookieId;
    const sessionId = live.session.id;
    // Not before the session is over.
    expect(await asVisitor(cookie).surveys.state({ sessionId })).toMatchObject({ kind: "STARS", open: false, answer: null });
    expect((await errorOf(asVisitor(cookie).surveys.answer({ sessionId, value: 4 }))).code).toBe("PRECONDITION_FAILED");
    await seatAgent(s, sessionId);
    await asUser(s.agents[0]!.user).sessions.leave({ sessionId });
    await asUser(s.agents[1]!.user).sessions.leave({ sessionId });

    expect(await asVisitor(cookie).surveys.state({ sessionId })).toMatchObject({ kind: "STARS", comment: true, open: true, answer: null });
    const stored = await asVisitor(cookie).surveys.answer({ sessionId, value: 4, comment: "  Quick and kind.  " });
    expect(stored).toMatchObject({ scale: "STARS", rating: 4, value: "4", comment: "Quick and kind.", sessionId });

    const [row] = await answersOf(sessionId);
    expect(row).toMatchObject({
      orgId: s.org.id,
      participantId: live.visitorSeat.id,
      visitorId: live.visitor.id,
      scale: "STARS",
      rating: 4,
      value: "4",
      comment: "Quick and kind.",
    });
    expect([...row!.agentIds].sort()).toEqual([s.agents[0]!.membership.id, s.agents[1]!.membership.id].sort());

    // In the archive: the visitor's own private stream, after the end.
    const event = await db.sessionEvent.findFirstOrThrow({ where: { sessionId, type: "survey.answered" } });
    expect(event).toMatchObject({
      stream: `survey:${live.visitorSeat.id}`,
      seq: 1,
      actorParticipantId: live.visitorSeat.id,
      audience: [live.visitorSeat.id],
    });
    expect(event.payload).toEqual({ scale: "STARS", rating: 4, value: "4", comment: "Quick and kind." });

    expect(await asVisitor(cookie).surveys.state({ sessionId })).toMatchObject({
      open: false,
      answer: { rating: 4, comment: "Quick and kind." },
    });
  });

  it("queues survey.answered for the org's subscribed webhook endpoints, in the answer's transaction", async () => {
    await setSurvey(s, "THUMBS");
    const endpoint = await db.webhookEndpoint.create({
      data: { orgId: s.org.id, url: "https://hooks.example.test/in", events: ["survey.answered"], secret: "whsec_test" },
    });
    const deaf = await db.webhookEndpoint.create({
      data: { orgId: s.org.id, url: "https://hooks.example.test/other", events: ["session.ended"], secret: "whsec_test" },
    });
    try {
      const live = await endedSession(s);
      const seat = (await findSeatById(live.visitorSeat.id))!;
      const stored = await answerSurvey(seat, { value: "DOWN" });
      expect(stored).toMatchObject({
        orgId: s.org.id,
        sessionId: live.session.id,
        participantId: live.visitorSeat.id,
        scale: "THUMBS",
        rating: 0,
        value: "DOWN",
        comment: null,
        agentIds: [s.agents[0]!.membership.id],
      });
      const deliveries = await db.webhookDelivery.findMany({ where: { orgId: s.org.id, eventType: "survey.answered" } });
      expect(deliveries.map((d) => d.endpointId)).toEqual([endpoint.id]);
      expect(JSON.parse(deliveries[0]!.body).data).toEqual({
        sessionId: live.session.id,
        participantId: live.visitorSeat.id,
        agentIds: [s.agents[0]!.membership.id],
        rating: 0,
        scale: "THUMBS",
        comment: null,
        answeredAt: stored.answeredAt.toISOString(),
      });
      // A refused second answer queues nothing.
      await expect(answerSurvey(seat, { value: "UP" })).rejects.toThrow();
      expect(await db.webhookDelivery.count({ where: { orgId: s.org.id, eventType: "survey.answered" } })).toBe(1);
    } finally {
      await db.webhookDelivery.deleteMany({ where: { endpointId: { in: [endpoint.id, deaf.id] } } });
      await db.webhookEndpoint.deleteMany({ where: { id: { in: [endpoint.id, deaf.id] } } });
    }
  });

  it("answers CONFLICT the second time, also from the same visitor's other seat, keeping the first", async () => {
    await setSurvey(s, "THUMBS");
    const live = await endedSession(s);
    await asVisitor(live.cookie).surveys.answer({ sessionId: live.session.id, value: "UP" });
    const again = await errorOf(asVisitor(live.cookie).surveys.answer({ sessionId: live.session.id, value: "DOWN" }));
    expect(again.code).toBe("CONFLICT");
    // A rejoined visitor has a second seat, not a second vote.
    const seat2 = await db.participant.create({
      data: {
        orgId: s.org.id,
        sessionId: live.session.id,
        role: "VISITOR",
        visitorId: live.visitor.id,
        displayName: "Visitor",
        leftAt: new Date(),
      },
    });
    await expect(answerSurvey((await findSeatById(seat2.id))!, { value: "DOWN" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await answersOf(live.session.id)).map((a) => [a.value, a.rating])).toEqual([["UP", 1]]);
  });

  it("refuses a session whose scenario has no survey, storing nothing", async () => {
    await setSurvey(s, "OFF");
    const live = await endedSession(s);
    expect(await asVisitor(live.cookie).surveys.state({ sessionId: live.session.id })).toMatchObject({ kind: "OFF", open: false });
    const off = await errorOf(asVisitor(live.cookie).surveys.answer({ sessionId: live.session.id, value: 5 }));
    expect(off.code).toBe("PRECONDITION_FAILED");
    expect(off.message).toBe("This session has no survey.");
    expect(await answersOf(live.session.id)).toEqual([]);
  });

  it("answers NOT_FOUND for another visitor's or another org's session", async () => {
    await setSurvey(s, "STARS");
    const live = await endedSession(s);
    const other = await seedOrg();
    await setSurvey(other, "STARS");
    const theirs = await endedSession(other);
    // Their cookie on our session, a stranger's cookie, and no cookie at all.
    for (const caller of [asVisitor(theirs.cookie), asVisitor("not-a-visitor-cookie"), createCaller(createContext({ user: null }))]) {
      expect((await errorOf(caller.surveys.answer({ sessionId: live.session.id, value: 5 }))).code).toBe("NOT_FOUND");
      expect((await errorOf(caller.surveys.state({ sessionId: live.session.id }))).code).toBe("NOT_FOUND");
    }
    // Another org's owner has no seat either.
    expect((await errorOf(asUser(other.owner.user).surveys.answer({ sessionId: live.session.id, value: 5 }))).code).toBe("NOT_FOUND");
    expect(await answersOf(live.session.id)).toEqual([]);
  });

  it("refuses staff seats: only visitors answer", async () => {
    await setSurvey(s, "STARS");
    const live = await endedSession(s);
    const e = await errorOf(asUser(s.agents[0]!.user).surveys.answer({ sessionId: live.session.id, value: 5 }));
    expect(e.code).toBe("FORBIDDEN");
    expect(await asUser(s.agents[0]!.user).surveys.state({ sessionId: live.session.id })).toMatchObject({ kind: "OFF", open: false });
  });

  it("refuses bad ratings and comments with BAD_REQUEST, storing nothing", async () => {
    await setSurvey(s, "STARS");
    const live = await endedSession(s);
    const v = asVisitor(live.cookie);
    const sessionId = live.session.id;
    for (const value of [0, 6, 3.5, -1, "4", "UP", null, undefined]) {
      const e = await errorOf(v.surveys.answer({ sessionId, value: value as never }));
      expect(e.code, `value ${String(value)}`).toBe("BAD_REQUEST");
    }
    // A comment on a survey that takes none.
    const noComment = await errorOf(v.surveys.answer({ sessionId, value: 3, comment: "hello" }));
    expect([noComment.code, noComment.message]).toEqual(["BAD_REQUEST", "This survey takes no comment."]);
    await setSurvey(s, "STARS", true);
    const long = await errorOf(v.surveys.answer({ sessionId, value: 3, comment: "x".repeat(1001) }));
    expect(long.code).toBe("BAD_REQUEST");
    expect(long.message).toMatch(/at most 1000 characters/);
    expect((await errorOf(v.surveys.answer({ sessionId, value: 3, comment: "nul \u0000" }))).code).toBe("BAD_REQUEST");
    // Thumbs take no stars.
    await setSurvey(s, "THUMBS");
    const stars = await errorOf(v.surveys.answer({ sessionId, value: 5 }));
    expect([stars.code, stars.message]).toEqual(["BAD_REQUEST", "Choose thumbs up or thumbs down."]);
    expect(await answersOf(sessionId)).toEqual([]);
    expect(await db.sessionEvent.count({ where: { sessionId, type: "survey.answered" } })).toBe(0);
  });

  it("closes 7 days after the seat closed", async () => {
    await setSurvey(s, "STARS");
    const live = await endedSession(s);
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    await db.session.update({ where: { id: live.session.id }, data: { endedAt: eightDaysAgo } });
    await db.participant.update({ where: { id: live.visitorSeat.id }, data: { leftAt: eightDaysAgo } });
    expect(await asVisitor(live.cookie).surveys.state({ sessionId: live.session.id })).toMatchObject({ open: false, answer: null });
    const e = await errorOf(asVisitor(live.cookie).surveys.answer({ sessionId: live.session.id, value: 5 }));
    expect([e.code, e.message]).toEqual(["PRECONDITION_FAILED", "The survey closed 7 days after the session."]);
  });

  it("opens for a visitor who left a session that goes on", async () => {
    await setSurvey(s, "STARS");
    const cookie = cookieOf();
    const live = await createLiveSession(s, { visitorCookieId: cookie });
    await seatAgent(s, live.session.id);
    await db.participant.update({ where: { id: live.visitorSeat.id }, data: { leftAt: new Date() } });
    expect(await asVisitor(cookie).surveys.state({ sessionId: live.session.id })).toMatchObject({ open: true });
    expect(await asVisitor(cookie).surveys.answer({ sessionId: live.session.id, value: 2 })).toMatchObject({ rating: 2 });
  });
});

describe("answers in the reports and the console", () => {
  it("averages per agent, stars and thumbs apart (hand-computed)", async () => {
    // Agent One: stars 5, 4 and 2 -> 3.67, thumbs up, down -> 50 %; 5 answers.
    // Agent Two (with One in the 4-star session): stars 4 -> 4.00; 1 answer.
    await setSurvey(s, "STARS");
    const rate = async (value: number | "UP" | "DOWN", withTwo = false) => {
      const live = await createLiveSession(s, { visitorCookieId: cookieOf() });
      const cookie = (await db.visitor.findUniqueOrThrow({ where: { id: live.visitor.id } })).cookieId;
      if (withTwo) await seatAgent(s, live.session.id);
      await asUser(s.agents[0]!.user).sessions.leave({ sessionId: live.session.id });
      if (withTwo) await asUser(s.agents[1]!.user).sessions.leave({ sessionId: live.session.id });
      await asVisitor(cookie).surveys.answer({ sessionId: live.session.id, value });
    };
    await rate(5);
    await rate(4, true);
    await rate(2);
    await setSurvey(s, "THUMBS");
    await rate("UP");
    await rate("DOWN");
    // A session without an answer counts for sessions, not for ratings.
    await endedSession(s);

    await rebuildUsage(s.org.id, new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() + 86_400_000));
    const r = await asUser(s.manager.user).reportsUsage.report({ orgId: s.org.id });
    const one = r.agents.find((a) => a.membershipId === s.agents[0]!.membership.id)!;
    const two = r.agents.find((a) => a.membershipId === s.agents[1]!.membership.id)!;
    expect(one).toMatchObject({ sessions: 6, ratingAnswers: 5, avgStars: 3.67, thumbsUpPercent: 50 });
    expect(two).toMatchObject({ sessions: 1, ratingAnswers: 1, avgStars: 4, thumbsUpPercent: null });
    // Filtered to one agent: the same figures.
    const only = await asUser(s.manager.user).reportsUsage.report({ orgId: s.org.id, membershipId: s.agents[1]!.membership.id });
    expect(only.agents).toEqual([expect.objectContaining({ membershipId: s.agents[1]!.membership.id, ratingAnswers: 1, avgStars: 4 })]);
  });

  it("shows the rating in the archive list and its CSV", async () => {
    await setSurvey(s, "STARS", true);
    const rated = await endedSession(s);
    await asVisitor(rated.cookie).surveys.answer({ sessionId: rated.session.id, value: 3, comment: "Fine" });
    const unrated = await endedSession(s);
    const range = lastDays(7, s.org.timeZone);
    const { rows } = await asUser(s.manager.user).reportsArchive.search({ orgId: s.org.id, ...range });
    const byId = new Map(rows.map((r) => [r.sessionId, r]));
    expect(byId.get(rated.session.id)).toMatchObject({ rating: 3, ratingScale: "STARS", ratingCount: 1 });
    expect(byId.get(unrated.session.id)).toMatchObject({ rating: null, ratingScale: null, ratingCount: 0 });

    const { csv } = await asUser(s.manager.user).reportsArchive.csv({ orgId: s.org.id, ...range });
    const lines = csv.trim().split(/\r?\n/);
    const header = lines[0]!.split(",");
    expect(header.slice(-3)).toEqual(["rating", "rating_scale", "rating_answers"]);
    const ratedLine = lines.find((l) => l.includes(rated.session.id))!;
    expect(ratedLine.endsWith(",3,stars 1-5,1")).toBe(true);
    const unratedLine = lines.find((l) => l.includes(unrated.session.id))!;
    expect(unratedLine.endsWith(",,,0")).toBe(true);
  });

  it("shows the agent the visitor's rating and comment in their earlier sessions", async () => {
    await setSurvey(s, "STARS", true);
    const first = await endedSession(s);
    await asVisitor(first.cookie).surveys.answer({ sessionId: first.session.id, value: 4, comment: "Thanks, solved" });
    // The same visitor comes back: a second session, served by the same agent.
    const second = await db.session.create({ data: { orgId: s.org.id, scenarioId: first.session.scenarioId, kind: "ONE_ON_ONE" } });
    await db.participant.create({
      data: { orgId: s.org.id, sessionId: second.id, role: "AGENT", membershipId: s.agents[0]!.membership.id, displayName: "Agent One" },
    });
    await db.participant.create({
      data: { orgId: s.org.id, sessionId: second.id, role: "VISITOR", visitorId: first.visitor.id, displayName: "Visitor" },
    });
    const ctx = await asUser(s.agents[0]!.user).agent.context({ orgId: s.org.id, sessionId: second.id });
    expect(ctx.earlierSessions).toEqual([
      expect.objectContaining({ id: first.session.id, rating: { scale: "STARS", rating: 4, comment: "Thanks, solved" } }),
    ]);
  });
});

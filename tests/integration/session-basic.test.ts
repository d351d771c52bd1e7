// Issue 12 item 12: the session without JavaScript. A seat on the basic page is never on the
// presence channel, so its page loads are its sign of life: the first tells the room plainly (one
// `participant.basic` event per seat), each schedules the presence-leave check as a disconnect at
// that moment would, and once the loads stop the seat is left at the last one (billing stops there);
// while they go on, it is never left. Lines go through sessions.send like the live viewer's. Only a
// load in our own page's frame counts: a GET opened by another site's link changes nothing.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { meterTick, visitorMinutesFor } from "../../server/billing/metering";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { appendEvents } from "../../server/archive/append";
import { db } from "../../server/db";
import { JOBS, stopJobSender } from "../../server/jobs/boss";
import { fetchMetadataOf, isOwnFrameLoad, isOwnNavigation } from "../../server/sessions/basic";
import { leaveIfGone } from "../../server/sessions/presence-leave";
import { createLiveSession, seedOrg } from "../helpers/factories";

let s: Awaited<ReturnType<typeof seedOrg>>;
let live: Awaited<ReturnType<typeof createLiveSession>>;
let cookie: string;
const asVisitor = () => createCaller(createContext({ user: null, visitorCookieId: cookie }));
const asUser = (u: { id: string; email: string; name: string | null }) => createCaller(createContext({ user: u }));

type Job = { sessionId: string; participantId: string; disconnectedAt: string };
const jobsOf = async (participantId: string) =>
  (
    await db.$queryRaw<
      { data: Job }[]
    >`SELECT data FROM pgboss.job WHERE name = ${JOBS.presenceLeave} AND data->>'participantId' = ${participantId}`
  )
    .map((j) => j.data)
    .sort((a, b) => a.disconnectedAt.localeCompare(b.disconnectedAt));
// What Chromium sends with the basic page's own frame (Fetch Metadata).
const OWN_FRAME = { site: "same-origin", dest: "iframe" };
const markers = (sessionId: string) => db.sessionEvent.findMany({ where: { sessionId, type: "participant.basic" } });

beforeEach(async () => {
  s = await seedOrg();
  cookie = `basic-visitor-${Math.random().toString(36).slice(2, 12)}`;
  live = await createLiveSession(s, { visitorCookieId: cookie });
  await appendEvents(db, {
    orgId: s.org.id,
    sessionId: live.session.id,
    events: [{ type: "session.started", payload: { question: "Do you ship to Norway?" } }],
  });
});
afterAll(stopJobSender);

describe("the basic (no-JavaScript) page", () => {
  it("tells the room once that the visitor has no live connection, in the room's own events", async () => {
    const sessionId = live.session.id;
    await asVisitor().sessions.basicPageLoad({ sessionId, ...OWN_FRAME });
    await asVisitor().sessions.basicPageLoad({ sessionId, ...OWN_FRAME });
    const marks = await markers(sessionId);
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({ actorParticipantId: live.visitorSeat.id, audience: [], sidebarId: null });
    const agentView = await asUser(s.agents[0]!.user).sessions.view({ sessionId });
    expect(agentView.events.map((e) => e.type)).toContain("participant.basic");
  });

  it("posts the visitor's line through sessions.send, and the agent's reply is in the visitor's next load", async () => {
    const sessionId = live.session.id;
    await asVisitor().sessions.send({ sessionId, text: "Sent without JavaScript", clientEventId: "basic-line-0001" });
    // A re-post of the same form (same clientEventId) stores the line once.
    await asVisitor().sessions.send({ sessionId, text: "Sent without JavaScript", clientEventId: "basic-line-0001" });
    await asUser(s.agents[0]!.user).sessions.send({ sessionId, text: "Yes we do", clientEventId: "agent-reply-0001" });
    const chats = (await asVisitor().sessions.view({ sessionId })).events.filter((e) => e.type === "chat").map((e) => e.payload.text);
    expect(chats).toEqual(["Sent without JavaScript", "Yes we do"]);
  });

  it("is never left while the page keeps loading, and is left at the last load once it stops; minutes stop there", async () => {
    const sessionId = live.session.id;
    const seatId = live.visitorSeat.id;
    const joinedAt = new Date(Date.now() - 150_000);
    await db.participant.update({ where: { id: seatId }, data: { joinedAt } });
    await asVisitor().sessions.basicPageLoad({ sessionId, ...OWN_FRAME });
    await asVisitor().sessions.basicPageLoad({ sessionId, ...OWN_FRAME });
    const jobs = await jobsOf(seatId);
    expect(jobs).toHaveLength(2);
    // The earlier check finds a later sign of life: the seat stays.
    expect(await leaveIfGone(jobs[0]!)).toBe("superseded");
    expect((await db.participant.findUniqueOrThrow({ where: { id: seatId } })).leftAt).toBeNull();
    // The last one, run after the grace, finds the seat off presence: left at its last load.
    expect(await leaveIfGone(jobs[1]!, new Date(Date.now() + 60_000))).toBe("left");
    const seat = await db.participant.findUniqueOrThrow({ where: { id: seatId } });
    expect(seat.leftAt?.toISOString()).toBe(jobs[1]!.disconnectedAt);
    const minutes = visitorMinutesFor(seat.leftAt!.getTime() - joinedAt.getTime());
    await meterTick(new Date(Date.now() + 3_600_000));
    expect(await db.usageRecord.count({ where: { participantId: seatId, kind: "VISITOR_MINUTE" } })).toBe(minutes);
    // A load after that changes nothing (the page then shows the transcript).
    await asVisitor().sessions.basicPageLoad({ sessionId, ...OWN_FRAME });
    expect(await jobsOf(seatId)).toHaveLength(2);
  });

  it("never marks or schedules for unseen staff (a marker would reveal them)", async () => {
    const sessionId = live.session.id;
    const joined = await asUser(s.manager.user).sessions.joinAsStaff({ sessionId, role: "MONITOR" });
    await asUser(s.manager.user).sessions.basicPageLoad({ sessionId, ...OWN_FRAME });
    expect(await markers(sessionId)).toHaveLength(0);
    expect(await jobsOf(joined.participantId)).toHaveLength(0);
  });

  it("records nothing for a load that is not our own page's frame (another site's link, a top-level open)", async () => {
    const sessionId = live.session.id;
    const seatId = live.visitorSeat.id;
    const foreign = [
      { site: "cross-site", dest: "document" },
      { site: "cross-site", dest: "iframe" },
      { site: "same-site", dest: "iframe" },
      { site: "same-origin", dest: "document" },
      { site: "none", dest: "document" },
      { site: null, dest: null },
    ];
    const answers = [];
    for (const request of foreign) answers.push(await asVisitor().sessions.basicPageLoad({ sessionId, ...request }));
    answers.push(await asUser(s.agents[0]!.user).sessions.basicPageLoad({ sessionId, site: "cross-site", dest: "document" }));
    expect(await markers(sessionId)).toHaveLength(0);
    expect(await jobsOf(seatId)).toHaveLength(0);
    expect(await jobsOf(live.agent.id)).toHaveLength(0);
    expect(answers.every((a) => a === false)).toBe(true);
    // The same seat's load in our frame is recorded.
    expect(await asVisitor().sessions.basicPageLoad({ sessionId, ...OWN_FRAME })).toBe(true);
    expect(await markers(sessionId)).toHaveLength(1);
  });
});

describe("which requests are the basic page's own", () => {
  it("counts a frame only from our own page, and draws it unless another site's link opened the page", () => {
    const h = new Headers({ "sec-fetch-site": "same-origin", "sec-fetch-dest": "iframe" });
    expect(fetchMetadataOf(h)).toEqual(OWN_FRAME);
    expect(isOwnFrameLoad(fetchMetadataOf(h))).toBe(true);
    expect(isOwnFrameLoad(fetchMetadataOf(new Headers()))).toBe(false);
    expect(isOwnNavigation({ site: "same-origin", dest: "document" })).toBe(true);
    expect(isOwnNavigation({ site: "none", dest: "document" })).toBe(true);
    expect(isOwnNavigation({ site: "cross-site", dest: "document" })).toBe(false);
    expect(isOwnNavigation({ site: "same-site", dest: "document" })).toBe(false);
    // A browser without Fetch Metadata still gets its conversation (its loads are not recorded).
    expect(isOwnNavigation({ site: null, dest: null })).toBe(true);
  });
});

// The auditorium's questions and stage: a producer, two speakers and three attendees on real
// pusher-js clients through the real relay. A question moves through the queue; a private answer
// reaches its asker only (asserted on the wire: nobody else receives a byte of it, and the room's
// numbering shows no gap); the audience cannot write to the stage; bad questions change nothing.
import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { channels } from "../../server/realtime/channels";
import { SESSION_EVENT, type WireEvent } from "../../lib/session-events";
import { MAX_QUESTION_LENGTH, QUESTIONS_PER_MINUTE, STAGE_EVENTS, type MyQuestion, type StageQuestion } from "../../lib/stage-events";
import { createCaller } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { listEvents } from "../../server/archive/read";
import { db } from "../../server/db";
import { answerQuestion } from "../../server/auditorium/questions";
import type { AppError } from "../../server/errors";
import { authorizeChannel } from "../../server/realtime/authorize";
import { findSeat } from "../../server/sessions/participant";
import { addMember, createVisitor, seedOrg } from "../helpers/factories";
import { barrier, disconnectAll, listen, received, type Listener } from "../helpers/realtime";

type User = { id: string; email: string; name: string | null };
type Seeded = Awaited<ReturnType<typeof seedOrg>>;
const asUser = (u: User) => createCaller(createContext({ user: u }));
const asVisitor = (cookieId: string) => createCaller(createContext({ user: null, visitorCookieId: cookieId }));
let n = 0;
const cid = () => `aud-${Date.now().toString(36)}-${n++}-${Math.random().toString(36).slice(2, 8)}`;

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return { code: (e as TRPCError).code, message: (e as TRPCError).message };
}

/** A live auditorium: the manager produces (and leads), two agents speak, three visitors attend. */
async function createAuditorium(s: Seeded) {
  const scenario = s.scenarios.find((x) => x.kind === "AUDITORIUM")!;
  const session = await db.session.create({
    data: { orgId: s.org.id, scenarioId: scenario.id, kind: "AUDITORIUM", title: "Launch event" },
  });
  const seat = (data: { role: "PRODUCER" | "SPEAKER" | "ATTENDEE"; displayName: string; membershipId?: string; visitorId?: string }) =>
    db.participant.create({ data: { orgId: s.org.id, sessionId: session.id, canLead: data.role !== "ATTENDEE", ...data } });
  const producer = await seat({ role: "PRODUCER", displayName: "Pat Producer", membershipId: s.manager.membership.id });
  const speakers = [
    await seat({ role: "SPEAKER", displayName: "Sam Speaker", membershipId: s.agents[0]!.membership.id }),
    await seat({ role: "SPEAKER", displayName: "Sue Speaker", membershipId: s.agents[1]!.membership.id }),
  ];
  const attendees = [];
  for (const name of ["Ada", "Ben", "Cy"]) {
    const cookieId = `aud-${name}-${Math.random().toString(36).slice(2, 12)}`;
    const visitor = await createVisitor(s.org.id, { cookieId, name });
    attendees.push({ cookieId, seat: await seat({ role: "ATTENDEE", displayName: name, visitorId: visitor.id }) });
  }
  await db.session.update({ where: { id: session.id }, data: { leaderParticipantId: producer.id } });
  return { session, producer, speakers, attendees };
}

let s: Seeded;
let a: Awaited<ReturnType<typeof createAuditorium>>;
let sid: string;
const producer = () => asUser(s.manager.user);
const speaker = (i: 0 | 1) => asUser(s.agents[i]!.user);
const attendee = (i: number) => asVisitor(a.attendees[i]!.cookieId);

/** What an attendee's browser subscribes to: the audience channel and its own seat's channel. */
const listenAsAttendee = (i: number) =>
  listen({ visitorCookieId: a.attendees[i]!.cookieId }, [channels.sessionAudience(sid), channels.participant(a.attendees[i]!.seat.id)]);
const listenAsSpeaker = (i: 0 | 1) =>
  listen({ userId: s.agents[i]!.user.id }, [channels.session(sid), channels.sessionStage(sid), channels.participant(a.speakers[i]!.id)]);
const listenAsProducer = () =>
  listen({ userId: s.manager.user.id }, [channels.session(sid), channels.sessionStage(sid), channels.participant(a.producer.id)]);
const seen = (l: Listener, channel: string, event: string) =>
  received(l)
    .filter((x) => x.channel === channel && x.event === event)
    .map((x) => x.data);
const roomSeqs = (l: Listener) => seen(l, channels.sessionAudience(sid), SESSION_EVENT).map((e) => (e as WireEvent).seq);

beforeEach(async () => {
  s = await seedOrg();
  a = await createAuditorium(s);
  sid = a.session.id;
});
afterEach(disconnectAll);

describe("a question through the queue", () => {
  it("goes from pending to approved to answered on stage; backstage and the asker follow, the room hears the answer", async () => {
    const [ada, ben] = [await listenAsAttendee(0), await listenAsAttendee(1)];
    const [prod, sam] = [await listenAsProducer(), await listenAsSpeaker(0)];

    const asked = await attendee(0).auditorium.ask({ sessionId: sid, text: "  Will the API be public?  " });
    expect(asked).toMatchObject({ text: "Will the API be public?", status: "PENDING", answerMode: null });
    // The producer sees it at once; speakers only once approved.
    expect((await producer().auditorium.questions({ sessionId: sid })).map((q) => [q.id, q.status, q.askerName])).toEqual([
      [asked.id, "PENDING", "Ada"],
    ]);
    expect(await speaker(0).auditorium.questions({ sessionId: sid })).toEqual([]);

    expect(await producer().auditorium.moderate({ sessionId: sid, questionId: asked.id, decision: "approve" })).toMatchObject({
      status: "APPROVED",
      version: 2,
    });
    expect((await speaker(1).auditorium.questions({ sessionId: sid })).map((q) => q.status)).toEqual(["APPROVED"]);
    expect((await refusal(producer().auditorium.moderate({ sessionId: sid, questionId: asked.id, decision: "approve" }))).code).toBe(
      "CONFLICT",
    );

    const { event } = await speaker(0).auditorium.answer({ sessionId: sid, questionId: asked.id, mode: "stage", text: "Yes, in March." });
    expect(event).toMatchObject({
      type: "question.answered",
      actorParticipantId: a.speakers[0]!.id,
      payload: { questionId: asked.id, question: "Will the API be public?", askerName: "Ada", answer: "Yes, in March." },
    });
    expect((await refusal(speaker(1).auditorium.answer({ sessionId: sid, questionId: asked.id, mode: "stage", text: "Again" }))).code).toBe(
      "CONFLICT",
    );
    await barrier(ada, ben, prod, sam);

    // Backstage: each step once, newest version last.
    for (const l of [prod, sam]) {
      expect(
        seen(l, channels.sessionStage(sid), STAGE_EVENTS.question).map((q) => [(q as StageQuestion).status, (q as StageQuestion).version]),
      ).toEqual([
        ["PENDING", 1],
        ["APPROVED", 2],
        ["ANSWERED", 3],
      ]);
      expect(seen(l, channels.session(sid), SESSION_EVENT).map((e) => (e as WireEvent).type)).toEqual(["question.answered"]);
    }
    // The asker follows its own question on its own channel; the other attendee hears only the answer.
    expect(seen(ada, channels.participant(a.attendees[0]!.seat.id), STAGE_EVENTS.myQuestion).map((q) => (q as MyQuestion).status)).toEqual([
      "PENDING",
      "APPROVED",
      "ANSWERED",
    ]);
    expect(received(ben).map((x) => [x.channel, x.event, (x.data as WireEvent).type])).toEqual([
      [channels.sessionAudience(sid), SESSION_EVENT, "question.answered"],
    ]);
    expect(await attendee(0).auditorium.myQuestions({ sessionId: sid })).toMatchObject({
      questions: [{ id: asked.id, status: "ANSWERED", answerMode: "STAGE", answerText: "Yes, in March." }],
      handRaised: false,
    });
    const row = await db.question.findUniqueOrThrow({ where: { id: asked.id } });
    expect(row).toMatchObject({ moderatedByParticipantId: a.producer.id, answeredByParticipantId: a.speakers[0]!.id });
    expect(row.moderatedAt && row.answeredAt && row.moderatedAt <= row.answeredAt).toBe(true);
  });

  it("a private answer reaches its asker only: other attendees receive nothing and their room numbering has no gap", async () => {
    const [ada, ben, cy] = [await listenAsAttendee(0), await listenAsAttendee(1), await listenAsAttendee(2)];
    const [prod, sam, sue] = [await listenAsProducer(), await listenAsSpeaker(0), await listenAsSpeaker(1)];
    const before = await producer().sessions.send({ sessionId: sid, text: "Welcome, everyone", clientEventId: cid() });

    const asked = await attendee(0).auditorium.ask({ sessionId: sid, text: "Can I get the slides?" });
    const { event } = await producer().auditorium.answer({
      sessionId: sid,
      questionId: asked.id,
      mode: "private",
      text: "Sent to your email, Ada.",
    });
    const after = await speaker(1).sessions.send({ sessionId: sid, text: "Next topic", clientEventId: cid() });
    await barrier(ada, ben, cy, prod, sam, sue);

    // The asker: its question's states, then the answer as a private event on its own channel.
    const adaOwn = received(ada).filter((x) => x.channel === channels.participant(a.attendees[0]!.seat.id));
    expect(adaOwn.map((x) => [x.event, x.event === SESSION_EVENT ? (x.data as WireEvent).type : (x.data as MyQuestion).status])).toEqual([
      [STAGE_EVENTS.myQuestion, "PENDING"],
      [SESSION_EVENT, "question.answer"],
      [STAGE_EVENTS.myQuestion, "ANSWERED"],
    ]);
    expect((adaOwn[1]!.data as WireEvent).payload).toEqual({
      questionId: asked.id,
      question: "Can I get the slides?",
      answer: "Sent to your email, Ada.",
      answeredBy: "Pat Producer",
    });
    // Everyone else, on every channel they hold: the two stage lines and nothing else; no room
    // channel carries the answer, and the room's seqs run on without a gap.
    for (const l of [ben, cy]) {
      expect(received(l).map((x) => [x.channel, (x.data as WireEvent).type])).toEqual([
        [channels.sessionAudience(sid), "chat"],
        [channels.sessionAudience(sid), "chat"],
      ]);
      expect(roomSeqs(l)).toEqual([before.seq, before.seq + 1]);
    }
    expect(after.seq).toBe(before.seq + 1);
    expect(roomSeqs(ada)).toEqual([before.seq, before.seq + 1]);
    for (const l of [prod, sam, sue]) {
      expect(seen(l, channels.session(sid), SESSION_EVENT).map((e) => (e as WireEvent).type)).toEqual(["chat", "chat"]);
      expect(received(l).some((x) => x.event === SESSION_EVENT && (x.data as WireEvent).type === "question.answer")).toBe(false);
    }
    // Backstage learns the question was answered privately, with the answer (the answerer's record).
    expect(seen(sam, channels.sessionStage(sid), STAGE_EVENTS.question).at(-1)).toMatchObject({
      status: "ANSWERED",
      answerMode: "PRIVATE",
      answerText: "Sent to your email, Ada.",
    });

    // The archive agrees: stored for the asker alone, read back by the asker only.
    const stored = await db.sessionEvent.findFirstOrThrow({ where: { sessionId: sid, type: "question.answer" } });
    expect(stored.audience).toEqual([a.attendees[0]!.seat.id]);
    // Numbered in the asker's own stream, so the room's numbering runs on without it.
    expect([stored.stream, stored.seq]).toEqual([`question:${a.attendees[0]!.seat.id}`, 1]);
    const types = async (participantId: string) =>
      (await listEvents({ orgId: s.org.id, sessionId: sid, participantId })).map((e) => e.type);
    expect(await types(a.attendees[0]!.seat.id)).toEqual(["chat", "question.answer", "chat"]);
    for (const other of [a.attendees[1]!.seat.id, a.producer.id, a.speakers[0]!.id]) expect(await types(other)).toEqual(["chat", "chat"]);
    expect(event.type).toBe("question.answer");
  });

  it("rejects: the asker learns it, speakers never see it, and it can be approved after all", async () => {
    const asked = await attendee(1).auditorium.ask({ sessionId: sid, text: "Off-topic question" });
    expect(await producer().auditorium.moderate({ sessionId: sid, questionId: asked.id, decision: "reject" })).toMatchObject({
      status: "REJECTED",
    });
    expect(await speaker(0).auditorium.questions({ sessionId: sid })).toEqual([]);
    expect((await attendee(1).auditorium.myQuestions({ sessionId: sid })).questions.map((q) => q.status)).toEqual(["REJECTED"]);
    expect((await refusal(producer().auditorium.answer({ sessionId: sid, questionId: asked.id, mode: "stage", text: "x" }))).code).toBe(
      "CONFLICT",
    );
    // Speakers answer approved questions only; they do not moderate.
    expect((await refusal(speaker(0).auditorium.moderate({ sessionId: sid, questionId: asked.id, decision: "approve" }))).code).toBe(
      "FORBIDDEN",
    );
    const pending = await attendee(2).auditorium.ask({ sessionId: sid, text: "Pending one" });
    expect((await refusal(speaker(0).auditorium.answer({ sessionId: sid, questionId: pending.id, mode: "stage", text: "x" }))).code).toBe(
      "FORBIDDEN",
    );
    expect(await producer().auditorium.moderate({ sessionId: sid, questionId: asked.id, decision: "approve" })).toMatchObject({
      status: "APPROVED",
      version: 3,
    });
  });
});

describe("the audience cannot write to the stage", () => {
  it("refuses an attendee's stage line, lead, baton request, backstage reads and the presence and stage channels; nothing is stored", async () => {
    const lastSeq = (await db.session.findUniqueOrThrow({ where: { id: sid } })).lastSeq;
    const me = attendee(0);
    expect(await refusal(me.sessions.send({ sessionId: sid, text: "Hello stage", clientEventId: cid() }))).toEqual({
      code: "FORBIDDEN",
      message: "The audience can't write in the stage chat. Send a question instead.",
    });
    expect((await refusal(me.sessions.lead({ sessionId: sid, url: "https://example.com/" }))).code).toBe("FORBIDDEN");
    expect((await refusal(me.sessions.requestBaton({ sessionId: sid }))).code).toBe("FORBIDDEN");
    expect((await refusal(me.sessions.takeBaton({ sessionId: sid }))).code).toBe("FORBIDDEN");
    expect((await refusal(me.auditorium.questions({ sessionId: sid }))).code).toBe("FORBIDDEN");
    expect((await refusal(me.auditorium.hands({ sessionId: sid }))).code).toBe("FORBIDDEN");
    expect((await refusal(me.auditorium.moderate({ sessionId: sid, questionId: "q", decision: "approve" }))).code).toBe("FORBIDDEN");
    expect((await refusal(me.auditorium.promote({ sessionId: sid, participantId: a.attendees[0]!.seat.id }))).code).toBe("FORBIDDEN");
    // The baton stays on stage: nobody can hand it to the audience.
    expect((await refusal(producer().sessions.passBaton({ sessionId: sid, toParticipantId: a.attendees[0]!.seat.id }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await db.session.findUniqueOrThrow({ where: { id: sid } })).lastSeq).toBe(lastSeq);

    const caller = { visitorCookieId: a.attendees[0]!.cookieId };
    expect(await authorizeChannel(caller, channels.session(sid))).toMatchObject({ ok: false });
    expect(await authorizeChannel(caller, channels.sessionStage(sid))).toMatchObject({ ok: false });
    expect(await authorizeChannel(caller, channels.sessionAudience(sid))).toEqual({ ok: true });
    expect(await authorizeChannel({ userId: s.agents[0]!.user.id }, channels.sessionStage(sid))).toEqual({ ok: true });
    // Staff of the org who are not on stage (a monitor's way in) do not get backstage.
    const other = await addMember(s.org.id, "MANAGER");
    expect(await authorizeChannel({ userId: other.user.id }, channels.sessionStage(sid))).toMatchObject({ ok: false });
  });
});

describe("bad questions change nothing", () => {
  it("refuses a question over the limit with a message and stores nothing; the limit itself passes", async () => {
    const long = "x".repeat(MAX_QUESTION_LENGTH + 1);
    expect(await refusal(attendee(0).auditorium.ask({ sessionId: sid, text: long }))).toEqual({
      code: "BAD_REQUEST",
      message: `Questions can be at most ${MAX_QUESTION_LENGTH} characters (this one has ${MAX_QUESTION_LENGTH + 1}).`,
    });
    expect((await refusal(attendee(0).auditorium.ask({ sessionId: sid, text: " \n " }))).message).toBe("Type a question first.");
    expect(await db.question.count({ where: { sessionId: sid } })).toBe(0);
    expect(await attendee(0).auditorium.ask({ sessionId: sid, text: "y".repeat(MAX_QUESTION_LENGTH) })).toMatchObject({
      status: "PENDING",
    });
  });

  it("refuses the question of a removed attendee, and of one who left", async () => {
    await producer().auditorium.removeAttendee({ sessionId: sid, participantId: a.attendees[0]!.seat.id });
    expect(await refusal(attendee(0).auditorium.ask({ sessionId: sid, text: "Still here?" }))).toEqual({
      code: "FORBIDDEN",
      message: "You were removed from this event, so you can't ask questions.",
    });
    expect((await refusal(attendee(0).auditorium.raiseHand({ sessionId: sid }))).code).toBe("PRECONDITION_FAILED");
    await db.participant.update({ where: { id: a.attendees[1]!.seat.id }, data: { leftAt: new Date() } });
    expect(await refusal(attendee(1).auditorium.ask({ sessionId: sid, text: "Back again?" }))).toEqual({
      code: "PRECONDITION_FAILED",
      message: "You are no longer in this event, so you can't ask questions.",
    });
    expect(await db.question.count({ where: { sessionId: sid } })).toBe(0);
  });

  it(`limits an attendee to ${QUESTIONS_PER_MINUTE} questions a minute, with a message; others are not held up`, async () => {
    for (let i = 0; i < QUESTIONS_PER_MINUTE; i++) await attendee(0).auditorium.ask({ sessionId: sid, text: `Question ${i}` });
    const r = await refusal(attendee(0).auditorium.ask({ sessionId: sid, text: "One more" }));
    expect(r.code).toBe("TOO_MANY_REQUESTS");
    expect(r.message).toMatch(new RegExp(`^You can send ${QUESTIONS_PER_MINUTE} questions a minute\\. Try again in \\d+ s\\.$`));
    expect(await attendee(1).auditorium.ask({ sessionId: sid, text: "Mine" })).toMatchObject({ status: "PENDING" });
    expect(await db.question.count({ where: { sessionId: sid } })).toBe(QUESTIONS_PER_MINUTE + 1);
  });

  it("answers NOT_FOUND for a question of another session, and to anyone without a seat", async () => {
    const elsewhere = await createAuditorium(s);
    const theirs = await asVisitor(elsewhere.attendees[0]!.cookieId).auditorium.ask({
      sessionId: elsewhere.session.id,
      text: "Other room",
    });
    expect((await refusal(producer().auditorium.moderate({ sessionId: sid, questionId: theirs.id, decision: "approve" }))).code).toBe(
      "NOT_FOUND",
    );
    const stranger = await seedOrg();
    expect((await refusal(asUser(stranger.manager.user).auditorium.questions({ sessionId: sid }))).code).toBe("NOT_FOUND");
    expect((await db.question.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("PENDING");
  });
});

describe("hands and the stage", () => {
  it("a raised hand reaches backstage; promoted, the attendee speaks and may lead; demoted, the baton comes back to the producer", async () => {
    const ben = a.attendees[1]!;
    const prod = await listenAsProducer();
    const benOwn = await listen({ visitorCookieId: ben.cookieId }, [channels.participant(ben.seat.id)]);
    await attendee(1).auditorium.raiseHand({ sessionId: sid });
    await attendee(1).auditorium.raiseHand({ sessionId: sid }); // twice: one notice
    expect((await producer().auditorium.hands({ sessionId: sid })).map((h) => h.name)).toEqual(["Ben"]);

    await producer().auditorium.promote({ sessionId: sid, participantId: ben.seat.id });
    expect(await db.participant.findUniqueOrThrow({ where: { id: ben.seat.id } })).toMatchObject({
      role: "SPEAKER",
      canLead: true,
      handRaisedAt: null,
    });
    expect(await producer().auditorium.hands({ sessionId: sid })).toEqual([]);
    expect(await authorizeChannel({ visitorCookieId: ben.cookieId }, channels.sessionStage(sid))).toEqual({ ok: true });
    await attendee(1).sessions.send({ sessionId: sid, text: "Thanks for having me", clientEventId: cid() });
    await producer().sessions.passBaton({ sessionId: sid, toParticipantId: ben.seat.id });
    expect((await refusal(producer().auditorium.promote({ sessionId: sid, participantId: ben.seat.id }))).code).toBe("CONFLICT");

    const events = await producer().auditorium.demote({ sessionId: sid, participantId: ben.seat.id });
    expect(events.map((e) => [e.type, e.payload.to ?? e.payload.role])).toEqual([
      ["stage.demoted", "ATTENDEE"],
      ["baton.passed", a.producer.id],
    ]);
    expect((await db.session.findUniqueOrThrow({ where: { id: sid } })).leaderParticipantId).toBe(a.producer.id);
    expect((await refusal(attendee(1).sessions.send({ sessionId: sid, text: "Still me", clientEventId: cid() }))).code).toBe("FORBIDDEN");
    // The producer stays producer: not a speaker to demote.
    expect((await refusal(producer().auditorium.demote({ sessionId: sid, participantId: a.producer.id }))).code).toBe("NOT_FOUND");
    await barrier(prod, benOwn);

    expect(seen(prod, channels.sessionStage(sid), STAGE_EVENTS.hand).map((h) => (h as { raised: boolean }).raised)).toEqual([
      true,
      false,
      false,
    ]);
    expect(seen(prod, channels.session(sid), SESSION_EVENT).map((e) => (e as WireEvent).type)).toEqual([
      "stage.promoted",
      "chat",
      "baton.passed",
      "stage.demoted",
      "baton.passed",
    ]);
    expect(seen(benOwn, channels.participant(ben.seat.id), STAGE_EVENTS.role)).toEqual([{ role: "SPEAKER" }, { role: "ATTENDEE" }]);
  });

  it("the producer hands the baton from speaker to speaker without holding it; a speaker who does not lead cannot", async () => {
    await producer().sessions.passBaton({ sessionId: sid, toParticipantId: a.speakers[0]!.id });
    expect((await refusal(speaker(1).sessions.passBaton({ sessionId: sid, toParticipantId: a.speakers[1]!.id }))).code).toBe("FORBIDDEN");
    await producer().sessions.passBaton({ sessionId: sid, toParticipantId: a.speakers[1]!.id });
    expect((await db.session.findUniqueOrThrow({ where: { id: sid } })).leaderParticipantId).toBe(a.speakers[1]!.id);
    // The speaker who leads hands it on too, but only to the stage.
    expect((await refusal(speaker(1).sessions.passBaton({ sessionId: sid, toParticipantId: a.attendees[2]!.seat.id }))).code).toBe(
      "BAD_REQUEST",
    );
    await speaker(1).sessions.passBaton({ sessionId: sid, toParticipantId: a.speakers[0]!.id });
    expect((await db.session.findUniqueOrThrow({ where: { id: sid } })).leaderParticipantId).toBe(a.speakers[0]!.id);
  });

  it("judges an answer by the answerer's seat when it is appended: a speaker sent back to the audience meanwhile is refused", async () => {
    const asked = await attendee(0).auditorium.ask({ sessionId: sid, text: "Who answers?" });
    await producer().auditorium.moderate({ sessionId: sid, questionId: asked.id, decision: "approve" });
    const before = (await findSeat({ userId: s.agents[0]!.user.id }, sid))!; // the request read the seat as a speaker...
    await producer().auditorium.demote({ sessionId: sid, participantId: a.speakers[0]!.id }); // ...then the producer demoted them
    const lastSeq = (await db.session.findUniqueOrThrow({ where: { id: sid } })).lastSeq;
    expect(
      (await answerQuestion(before, { questionId: asked.id, mode: "stage", text: "Me!" }).catch((e: AppError) => e)) as AppError,
    ).toMatchObject({ code: "FORBIDDEN" });
    expect((await db.session.findUniqueOrThrow({ where: { id: sid } })).lastSeq).toBe(lastSeq);
    expect((await db.question.findUniqueOrThrow({ where: { id: asked.id } })).status).toBe("APPROVED");
    // A seat change elsewhere (someone promoted) only has the answer judged again: a speaker still on stage is heard.
    const sue = (await findSeat({ userId: s.agents[1]!.user.id }, sid))!;
    await producer().auditorium.promote({ sessionId: sid, participantId: a.attendees[2]!.seat.id });
    expect((await answerQuestion(sue, { questionId: asked.id, mode: "stage", text: "I do." })).question.status).toBe("ANSWERED");
  });
});

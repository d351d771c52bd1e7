// Issue 16: erase one visitor on request, and their subject access export. A visitor with a name, an
// email, a question, lines of their own, a booking, an auditorium-style question, an email and a
// notice about them is erased by id, email or cookie id; then EVERY text, varchar, array, json,
// jsonb and tsvector column of EVERY table in the database (found through information_schema, so
// tables added later are searched too) is searched for their distinctive strings. Another visitor of
// the same org and a visitor of another org with the same email stay as they were; bad input and
// another org's visitor change nothing; the audit row says who, what kind of identifier and how many
// rows, never the values.
import { beforeEach, describe, expect, it } from "vitest";
import { memberActor } from "../../server/access/actor";
import { sendChatLine } from "../../server/chat/send";
import { db } from "../../server/db";
import { eraseVisitor } from "../../server/privacy/erase-visitor";
import { rebuildTerms } from "../../server/reports/trends/rollup";
import { leaveSession } from "../../server/sessions/leave";
import { findSeatById, requireSeat } from "../../server/sessions/participant";
import { answerSurvey } from "../../server/surveys/answer";
import { startDemoSession, type Seeded } from "../helpers/billing";
import { errorOf } from "../helpers/errors";
import { callerFor, seedOrg } from "../helpers/factories";

const NAME = "Zorblax Quindlemeyer";
const EMAIL = "zorblax.q@example.test";
const QUESTION = "Is the Xyzzyfrob warranty transferable?";
const LINE = "My order code is Plughwhistle-42";
const ASKED = "Will Quxbazzle be on stage?";
const IP = "198.51.100.77";
/** Strings only the erased visitor's data contains (the first name alone appears in an agent's line). */
const COMMENT = "The Wumpusfinder advice was perfect";
const NEEDLES = ["Zorblax", "Quindlemeyer", EMAIL, "Xyzzyfrob", "Plughwhistle", "Quxbazzle", IP, "Wumpusfinder"];

type Hit = { table: string; column: string; needle: string };

/** Every (table, column) of the public schema holding text, and which needles each holds. */
async function searchEverything(needles: string[]): Promise<Hit[]> {
  const columns = await db.$queryRaw<{ table: string; column: string }[]>`
    SELECT table_name AS table, column_name AS column FROM information_schema.columns
    WHERE table_schema = 'public'
      AND (data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'tsvector')
        OR (data_type = 'ARRAY' AND udt_name IN ('_text', '_varchar')))`;
  expect(columns.length).toBeGreaterThan(50);
  const hits: Hit[] = [];
  for (const c of columns) {
    const table = `"${c.table.replaceAll('"', '""')}"`;
    const column = `${table}."${c.column.replaceAll('"', '""')}"`;
    const found = await db.$queryRawUnsafe<{ needle: string }[]>(
      `SELECT wanted.s AS needle FROM unnest($1::text[]) AS wanted(s) WHERE EXISTS (SELECT 1 FROM ${table} WHERE ${column}::text ILIKE '%' || wanted.s || '%')`,
      needles,
    );
    for (const f of found) hits.push({ table: c.table, column: c.column, needle: f.needle });
  }
  return hits;
}

let s: Seeded;
let other: Seeded;

/** A visitor who queued, talked, was mentioned, booked, asked on stage and was emailed; their session has ended. */
async function talkingVisitor(
  seeded: Seeded,
  fields: { name: string; email: string; question: string; line: string; asked: string; ip: string; comment: string },
) {
  const demo = await startDemoSession(new Date(), seeded, {
    name: fields.name,
    email: fields.email,
    question: fields.question,
    referrerUrl: `https://shop.example.test/p?who=${encodeURIComponent(fields.email)}`,
    clientAddress: fields.ip,
  });
  const orgId = seeded.org.id;
  const visitorId = (await db.visitor.findFirstOrThrow({ where: { orgId, cookieId: demo.cookieId }, select: { id: true } })).id;
  const visitorSeat = await requireSeat({ visitorCookieId: demo.cookieId }, demo.session.id);
  await db.participant.update({ where: { id: visitorSeat.id }, data: { clientAddress: fields.ip } });
  await sendChatLine(visitorSeat, { text: fields.line, clientEventId: `v-${demo.session.id}` });
  const agentSeat = await requireSeat({ userId: seeded.agents[0]!.user.id }, demo.session.id);
  await sendChatLine(agentSeat, {
    text: `Thanks ${fields.name.split(" ")[0]}, let me check that for you.`,
    clientEventId: `a-${demo.session.id}`,
  });
  await db.question.create({ data: { orgId, sessionId: demo.session.id, askerParticipantId: visitorSeat.id, text: fields.asked } });
  await db.scheduledSession.create({
    data: {
      orgId,
      scenarioId: seeded.scenarios[0]!.id,
      visitorId,
      name: fields.name,
      email: fields.email,
      question: fields.question,
      scheduledFor: new Date(Date.now() + 86_400_000),
    },
  });
  await db.emailOutbox.create({
    data: {
      orgId,
      to: fields.email,
      subject: "Your live session",
      text: `Hello ${fields.name}, your question: ${fields.question}`,
      status: "NOT_SENT",
    },
  });
  await db.notification.create({
    data: {
      orgId,
      kind: "visitor.note",
      title: `Follow up with ${fields.name}`,
      body: `Asked about ${fields.question}`,
      data: { email: fields.email },
    },
  });
  // Tables of later features, written by their own code: a translation of their line, and their
  // survey answer with a comment, which also goes out in a survey.answered webhook body.
  const line = await db.sessionEvent.findFirstOrThrow({
    where: { sessionId: demo.session.id, clientEventId: `v-${demo.session.id}` },
    select: { id: true },
  });
  await db.lineTranslation.create({
    data: { orgId, sessionId: demo.session.id, eventId: line.id, language: "fr", text: `FR ${fields.line}` },
  });
  await db.webhookEndpoint.create({
    data: { orgId, url: "https://hooks.example.test/in", events: ["survey.answered"], secret: "whsec_test" },
  });
  await db.scenario.updateMany({ where: { orgId }, data: { survey: "STARS", surveyComment: true } });
  await leaveSession(await requireSeat({ visitorCookieId: demo.cookieId }, demo.session.id));
  await answerSurvey((await findSeatById(visitorSeat.id))!, { value: 5, comment: fields.comment });
  await leaveSession(await requireSeat({ userId: seeded.agents[0]!.user.id }, demo.session.id));
  return { ...demo, visitorId, visitorSeatId: visitorSeat.id };
}

beforeEach(async () => {
  s = await seedOrg({ name: "Erasure Co" });
  other = await seedOrg({ name: "Other Co" });
});

describe("erasing a visitor", () => {
  it("leaves no trace of their name, email, question, lines or address in any table, and writes the audit row", async () => {
    const v = await talkingVisitor(s, { name: NAME, email: EMAIL, question: QUESTION, line: LINE, asked: ASKED, ip: IP, comment: COMMENT });
    const keep = await talkingVisitor(s, {
      name: "Wilhelmina Brackenridge",
      email: "wil@example.test",
      question: "Does the Frobozzle fit?",
      line: "Snarfblat is my code",
      asked: "Gnusto?",
      ip: "198.51.100.9",
      comment: "Grue-free answer",
    });
    // The trends' words of the day, so the roll-up holds the visitor's words before the erasure.
    await rebuildTerms(s.org.id, new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() + 86_400_000));
    const before = await searchEverything(NEEDLES);
    const tables = new Set(before.map((h) => h.table));
    // The search finds them where they are: the test can fail.
    for (const t of [
      "Visitor",
      "QueueEntry",
      "Participant",
      "SessionEvent",
      "SessionSearchDoc",
      "ScheduledSession",
      "EmailOutbox",
      "Notification",
      "Question",
      "RollupTermDay",
      "SurveyAnswer",
      "LineTranslation",
      "WebhookDelivery",
    ])
      expect(tables, t).toContain(t);

    const owner = callerFor(s.owner.user);
    const result = await owner.privacy.eraseVisitor({ orgId: s.org.id, identifier: { kind: "email", value: "  ZORBLAX.Q@example.test " } });
    expect(result.visitorIds).toEqual([v.visitorId]);
    expect(result.total).toBeGreaterThan(5);

    expect(await searchEverything(NEEDLES)).toEqual([]);

    // The rows stay for what statements and reports count; the other visitor is untouched.
    expect(await db.session.findUniqueOrThrow({ where: { id: v.session.id }, select: { status: true } })).toEqual({ status: "ENDED" });
    expect(await db.sessionEvent.count({ where: { sessionId: v.session.id, type: "chat" } })).toBe(2);
    const agentLine = await db.sessionEvent.findFirstOrThrow({
      where: { sessionId: v.session.id, type: "chat", clientEventId: `a-${v.session.id}` },
    });
    expect(agentLine.payload).toEqual({ text: "Thanks [erased], let me check that for you." });
    expect(await db.visitor.findUniqueOrThrow({ where: { id: keep.visitorId }, select: { name: true, email: true } })).toEqual({
      name: "Wilhelmina Brackenridge",
      email: "wil@example.test",
    });
    const kept = await searchEverything(["Brackenridge", "Frobozzle", "Snarfblat"]);
    expect(new Set(kept.map((h) => h.needle))).toEqual(new Set(["Brackenridge", "Frobozzle", "Snarfblat"]));
    const doc = await db.sessionSearchDoc.findUniqueOrThrow({
      where: { sessionId: v.session.id },
      select: { visitorName: true, visitorEmail: true, chatLines: true },
    });
    expect(doc).toEqual({ visitorName: "Erased visitor", visitorEmail: null, chatLines: 2 });

    // The audit row: who, which kind of identifier, how many rows; none of the erased values.
    const audit = await db.auditLog.findFirstOrThrow({ where: { orgId: s.org.id, action: "privacy.visitor_erased" } });
    expect(audit).toMatchObject({ actorUserId: s.owner.user.id, actorType: "user", targetType: "Visitor", targetId: v.visitorId });
    expect(audit.data).toMatchObject({ identifier: "email", visitorIds: [v.visitorId], total: result.total });
    expect((audit.data as { rows: Record<string, number> }).rows.SessionEvent).toBeGreaterThan(0);

    // A second erasure of the same visitor (by id now) is harmless and still audited.
    const again = await owner.privacy.eraseVisitor({ orgId: s.org.id, identifier: { kind: "visitorId", value: v.visitorId } });
    expect(again.visitorIds).toEqual([v.visitorId]);
    expect(await searchEverything(NEEDLES)).toEqual([]);
  });

  it("finds the visitor by cookie id, and the browser is a stranger afterwards", async () => {
    const v = await talkingVisitor(s, { name: NAME, email: EMAIL, question: QUESTION, line: LINE, asked: ASKED, ip: IP, comment: COMMENT });
    const r = await eraseVisitor({
      orgId: s.org.id,
      actor: memberActor({ userId: s.owner.user.id, membershipId: s.owner.membership.id, role: "OWNER" }),
      identifier: { kind: "cookieId", value: v.cookieId },
    });
    expect(r.visitorIds).toEqual([v.visitorId]);
    expect(await db.visitor.count({ where: { orgId: s.org.id, cookieId: v.cookieId } })).toBe(0);
    const audit = await db.auditLog.findFirstOrThrow({ where: { orgId: s.org.id, action: "privacy.visitor_erased" } });
    expect(JSON.stringify(audit)).not.toContain(v.cookieId);
    expect(await searchEverything([v.cookieId, ...NEEDLES])).toEqual([]);
  });

  it("answers NOT_FOUND for another org's visitor and leaves them untouched, with the same email in both orgs", async () => {
    const theirs = await talkingVisitor(other, {
      name: NAME,
      email: EMAIL,
      question: QUESTION,
      line: LINE,
      asked: ASKED,
      ip: IP,
      comment: COMMENT,
    });
    const mine = await talkingVisitor(s, {
      name: NAME,
      email: EMAIL,
      question: QUESTION,
      line: LINE,
      asked: ASKED,
      ip: IP,
      comment: COMMENT,
    });
    const owner = callerFor(s.owner.user);
    const e = await errorOf(owner.privacy.eraseVisitor({ orgId: s.org.id, identifier: { kind: "visitorId", value: theirs.visitorId } }));
    expect(e.code).toBe("NOT_FOUND");
    expect(
      (await errorOf(owner.privacy.exportVisitor({ orgId: s.org.id, identifier: { kind: "cookieId", value: theirs.cookieId } }))).code,
    ).toBe("NOT_FOUND");
    // The stranger's owner cannot reach this org at all.
    expect(
      (await errorOf(callerFor(other.owner.user).privacy.eraseVisitor({ orgId: s.org.id, identifier: { kind: "email", value: EMAIL } })))
        .code,
    ).toBe("NOT_FOUND");

    // Erasing by email in this org leaves the other org's visitor with the same email as it was.
    await owner.privacy.eraseVisitor({ orgId: s.org.id, identifier: { kind: "email", value: EMAIL } });
    expect(await db.visitor.findUniqueOrThrow({ where: { id: mine.visitorId }, select: { name: true } })).toEqual({ name: null });
    expect(await db.visitor.findUniqueOrThrow({ where: { id: theirs.visitorId }, select: { name: true, email: true } })).toEqual({
      name: NAME,
      email: EMAIL,
    });
    const line = await db.sessionEvent.findFirstOrThrow({
      where: { sessionId: theirs.session.id, clientEventId: `v-${theirs.session.id}` },
    });
    expect(line.payload).toEqual({ text: LINE });
    expect(await db.queueEntry.findFirstOrThrow({ where: { visitorId: theirs.visitorId }, select: { question: true } })).toEqual({
      question: QUESTION,
    });
  });

  it("refuses bad input with a clear error and changes nothing", async () => {
    const v = await talkingVisitor(s, { name: NAME, email: EMAIL, question: QUESTION, line: LINE, asked: ASKED, ip: IP, comment: COMMENT });
    const snapshot = () =>
      Promise.all([
        db.visitor.findUniqueOrThrow({ where: { id: v.visitorId } }),
        db.sessionEvent.findMany({ where: { sessionId: v.session.id }, orderBy: { id: "asc" } }),
        db.auditLog.count({ where: { orgId: s.org.id } }),
      ]);
    const before = await snapshot();
    const owner = callerFor(s.owner.user);

    const unknown = await errorOf(
      owner.privacy.eraseVisitor({ orgId: s.org.id, identifier: { kind: "visitorId", value: "cnotavisitor000000000000" } }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
    expect(unknown.message).toBe("No visitor of this organization has that visitor id.");
    const malformed = await errorOf(
      owner.privacy.eraseVisitor({ orgId: s.org.id, identifier: { kind: "email", value: "zorblax at example" } }),
    );
    expect(malformed.code).toBe("BAD_REQUEST");
    expect(malformed.message).toBe("“zorblax at example” is not an email address.");
    const empty = await errorOf(owner.privacy.eraseVisitor({ orgId: s.org.id, identifier: { kind: "cookieId", value: "   " } }));
    expect(empty.code).toBe("BAD_REQUEST");
    const odd = await errorOf(owner.privacy.eraseVisitor({ orgId: s.org.id, identifier: { kind: "cookieId", value: "a b;c" } }));
    expect(odd.message).toBe("A cookie id is letters, digits, - and _ only.");
    // An agent may not erase (privacy is for owners and admins).
    expect(
      (
        await errorOf(
          callerFor(s.agents[0]!.user).privacy.eraseVisitor({ orgId: s.org.id, identifier: { kind: "visitorId", value: v.visitorId } }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses to erase a visitor who is in a live session now", async () => {
    const demo = await startDemoSession(new Date(), s, { name: NAME, email: EMAIL, question: QUESTION });
    const e = await errorOf(callerFor(s.owner.user).privacy.eraseVisitor({ orgId: s.org.id, identifier: { kind: "email", value: EMAIL } }));
    expect(e.code).toBe("CONFLICT");
    expect(await db.visitor.findFirstOrThrow({ where: { orgId: s.org.id, cookieId: demo.cookieId }, select: { name: true } })).toEqual({
      name: NAME,
    });
  });
});

describe("subject access export", () => {
  it("gives the visitor's row, queue entries, bookings and sessions with the public transcript, and audits it", async () => {
    const v = await talkingVisitor(s, { name: NAME, email: EMAIL, question: QUESTION, line: LINE, asked: ASKED, ip: IP, comment: COMMENT });
    // A private line (a prompt to the leader) is not part of the public transcript.
    await db.sessionEvent.create({
      data: {
        orgId: s.org.id,
        sessionId: v.session.id,
        stream: "prompt:x:y",
        seq: 1,
        type: "prompt",
        payload: { text: "Secret coaching Vorpalblade", to: "y" },
      },
    });
    const r = await callerFor(s.owner.user).privacy.exportVisitor({
      orgId: s.org.id,
      identifier: { kind: "visitorId", value: v.visitorId },
    });
    expect(r.filename).toBe(`visitor-${v.visitorId}.json`);
    const doc = JSON.parse(r.body) as {
      format: string;
      visitors: {
        id: string;
        name: string;
        email: string;
        queueEntries: { question: string }[];
        scheduledSessions: unknown[];
        sessions: {
          id: string;
          transcript: { type: string; text?: string; by: string | null }[];
          participants: { you: boolean; clientAddress?: string }[];
          questions: { text: string }[];
        }[];
      }[];
    };
    expect(doc.format).toBe("isession.subject-access.v1");
    const [x] = doc.visitors;
    expect(x).toMatchObject({ id: v.visitorId, name: NAME, email: EMAIL });
    expect(x!.queueEntries.map((e) => e.question)).toEqual([QUESTION]);
    expect(x!.scheduledSessions).toHaveLength(1);
    expect(x!.sessions).toHaveLength(1);
    const lines = x!.sessions[0]!.transcript.filter((e) => e.type === "chat");
    expect(lines.map((l) => l.text)).toEqual([LINE, "Thanks Zorblax, let me check that for you."]);
    expect(lines[0]!.by).toBe(NAME);
    expect(r.body).not.toContain("Vorpalblade");
    expect(x!.sessions[0]!.participants.find((p) => p.you)?.clientAddress).toBe(IP);
    expect(x!.sessions[0]!.questions.map((q) => q.text)).toEqual([ASKED]);
    expect((x as unknown as { surveyAnswers: unknown[] }).surveyAnswers).toEqual([
      expect.objectContaining({ sessionId: v.session.id, scale: "STARS", rating: 5, comment: COMMENT }),
    ]);
    expect(await db.auditLog.count({ where: { orgId: s.org.id, action: "privacy.visitor_exported", targetId: v.visitorId } })).toBe(1);
  });
});

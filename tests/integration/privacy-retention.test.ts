// Issue 16: the nightly retention job. An org keeping 30 days has sessions that ended long before the
// cutoff, a minute before it and a minute after it, and one last week. The job erases the words and
// names of what is due (in batches of one here, so batching and the watermark are exercised), leaves
// everything inside the window exactly as it was, keeps every usage record, and the statements and
// live billing figures add up the same afterwards. A second run changes nothing. The preference is
// refused outside 30 days to 7 years with a sentence, and nothing changes.
// The tables added since (personal-data.ts) are held to the same: a survey comment loses its words
// and a line's translations go with their session; webhook deliveries older than the cutoff go,
// unless still PENDING (on their way out), and recent ones stay as they were.
import { beforeAll, describe, expect, it } from "vitest";
import { sendChatLine } from "../../server/chat/send";
import { closeBillingPeriods, livePeriods, recomputeOpenStatement } from "../../server/billing/ledger";
import { meterTick } from "../../server/billing/metering";
import { memberActor } from "../../server/access/actor";
import { db } from "../../server/db";
import { envelope } from "../../server/webhooks/emit";
import { ageOrg, retentionCutoff, runRetention } from "../../server/privacy/retention";
import { rebuildTerms } from "../../server/reports/trends/rollup";
import { leaveSession } from "../../server/sessions/leave";
import { requireSeat } from "../../server/sessions/participant";
import { startDemoSession, type Seeded } from "../helpers/billing";
import { errorOf } from "../helpers/errors";
import { callerFor, seedOrg } from "../helpers/factories";

const NOW = new Date("2025-06-15T12:00:00Z");
const MIN = 60_000;
const CUTOFF = retentionCutoff(30, NOW);

let s: Seeded;
type Made = Awaited<ReturnType<typeof made>>;
const sessions: Record<"april" | "justDue" | "justInside" | "lastWeek", Made> = {} as never;

/** A session ending at `endedAt`, with a named visitor (last seen then), a question and a line each way, at their real times;
 * the visitor rated it with a comment, and their line was translated for the agent. */
async function made(tag: string, endedAt: Date) {
  const startedAt = new Date(endedAt.getTime() - 4 * MIN);
  const demo = await startDemoSession(startedAt, s, {
    name: `Name${tag} Surname${tag}`,
    email: `mail${tag}@example.test`,
    question: `Question about Topic${tag}?`,
    referrerUrl: `https://shop.example.test/page${tag}?utm=mail${tag}`,
    clientAddress: "198.51.100.20",
  });
  const visitor = await db.visitor.findFirstOrThrow({ where: { orgId: s.org.id, cookieId: demo.cookieId } });
  await db.visitor.update({ where: { id: visitor.id }, data: { firstSeenAt: startedAt, lastSeenAt: endedAt } });
  const seat = await requireSeat({ visitorCookieId: demo.cookieId }, demo.session.id);
  await sendChatLine(seat, { text: `Visitor line Words${tag}`, clientEventId: `v-${tag}` });
  await sendChatLine(await requireSeat({ userId: s.agents[0]!.user.id }, demo.session.id), {
    text: `Hello Name${tag}`,
    clientEventId: `a-${tag}`,
  });
  await db.sessionEvent.updateMany({ where: { sessionId: demo.session.id }, data: { createdAt: new Date(startedAt.getTime() + MIN) } });
  await leaveSession(await requireSeat({ visitorCookieId: demo.cookieId }, demo.session.id), new Date(endedAt.getTime() - MIN));
  await leaveSession(await requireSeat({ userId: s.agents[0]!.user.id }, demo.session.id), endedAt);
  const row = await db.session.findUniqueOrThrow({
    where: { id: demo.session.id },
    select: { endedAt: true, status: true, startedAt: true },
  });
  expect(row).toEqual({ status: "ENDED", endedAt, startedAt: expect.any(Date) });
  const visitorSeat = await db.participant.findFirstOrThrow({ where: { sessionId: demo.session.id, role: "VISITOR", membershipId: null } });
  await db.surveyAnswer.create({
    data: {
      orgId: s.org.id,
      sessionId: demo.session.id,
      participantId: visitorSeat.id,
      visitorId: visitor.id,
      scale: "STARS",
      rating: 4,
      value: "4",
      comment: `Comment${tag}: quick and kind`,
      agentIds: [s.agents[0]!.membership.id],
      sessionStartedAt: row.startedAt,
      answeredAt: endedAt,
    },
  });
  const line = await db.sessionEvent.findFirstOrThrow({
    where: { sessionId: demo.session.id, type: "chat", actorParticipantId: visitorSeat.id },
  });
  expect(line.payload).toMatchObject({ text: `Visitor line Words${tag}` });
  await db.lineTranslation.create({
    data: {
      orgId: s.org.id,
      sessionId: demo.session.id,
      eventId: line.id,
      language: "de",
      text: `Besucherzeile Translated${tag}`,
      sourceLanguage: "en",
      createdAt: line.createdAt,
    },
  });
  return {
    tag,
    sessionId: demo.session.id,
    visitorId: visitor.id,
    needles: [`Name${tag}`, `mail${tag}@`, `Topic${tag}`, `Words${tag}`, `utm=mail${tag}`, `Comment${tag}`, `Translated${tag}`],
  };
}

/** Every row of one session and its visitor that personal data could live in, as it is now. */
async function rowsOf(m: Made) {
  return Promise.all([
    db.visitor.findUniqueOrThrow({ where: { id: m.visitorId } }),
    db.queueEntry.findMany({ where: { visitorId: m.visitorId }, orderBy: { id: "asc" } }),
    db.session.findUniqueOrThrow({ where: { id: m.sessionId } }),
    db.participant.findMany({ where: { sessionId: m.sessionId }, orderBy: { id: "asc" } }),
    db.sessionEvent.findMany({ where: { sessionId: m.sessionId }, orderBy: { id: "asc" } }),
    db.$queryRaw`SELECT "visitorName", "visitorEmail", document::text, "visitorDoc"::text, "chatLines", "durationSec" FROM "SessionSearchDoc" WHERE "sessionId" = ${m.sessionId}`,
    db.surveyAnswer.findMany({ where: { sessionId: m.sessionId }, orderBy: { id: "asc" } }),
    db.lineTranslation.findMany({ where: { sessionId: m.sessionId }, orderBy: { id: "asc" } }),
  ]);
}

/** Webhook deliveries to the org's endpoint (createdBefore: when it was queued), keyed by the word in each body. */
const deliveries: Record<"april" | "justDue" | "aprilPending" | "justInside", { id: string; needle: string }> = {} as never;
const allDeliveries = () => db.webhookDelivery.findMany({ where: { orgId: s.org.id }, orderBy: { id: "asc" } });

/** Does any text or JSON column of any table hold one of these strings? (as in privacy-erasure.test.ts) */
async function anywhere(needles: string[]): Promise<string[]> {
  const columns = await db.$queryRaw<{ table: string; column: string }[]>`
    SELECT table_name AS table, column_name AS column FROM information_schema.columns
    WHERE table_schema = 'public' AND (data_type IN ('text', 'character varying', 'json', 'jsonb', 'tsvector') OR (data_type = 'ARRAY' AND udt_name = '_text'))`;
  const hits: string[] = [];
  for (const c of columns) {
    const table = `"${c.table}"`;
    const found = await db.$queryRawUnsafe<{ needle: string }[]>(
      `SELECT wanted.s AS needle FROM unnest($1::text[]) AS wanted(s) WHERE EXISTS (SELECT 1 FROM ${table} WHERE ${table}."${c.column}"::text ILIKE '%' || wanted.s || '%')`,
      needles,
    );
    for (const f of found) hits.push(`${c.table}.${c.column}: ${f.needle}`);
  }
  return hits;
}

const usage = (orgId: string) =>
  db.usageRecord.findMany({
    where: { orgId },
    orderBy: { id: "asc" },
    select: { id: true, kind: true, quantity: true, occurredAt: true, sessionId: true, participantId: true, statementId: true },
  });
const statements = (orgId: string) =>
  db.statement.findMany({
    where: { orgId },
    orderBy: { periodStart: "asc" },
    select: {
      periodStart: true,
      status: true,
      subtotalCents: true,
      totalCents: true,
      lines: { orderBy: { kind: "asc" }, select: { kind: true, quantity: true, amountCents: true } },
    },
  });
async function billingFigures(orgId: string) {
  const months = ["2025-04-15", "2025-05-15", "2025-06-14"].map((d) => new Date(`${d}T12:00:00Z`));
  const live = [];
  for (const m of months) live.push((await livePeriods([{ id: orgId, plan: "PER_MINUTE" }], m)).get(orgId));
  return { usage: await usage(orgId), statements: await statements(orgId), live };
}

beforeAll(async () => {
  s = await seedOrg({ name: "Retention Co" });
  await callerFor(s.owner.user).org.updatePreferences({ orgId: s.org.id, retentionDays: 30 });
  sessions.april = await made("April", new Date("2025-04-10T10:04:00Z"));
  sessions.justDue = await made("JustDue", new Date(CUTOFF.getTime() - MIN));
  sessions.justInside = await made("JustInside", new Date(CUTOFF.getTime() + MIN));
  sessions.lastWeek = await made("LastWeek", new Date("2025-06-08T09:00:00Z"));
  // Bookings, emails and trend words, old and recent.
  const scenarioId = s.scenarios[0]!.id;
  await db.scheduledSession.create({
    data: {
      orgId: s.org.id,
      scenarioId,
      name: "BookedOld Person",
      email: "bookedold@example.test",
      question: "BookedOldTopic",
      scheduledFor: new Date("2025-04-01T10:00:00Z"),
      status: "MISSED",
    },
  });
  await db.scheduledSession.create({
    data: {
      orgId: s.org.id,
      scenarioId,
      name: "BookedNew Person",
      email: "bookednew@example.test",
      question: "BookedNewTopic",
      scheduledFor: new Date("2025-06-20T10:00:00Z"),
    },
  });
  await db.emailOutbox.create({
    data: {
      orgId: s.org.id,
      to: "bookedold@example.test",
      subject: "Old",
      text: "OldMailBody",
      status: "NOT_SENT",
      createdAt: new Date("2025-03-30T10:00:00Z"),
    },
  });
  await db.emailOutbox.create({
    data: {
      orgId: s.org.id,
      to: "bookednew@example.test",
      subject: "New",
      text: "NewMailBody",
      status: "NOT_SENT",
      createdAt: new Date("2025-06-10T10:00:00Z"),
    },
  });
  // The org's own systems hear of queued visitors: deliveries done, failed and still on their way, old and recent.
  const endpoint = await db.webhookEndpoint.create({
    data: {
      orgId: s.org.id,
      url: "https://hooks.example.test/isession",
      events: ["visitor.queued"],
      secret: "whsec_retentiontest",
      createdAt: new Date("2025-03-01T10:00:00Z"),
    },
  });
  const hook = async (key: keyof typeof deliveries, needle: string, createdAt: Date, status: "SUCCEEDED" | "FAILED" | "PENDING") => {
    const event = envelope(
      "visitor.queued",
      s.org.id,
      {
        queueEntryId: `qe-${needle}`,
        visitorId: sessions.april.visitorId,
        launcherId: "l1",
        scenarioId,
        question: `Question about ${needle}?`,
        enqueuedAt: createdAt.toISOString(),
      },
      createdAt,
    );
    const done = status !== "PENDING";
    const row = await db.webhookDelivery.create({
      data: {
        orgId: s.org.id,
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: event.type,
        body: JSON.stringify(event),
        status,
        attempts: done ? 1 : 0,
        nextAttemptAt: done ? null : createdAt,
        lastAttemptAt: done ? createdAt : null,
        lastStatusCode: status === "SUCCEEDED" ? 200 : status === "FAILED" ? 500 : null,
        deliveredAt: status === "SUCCEEDED" ? createdAt : null,
        createdAt,
      },
    });
    deliveries[key] = { id: row.id, needle };
  };
  await hook("april", "HookApril", new Date("2025-04-10T10:00:00Z"), "SUCCEEDED");
  await hook("justDue", "HookJustDue", new Date(CUTOFF.getTime() - MIN), "FAILED");
  await hook("aprilPending", "HookPendingApril", new Date("2025-04-10T10:00:00Z"), "PENDING");
  await hook("justInside", "HookJustInside", new Date(CUTOFF.getTime() + MIN), "SUCCEEDED");
  await rebuildTerms(s.org.id, new Date("2025-04-01T00:00:00Z"), new Date("2025-06-16T00:00:00Z"));
  // Statements as the hourly close leaves them: April and May finalized, June open.
  await meterTick(NOW);
  await closeBillingPeriods({ now: NOW, charged: false });
  await recomputeOpenStatement(s.org.id, NOW);
});

describe("the retention job", () => {
  it("erases what is due, leaves what is inside the window as it was, and keeps every figure statements and reports need", async () => {
    const inside = await Promise.all([rowsOf(sessions.justInside), rowsOf(sessions.lastWeek)]);
    // Every session has its survey answer with a comment and its translated line (the comparisons below can fail).
    for (const m of Object.values(sessions)) {
      const [, , , , , , answers, translations] = await rowsOf(m);
      expect(answers.map((a) => a.comment)).toEqual([`Comment${m.tag}: quick and kind`]);
      expect(translations.map((t) => t.text)).toEqual([`Besucherzeile Translated${m.tag}`]);
    }
    const kept = [deliveries.aprilPending.id, deliveries.justInside.id];
    const keptDeliveries = await db.webhookDelivery.findMany({ where: { id: { in: kept } }, orderBy: { id: "asc" } });
    expect(keptDeliveries).toHaveLength(2);
    expect((await allDeliveries()).length).toBe(4);
    const billing = await billingFigures(s.org.id);
    expect(billing.usage.length).toBeGreaterThan(8);
    // May's statement took every settled record (April's too, as the ledger does); June is open.
    expect(billing.statements.map((x) => [x.periodStart.toISOString().slice(0, 7), x.status, x.totalCents])).toEqual([
      ["2025-05", "NOT_CHARGED", 54],
      ["2025-06", "OPEN", 18],
    ]);
    const due = [
      ...sessions.april.needles,
      ...sessions.justDue.needles,
      "BookedOld",
      "OldMailBody",
      deliveries.april.needle,
      deliveries.justDue.needle,
    ];
    const stays = [
      ...sessions.justInside.needles,
      ...sessions.lastWeek.needles,
      deliveries.aprilPending.needle,
      deliveries.justInside.needle,
    ];
    // Before: every due string is stored somewhere (the test can fail).
    const before = await anywhere(due);
    for (const n of due)
      expect(
        before.some((h) => h.endsWith(`: ${n}`)),
        n,
      ).toBe(true);
    for (const tag of ["April", "JustDue"]) {
      expect(before).toContain(`SurveyAnswer.comment: Comment${tag}`);
      expect(before).toContain(`LineTranslation.text: Translated${tag}`);
      expect(before).toContain(`WebhookDelivery.body: Hook${tag}`);
    }

    const { results, failed } = await runRetention({ now: NOW, batchSize: 1 });
    expect(failed).toEqual([]);
    const mine = results.find((r) => r.orgId === s.org.id)!;
    expect(mine.cutoff).toEqual(CUTOFF);
    // One batch each: two sessions, two visitors, and three queue entries queued before the cutoff
    // (the third's session ended inside the window: walked past, left to age with its session).
    expect(mine.batches).toBe(7);

    const left = await anywhere(due);
    expect(left.join("; ")).toBe("");
    // Inside the window: not a byte changed.
    expect(await Promise.all([rowsOf(sessions.justInside), rowsOf(sessions.lastWeek)])).toEqual(inside);
    expect(await anywhere(["BookedNew", "NewMailBody", "NameJustInside", "WordsLastWeek"])).not.toEqual([]);
    // Each of the new tables still holds its recent words, where it held them.
    const recent = await anywhere(stays);
    for (const [table, n] of [
      ["SurveyAnswer.comment", "CommentJustInside"],
      ["SurveyAnswer.comment", "CommentLastWeek"],
      ["LineTranslation.text", "TranslatedJustInside"],
      ["LineTranslation.text", "TranslatedLastWeek"],
      ["WebhookDelivery.body", "HookPendingApril"],
      ["WebhookDelivery.body", "HookJustInside"],
    ])
      expect(recent, n).toContain(`${table}: ${n}`);
    // The old delivery still on its way and the recent one: not a byte changed; the other two are gone.
    expect(await allDeliveries()).toEqual(keptDeliveries);

    // What aged keeps its shape: the rows, seats with their times, every event with an empty line.
    const old = await rowsOf(sessions.april);
    expect(old[0]).toMatchObject({ name: null, email: null, notes: "", cookieId: `erased:${sessions.april.visitorId}` });
    expect(old[1]).toMatchObject([{ question: "", clientAddress: null, referrerUrl: "https://shop.example.test/pageApril" }]);
    expect(old[3].map((p) => [p.role, p.displayName, p.joinedAt, p.leftAt !== null])).toEqual(
      (await db.participant.findMany({ where: { sessionId: sessions.april.sessionId }, orderBy: { id: "asc" } })).map((p) => [
        p.role,
        p.role === "VISITOR" ? "Visitor" : p.displayName,
        p.joinedAt,
        true,
      ]),
    );
    const chat = old[4].filter((e) => e.type === "chat");
    expect(chat.map((e) => e.payload)).toEqual([
      { text: "", erased: true },
      { text: "", erased: true },
    ]);
    expect(old[5]).toEqual([{ visitorName: null, visitorEmail: null, document: "", visitorDoc: "", chatLines: 2, durationSec: 240 }]);
    // The survey answer keeps its rating for the reports, without the comment; the translations are gone.
    for (const m of [sessions.april, sessions.justDue]) {
      const [, , , participants, , , answers, translations] = await rowsOf(m);
      const seat = participants.find((p) => p.role === "VISITOR")!;
      expect(answers).toEqual([
        expect.objectContaining({
          comment: null,
          scale: "STARS",
          rating: 4,
          value: "4",
          participantId: seat.id,
          visitorId: m.visitorId,
          agentIds: [s.agents[0]!.membership.id],
        }),
      ]);
      expect(translations).toEqual([]);
    }

    // Statements and the live figures add up exactly as before, and the hourly close agrees.
    expect(await billingFigures(s.org.id)).toEqual(billing);
    await meterTick(NOW);
    await closeBillingPeriods({ now: NOW, charged: false });
    await recomputeOpenStatement(s.org.id, NOW);
    expect(await billingFigures(s.org.id)).toEqual(billing);

    // Idempotent: a second night changes nothing and finds nothing to walk.
    const snapshot = await Promise.all([
      rowsOf(sessions.april),
      rowsOf(sessions.justDue),
      db.retentionWatermark.findMany({ where: { orgId: s.org.id }, orderBy: { kind: "asc" } }),
      allDeliveries(),
    ]);
    const second = await ageOrg(s.org.id, { now: NOW, batchSize: 1 });
    expect(second.batches).toBe(0);
    expect(Object.values(second.rows).reduce((a, b) => a + b, 0)).toBe(0);
    const after = await Promise.all([
      rowsOf(sessions.april),
      rowsOf(sessions.justDue),
      db.retentionWatermark.findMany({ where: { orgId: s.org.id }, orderBy: { kind: "asc" } }),
      allDeliveries(),
    ]);
    expect(after).toEqual(snapshot);
  });
});

describe("the retention preference", () => {
  it("accepts 30 days to 7 years and refuses anything else with a sentence, changing nothing", async () => {
    const owner = callerFor(s.owner.user);
    for (const bad of [5, 29, 2558, 30.5]) {
      const e = await errorOf(owner.org.updatePreferences({ orgId: s.org.id, retentionDays: bad, name: "Renamed by a refused save" }));
      expect(e.code).toBe("BAD_REQUEST");
      expect(e.message).toContain(bad === 30.5 ? "whole number of days" : "30 to 2557 days (7 years)");
    }
    expect(await db.organization.findUniqueOrThrow({ where: { id: s.org.id }, select: { retentionDays: true, name: true } })).toEqual({
      retentionDays: 30,
      name: "Retention Co",
    });
    await owner.org.updatePreferences({ orgId: s.org.id, retentionDays: 2557 });
    expect((await owner.org.get({ orgId: s.org.id })).retentionDays).toBe(2557);
    // The domain function says the same to a caller that skips the router (the REST API, a job).
    const { updatePreferences } = await import("../../server/orgs/update-preferences");
    const ownerActor = memberActor({ userId: s.owner.user.id, membershipId: s.owner.membership.id, role: "OWNER" });
    await expect(updatePreferences({ orgId: s.org.id, actor: ownerActor, prefs: { retentionDays: 5 } })).rejects.toThrow(
      "Keep transcripts and visitor data 30 to 2557 days (7 years).",
    );
    // A new org keeps a year.
    const fresh = await seedOrg();
    expect((await callerFor(fresh.owner.user).org.get({ orgId: fresh.org.id })).retentionDays).toBe(365);
  });
});

// Every table and column that holds a visitor's personal data, and how each is erased on request and
// aged by the retention job: the one place that knows (docs/privacy.md has the same table, with why).
// A new table that stores a visitor's words or identity gets an entry here, and both paths pick it up;
// tests/integration/privacy-erasure.test.ts searches every text and JSON column of every table, so a
// table missing from this list fails that test instead of keeping what it should not.
//
// Kept on purpose (never in this list): usage records, statements and their lines, session and seat
// times and roles, queue entry statuses and times, and report roll-ups other than terms. Statements
// and reports are computed from those, and none of them holds what a visitor said or who they are.
import "server-only";
import { Prisma } from "../generated/prisma/client";
import { rewriteTerms } from "../reports/trends/rollup";
import { localDayWindow, orgTimeZone } from "../reports/usage/window";
import type { Tx } from "../tx";

const DAY_MS = 86_400_000;

/** One visitor's rows in one org, resolved before anything is erased (erase-visitor.ts). */
export type ErasureScope = {
  orgId: string;
  visitorIds: string[];
  /** The visitor's seats (Participant.id) in any session. */
  participantIds: string[];
  /** Sessions the visitor sat in or queued for. */
  sessionIds: string[];
  queueEntryIds: string[];
  /** Auditorium questions the visitor asked. */
  questionIds: string[];
  /** Lower-cased addresses the visitor gave (and the one asked for). */
  emails: string[];
  /**
   * PostgreSQL regular expression matching the visitor's names and addresses as whole words (case
   * is ignored), or null when there is nothing long enough to look for: what others said about them.
   */
  mentionPattern: string | null;
};

/** A batch of rows of one kind that came due for the retention job (ids of that kind, one org). */
export type AgeBatch = { orgId: string; ids: string[] };
/** Org-wide ageing: everything of the org older than `cutoff`. */
export type AgeOrg = { orgId: string; cutoff: Date };

/**
 * Kinds of rows the retention job walks in time order with a watermark (retention.ts):
 * - sessions: ended before the cutoff (Session.endedAt);
 * - queueEntries: queued before it (QueueEntry.enqueuedAt);
 * - visitors: not seen since (Visitor.lastSeenAt).
 */
export type AgeKind = "sessions" | "queueEntries" | "visitors";

export type PersonalDataEntry = {
  table: string;
  columns: string[];
  /** What is personal in it. */
  holds: string;
  /** What stays, and why (billing, reports). */
  kept: string;
  /** Erase one visitor's data: returns the rows touched. */
  erase: (tx: Tx, s: ErasureScope) => Promise<number>;
  /** Retention: anonymise a batch of rows that came due, or everything of the org past the cutoff; none when the table ages with nothing. */
  age?: Ageing[];
};

export type Ageing =
  { kind: AgeKind; run: (tx: Tx, b: AgeBatch) => Promise<number> } | { kind: "org"; run: (tx: Tx, o: AgeOrg) => Promise<number> };

/** What stands in for an erased visitor's name wherever a name must remain (a seat, a list). */
export const ERASED_NAME = "Erased visitor";
/** What stands in for a visitor's name when their session aged out. */
export const AGED_NAME = "Visitor";
/** What replaces a mention of an erased visitor in someone else's words. */
export const MENTION_MASK = "[erased]";

/**
 * Payload keys of archived events that carry words or names (lib/session-events.ts, lib/stage-events.ts):
 * dropped when an event's content is erased. `text` stays as "" so every reader still finds a string.
 */
const CONTENT_KEYS = [
  "question",
  "comment",
  "referrerUrl",
  "askerName",
  "answer",
  "answeredBy",
  "reason",
  "members",
  "title",
  "fromName",
  "toName",
  "byName",
];

/** The page part of a URL (no query, no fragment): what reports group by (server/reports/usage/rollup.ts pageKey). */
const pageOf = (col: Prisma.Sql) => Prisma.sql`regexp_replace(${col}, '[?#].*$', '')`;

/** An event's payload with its words removed; `name` too unless it names a staff seat. */
const strippedPayload = Prisma.sql`
  ((e.payload - ${CONTENT_KEYS}::text[])
    - CASE WHEN e.payload ? 'name' AND NOT EXISTS (
        SELECT 1 FROM "Participant" sp WHERE sp.id = coalesce(e.payload->>'participantId', e."actorParticipantId") AND sp."membershipId" IS NOT NULL
      ) THEN 'name' ELSE '' END)
  || CASE WHEN e.payload ? 'text' THEN '{"text": ""}'::jsonb ELSE '{}'::jsonb END
  || CASE WHEN e.payload ? 'url' THEN jsonb_build_object('url', ${pageOf(Prisma.sql`e.payload->>'url'`)}) ELSE '{}'::jsonb END
  || '{"erased": true}'::jsonb`;

export const PERSONAL_DATA: PersonalDataEntry[] = [
  {
    table: "Visitor",
    columns: ["name", "email", "notes", "cookieId", "userId"],
    holds: "who the visitor is: name, email, staff notes, the browser's cookie id, a linked user",
    kept: "the row (ids, first and last seen) so queue entries and seats keep pointing somewhere; the cookie id becomes `erased:{id}`, so the browser is a stranger next time",
    erase: (tx, s) => tx.$executeRaw`
      UPDATE "Visitor" SET name = NULL, email = NULL, notes = '', "cookieId" = 'erased:' || id, "userId" = NULL
      WHERE "orgId" = ${s.orgId} AND id = ANY(${s.visitorIds})`,
    age: [
      {
        kind: "visitors",
        run: (tx, b) => tx.$executeRaw`
          UPDATE "Visitor" SET name = NULL, email = NULL, notes = '', "cookieId" = 'erased:' || id, "userId" = NULL
          WHERE "orgId" = ${b.orgId} AND id = ANY(${b.ids}) AND "cookieId" NOT LIKE 'erased:%'`,
      },
    ],
  },
  {
    table: "QueueEntry",
    columns: ["question", "referrerUrl", "clientAddress"],
    holds: "the visitor's question, the page they came from (its query may carry anything), their IP address",
    kept: "status, launcher, scenario and times (the queue and staffing reports); the referring page without its query, which is all the usage report groups by",
    erase: (tx, s) => tx.$executeRaw`
      UPDATE "QueueEntry" SET question = '', "clientAddress" = NULL, "referrerUrl" = ${pageOf(Prisma.sql`"referrerUrl"`)}
      WHERE "orgId" = ${s.orgId} AND id = ANY(${s.queueEntryIds})`,
    age: [
      // An entry that became a session ages with it (its question is the session's first line)...
      {
        kind: "sessions",
        run: (tx, b) => tx.$executeRaw`
          UPDATE "QueueEntry" q SET question = '', "clientAddress" = NULL, "referrerUrl" = ${pageOf(Prisma.sql`q."referrerUrl"`)}
          FROM "Session" se
          WHERE se."orgId" = ${b.orgId} AND se.id = ANY(${b.ids}) AND q.id = se."queueEntryId"
            AND (q.question <> '' OR q."clientAddress" IS NOT NULL OR q."referrerUrl" ~ '[?#]')`,
      },
      // ...one that never did (abandoned, expired, booked for later) by the time it queued.
      {
        kind: "queueEntries",
        run: (tx, b) => tx.$executeRaw`
          UPDATE "QueueEntry" q SET question = '', "clientAddress" = NULL, "referrerUrl" = ${pageOf(Prisma.sql`q."referrerUrl"`)}
          WHERE q."orgId" = ${b.orgId} AND q.id = ANY(${b.ids})
            AND NOT EXISTS (SELECT 1 FROM "Session" se WHERE se."queueEntryId" = q.id)
            AND (q.question <> '' OR q."clientAddress" IS NOT NULL OR q."referrerUrl" ~ '[?#]')`,
      },
    ],
  },
  {
    table: "Participant",
    columns: ["displayName", "clientAddress"],
    holds: "a visitor's or attendee's name on their seat (attendance lists, certificates), their IP address",
    kept: "the seat: role, join and leave times (metering bills visitor minutes from them; usage and attendance reports count them). Staff seats keep their names",
    erase: (tx, s) => tx.$executeRaw`
      UPDATE "Participant" SET "displayName" = ${ERASED_NAME}, "clientAddress" = NULL
      WHERE "orgId" = ${s.orgId} AND id = ANY(${s.participantIds})`,
    age: [
      {
        kind: "sessions",
        run: (tx, b) => tx.$executeRaw`
          UPDATE "Participant" SET "displayName" = ${AGED_NAME}, "clientAddress" = NULL
          WHERE "orgId" = ${b.orgId} AND "sessionId" = ANY(${b.ids}) AND "membershipId" IS NULL
            AND ("displayName" NOT IN (${AGED_NAME}, ${ERASED_NAME}) OR "clientAddress" IS NOT NULL)`,
      },
    ],
  },
  {
    table: "SessionEvent",
    columns: ["payload"],
    holds:
      "the transcript: chat, sidebar and prompt lines, the question and referring page at the start, names in joins and leaves, auditorium answers",
    kept: "every event's type, stream, number, actor and time (line counts, first reply times and navigation counts in reports); led-to pages without their query",
    erase: async (tx, s) => {
      // The visitor's own events, and events about their seats or questions, lose their words...
      const own = await tx.$executeRaw`
        UPDATE "SessionEvent" e SET payload = (${strippedPayload}) - 'name'
        WHERE e."orgId" = ${s.orgId} AND e."sessionId" = ANY(${s.sessionIds})
          AND (e."actorParticipantId" = ANY(${s.participantIds})
            OR e.payload->>'participantId' = ANY(${s.participantIds})
            OR e.payload->>'questionId' = ANY(${s.questionIds})
            OR (e.type = 'session.started' AND EXISTS (
              SELECT 1 FROM "Session" ss WHERE ss.id = e."sessionId" AND ss."queueEntryId" = ANY(${s.queueEntryIds}))))`;
      // ...and what others said keeps its words but not the visitor's name or address.
      const mentions =
        s.mentionPattern === null
          ? 0
          : await tx.$executeRaw`
              UPDATE "SessionEvent" e SET payload = privacy_mask_jsonb(e.payload, ${s.mentionPattern}, ${MENTION_MASK})
              WHERE e."orgId" = ${s.orgId} AND e."sessionId" = ANY(${s.sessionIds}) AND e.payload::text ~* ${s.mentionPattern}`;
      return own + mentions;
    },
    age: [
      {
        kind: "sessions",
        run: (tx, b) => tx.$executeRaw`
          UPDATE "SessionEvent" e SET payload = ${strippedPayload}
          WHERE e."orgId" = ${b.orgId} AND e."sessionId" = ANY(${b.ids}) AND NOT (e.payload ? 'erased')
            AND (e.payload ?| ${[...CONTENT_KEYS, "text", "name"]}::text[] OR e.payload->>'url' ~ '[?#]')`,
      },
    ],
  },
  {
    table: "Session",
    columns: ["currentUrl"],
    holds: "the page the room is on: at first the visitor's referring page, whose query may carry their address or anything else",
    kept: "the session: times, status, outcome, tags (usage, billing and the archive); the page without its query",
    erase: (tx, s) => tx.$executeRaw`
      UPDATE "Session" SET "currentUrl" = ${pageOf(Prisma.sql`"currentUrl"`)}
      WHERE "orgId" = ${s.orgId} AND id = ANY(${s.sessionIds}) AND "currentUrl" ~ '[?#]'`,
    age: [
      {
        kind: "sessions",
        run: (tx, b) => tx.$executeRaw`
          UPDATE "Session" SET "currentUrl" = ${pageOf(Prisma.sql`"currentUrl"`)}
          WHERE "orgId" = ${b.orgId} AND id = ANY(${b.ids}) AND "currentUrl" ~ '[?#]'`,
      },
    ],
  },
  {
    table: "Question",
    columns: ["text", "answerText"],
    holds: "an auditorium attendee's question and its answer",
    kept: "status and times (how many questions an event had)",
    erase: (tx, s) => tx.$executeRaw`
      UPDATE "Question" SET text = '', "answerText" = NULL WHERE "orgId" = ${s.orgId} AND id = ANY(${s.questionIds})`,
    age: [
      {
        kind: "sessions",
        run: (tx, b) => tx.$executeRaw`
          UPDATE "Question" SET text = '', "answerText" = NULL
          WHERE "orgId" = ${b.orgId} AND "sessionId" = ANY(${b.ids}) AND (text <> '' OR "answerText" IS NOT NULL)`,
      },
    ],
  },
  {
    table: "SessionSearchDoc",
    columns: ["visitorName", "visitorEmail", "document", "visitorDoc"],
    holds: "the archive explorer's copy of the visitor's name and email and the words of the room",
    kept: "the row's figures (duration, wait, line count, outcome, agents), so the archive list and its CSV still count the session",
    // Rewritten from the erased base rows by erase-visitor.ts (indexEndedSession), which also drops
    // mentions in the rewritten document; nothing to do here first.
    erase: () => Promise.resolve(0),
    age: [
      {
        kind: "sessions",
        run: (tx, b) => tx.$executeRaw`
          UPDATE "SessionSearchDoc" SET "visitorName" = NULL, "visitorEmail" = NULL, document = ''::tsvector, "visitorDoc" = ''::tsvector
          WHERE "orgId" = ${b.orgId} AND "sessionId" = ANY(${b.ids})
            AND ("visitorName" IS NOT NULL OR "visitorEmail" IS NOT NULL OR document <> ''::tsvector OR "visitorDoc" <> ''::tsvector)`,
      },
    ],
  },
  {
    table: "ScheduledSession",
    columns: ["name", "email", "question", "title"],
    holds: "a booked visitor's name, email and question",
    kept: "when it was for, its status and session",
    erase: (tx, s) => tx.$executeRaw`
      UPDATE "ScheduledSession" SET name = NULL, email = NULL, question = '',
        title = CASE WHEN ${s.mentionPattern}::text IS NULL THEN title ELSE regexp_replace(title, ${s.mentionPattern}, ${MENTION_MASK}, 'gi') END
      WHERE "orgId" = ${s.orgId} AND ("visitorId" = ANY(${s.visitorIds}) OR lower(email) = ANY(${s.emails}))`,
    age: [
      {
        kind: "org",
        run: (tx, o) => tx.$executeRaw`
          UPDATE "ScheduledSession" SET name = NULL, email = NULL, question = ''
          WHERE "orgId" = ${o.orgId} AND "scheduledFor" < ${o.cutoff} AND status <> 'PENDING'
            AND (name IS NOT NULL OR email IS NOT NULL OR question <> '')`,
      },
    ],
  },
  {
    table: "EmailOutbox",
    columns: ["to", "subject", "text", "html"],
    holds: "emails to the visitor (scheduled-session links) with their name and address",
    kept: "nothing of an email to the visitor; staff emails (the visitor's name and address masked) until the retention",
    erase: async (tx, s) => {
      const sent = await tx.$executeRaw`DELETE FROM "EmailOutbox" WHERE "orgId" = ${s.orgId} AND lower("to") = ANY(${s.emails})`;
      const mentions =
        s.mentionPattern === null
          ? 0
          : await tx.$executeRaw`
              UPDATE "EmailOutbox" SET subject = regexp_replace(subject, ${s.mentionPattern}, ${MENTION_MASK}, 'gi'),
                text = regexp_replace(text, ${s.mentionPattern}, ${MENTION_MASK}, 'gi'), html = regexp_replace(html, ${s.mentionPattern}, ${MENTION_MASK}, 'gi')
              WHERE "orgId" = ${s.orgId} AND (subject ~* ${s.mentionPattern} OR text ~* ${s.mentionPattern} OR html ~* ${s.mentionPattern})`;
      return sent + mentions;
    },
    age: [
      {
        kind: "org",
        run: (tx, o) => tx.$executeRaw`
          DELETE FROM "EmailOutbox" WHERE "orgId" = ${o.orgId} AND "createdAt" < ${o.cutoff} AND status <> 'PENDING'`,
      },
    ],
  },
  {
    table: "RollupTermDay",
    columns: ["term"],
    holds: "words of questions and room lines, counted per day (a name or an address is a word)",
    kept: "terms of days inside the retention; erase-visitor.ts rebuilds the visitor's days from the erased rows",
    // Rebuilt after the erasure commits (rebuildTerms reads the base tables in its own transaction).
    erase: () => Promise.resolve(0),
    age: [
      // Days wholly before the cutoff go; the days around it are counted again from what is left
      // (the cutoff falls inside a local day, whose later lines are still inside the window).
      {
        kind: "org",
        run: async (tx, o) => {
          const w = localDayWindow(
            await orgTimeZone(o.orgId),
            new Date(o.cutoff.getTime() - DAY_MS),
            new Date(o.cutoff.getTime() + DAY_MS),
          );
          const gone = await tx.$executeRaw`DELETE FROM "RollupTermDay" WHERE "orgId" = ${o.orgId} AND day < ${w.fromDay}::date`;
          await rewriteTerms(tx, o.orgId, w);
          return gone;
        },
      },
    ],
  },
  {
    table: "Notification",
    columns: ["title", "body", "data"],
    holds: "staff notices; one may name a visitor",
    kept: "the notice, with the visitor's name and address masked",
    erase: async (tx, s) =>
      s.mentionPattern === null
        ? 0
        : tx.$executeRaw`
            UPDATE "Notification" SET title = regexp_replace(title, ${s.mentionPattern}, ${MENTION_MASK}, 'gi'),
              body = regexp_replace(body, ${s.mentionPattern}, ${MENTION_MASK}, 'gi'), data = privacy_mask_jsonb(data, ${s.mentionPattern}, ${MENTION_MASK})
            WHERE "orgId" = ${s.orgId} AND (title ~* ${s.mentionPattern} OR body ~* ${s.mentionPattern} OR data::text ~* ${s.mentionPattern})`,
  },
  {
    table: "SurveyAnswer",
    columns: ["comment"],
    holds: "the comment a visitor wrote with their rating (docs/surveys.md)",
    kept: "the rating and its scale: reports average them per agent",
    erase: (tx, s) => tx.$executeRaw`
      UPDATE "SurveyAnswer" SET comment = NULL
      WHERE "orgId" = ${s.orgId} AND comment IS NOT NULL AND ("visitorId" = ANY(${s.visitorIds}) OR "participantId" = ANY(${s.participantIds}))`,
    age: [
      {
        kind: "sessions",
        run: (tx, b) =>
          tx.$executeRaw`UPDATE "SurveyAnswer" SET comment = NULL WHERE "orgId" = ${b.orgId} AND "sessionId" = ANY(${b.ids}) AND comment IS NOT NULL`,
      },
    ],
  },
  {
    table: "LineTranslation",
    columns: ["text"],
    holds: "chat lines in a reader's language (docs/translation.md)",
    kept: "nothing: a cache, refilled from the lines as they are now",
    erase: (tx, s) => tx.$executeRaw`DELETE FROM "LineTranslation" WHERE "orgId" = ${s.orgId} AND "sessionId" = ANY(${s.sessionIds})`,
    age: [
      {
        kind: "sessions",
        run: (tx, b) => tx.$executeRaw`DELETE FROM "LineTranslation" WHERE "orgId" = ${b.orgId} AND "sessionId" = ANY(${b.ids})`,
      },
    ],
  },
  {
    table: "WebhookDelivery",
    columns: ["body"],
    holds: "the events sent to the org's own systems (a visitor's name, address, question)",
    kept: "the delivery log's times and status codes; bodies older than the retention go with their rows",
    erase: async (tx, s) => {
      // Their survey answers' bodies lose the comment whatever its spelling in JSON (escapes).
      const surveys = await tx.$executeRaw`
        UPDATE "WebhookDelivery" SET body = jsonb_set(body::jsonb, '{data,comment}', 'null'::jsonb)::text
        WHERE "orgId" = ${s.orgId} AND "eventType" = 'survey.answered' AND body::jsonb #>> '{data,participantId}' = ANY(${s.participantIds})`;
      if (s.mentionPattern === null) return surveys;
      return (
        surveys +
        (await tx.$executeRaw`
          UPDATE "WebhookDelivery" SET body = privacy_mask_jsonb(body::jsonb, ${s.mentionPattern}, ${MENTION_MASK})::text
          WHERE "orgId" = ${s.orgId} AND body ~* ${s.mentionPattern}`)
      );
    },
    age: [
      {
        kind: "org",
        run: (tx, o) =>
          tx.$executeRaw`DELETE FROM "WebhookDelivery" WHERE "orgId" = ${o.orgId} AND "createdAt" < ${o.cutoff} AND status <> 'PENDING'`,
      },
    ],
  },
];

/** Kinds the retention job walks, in order: sessions first, so a queue entry's session is done with it. */
export const AGE_KINDS: AgeKind[] = ["sessions", "queueEntries", "visitors"];

// The archive explorer's search document: one SessionSearchDoc row per ended session. Searching
// 10M chat events line by line would need an index over every line of every org; one document per
// session keeps the GIN index about sessions (1M at full scale), lets one row answer the search and
// every filter at once, and is written once, when the session ends, inside the ending transaction,
// so the explorer finds a session the moment it is over. The `archive` roll-up rebuilds the rows of
// any window from the base tables for `npm run reports:rebuild` only, which repairs a row whose
// session changed later in a way no end path saw. It stays out of the worker's minute refresh: the
// end and wrap-up paths keep the rows fresh, and rewriting a day's documents every minute held
// key-share locks on Session rows that a wrap-up's FOR UPDATE (under the routing lock) waited on.
//
// Only the room stream is indexed (the question and the room's chat lines): private lines
// (prompts, sidebars) never make a session findable by what they said.
import "server-only";
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import type { Rollup } from "../rollups";

/** tsvector has a 1 MB limit; a session's text is capped well below it (a long session is still found by its first ~200k characters). */
export const MAX_DOCUMENT_CHARS = 200_000;

/**
 * Room chat lines read into a document, first ones first. The end path builds the document under the
 * org's routing lock: an auditorium's 100,000 lines must not be read (and joined) there only to be
 * cut to MAX_DOCUMENT_CHARS afterwards. At up to 2,000 characters a line this still fills the cap.
 */
export const MAX_DOCUMENT_LINES = 2_000;

/** A session longer than this that ended in a rebuilt window is left to the row written when it ended. */
const LONGEST_SESSION_DAYS = 7;

/** The SELECT producing doc rows for the ended sessions matching `where` (a condition on "Session" s). */
function docRows(where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT s.id, s."orgId", s."startedAt", s."endedAt", s.kind, s."launcherId", s."scenarioId",
      coalesce(ag.ids, ARRAY[]::text[]), coalesce(ag.names, ''),
      coalesce(v.name, vp."displayName"), v.email,
      s.disposition, s."endReason",
      greatest(0, floor(extract(epoch FROM s."endedAt" - s."startedAt")))::int,
      CASE WHEN q."assignedAt" IS NULL THEN NULL ELSE greatest(0, floor(extract(epoch FROM q."assignedAt" - q."enqueuedAt")))::int END,
      coalesce(cnt.lines, 0)::int,
      to_tsvector('simple', left(coalesce(q.question, '') || E'\n' || coalesce(chat.body, ''), ${MAX_DOCUMENT_CHARS})),
      to_tsvector('simple', coalesce(v.name, vp."displayName", '') || ' ' || coalesce(v.email, '') || coalesce(E'\n' || others.names, ''))
    FROM "Session" s
    LEFT JOIN "QueueEntry" q ON q.id = s."queueEntryId"
    LEFT JOIN LATERAL (
      SELECT p."visitorId", p."displayName" FROM "Participant" p
      WHERE p."orgId" = s."orgId" AND p."sessionId" = s.id AND p.role = 'VISITOR'
      ORDER BY p."joinedAt" LIMIT 1
    ) vp ON true
    LEFT JOIN "Visitor" v ON v.id = coalesce(q."visitorId", vp."visitorId")
    LEFT JOIN LATERAL (
      -- Every other visitor seated (a collaboration room, an auditorium's audience): a search by
      -- name finds the session whichever of them is sought. The first MAX_DOCUMENT_LINES seats.
      SELECT string_agg(coalesce(ov.name, op."displayName", '') || ' ' || coalesce(ov.email, ''), E'\n') AS names FROM (
        SELECT p."visitorId", p."displayName" FROM "Participant" p
        WHERE p."orgId" = s."orgId" AND p."sessionId" = s.id AND p.role = 'VISITOR' AND p."visitorId" IS DISTINCT FROM coalesce(q."visitorId", vp."visitorId")
        ORDER BY p."joinedAt" LIMIT ${MAX_DOCUMENT_LINES}
      ) op LEFT JOIN "Visitor" ov ON ov.id = op."visitorId"
    ) others ON true
    LEFT JOIN LATERAL (
      SELECT array_agg(DISTINCT p."membershipId") AS ids, string_agg(DISTINCT p."displayName", ', ') AS names
      FROM "Participant" p
      WHERE p."orgId" = s."orgId" AND p."sessionId" = s.id AND p.role = 'AGENT' AND p."membershipId" IS NOT NULL
    ) ag ON true
    LEFT JOIN LATERAL (
      SELECT count(*) AS lines FROM "SessionEvent" e
      WHERE e."orgId" = s."orgId" AND e."sessionId" = s.id AND e.stream = 'room' AND e.type = 'chat'
    ) cnt ON true
    LEFT JOIN LATERAL (
      -- The first lines in seq order, stopping once MAX_DOCUMENT_LINES are read (the unique
      -- (orgId, sessionId, stream, seq) index walks them in order).
      SELECT string_agg(fl.text, E'\n' ORDER BY fl.seq) AS body FROM (
        SELECT e.seq, e.payload->>'text' AS text FROM "SessionEvent" e
        WHERE e."orgId" = s."orgId" AND e."sessionId" = s.id AND e.stream = 'room' AND e.type = 'chat'
        ORDER BY e.seq LIMIT ${MAX_DOCUMENT_LINES}
      ) fl
    ) chat ON true
    WHERE s.status = 'ENDED' AND s."endedAt" IS NOT NULL AND ${where}`;
}

const COLUMNS = Prisma.sql`("sessionId", "orgId", "startedAt", "endedAt", kind, "launcherId", "scenarioId", "agentIds", "agentNames",
  "visitorName", "visitorEmail", disposition, "endReason", "durationSec", "waitSec", "chatLines", document, "visitorDoc")`;

const UPSERT = Prisma.sql`ON CONFLICT ("sessionId") DO UPDATE SET
  "startedAt" = excluded."startedAt", "endedAt" = excluded."endedAt", kind = excluded.kind, "launcherId" = excluded."launcherId",
  "scenarioId" = excluded."scenarioId", "agentIds" = excluded."agentIds", "agentNames" = excluded."agentNames",
  "visitorName" = excluded."visitorName", "visitorEmail" = excluded."visitorEmail", disposition = excluded.disposition,
  "endReason" = excluded."endReason", "durationSec" = excluded."durationSec", "waitSec" = excluded."waitSec",
  "chatLines" = excluded."chatLines", document = excluded.document, "visitorDoc" = excluded."visitorDoc"`;

type Runner = Pick<Prisma.TransactionClient, "$executeRaw">;

/**
 * Writes (or rewrites) the search document of one session, if it has ended. Called inside the
 * transaction that ends the session (server/sessions/end.ts), so the row commits with the end, and
 * after a later wrap-up's commit (outside the routing lock: it reads the committed correction).
 */
export async function indexEndedSession(tx: Runner, orgId: string, sessionId: string): Promise<void> {
  await tx.$executeRaw`INSERT INTO "SessionSearchDoc" ${COLUMNS} ${docRows(Prisma.sql`s."orgId" = ${orgId} AND s.id = ${sessionId}`)} ${UPSERT}`;
}

/**
 * The roll-up: every document of `orgId` whose session started or ended in [from, to), rebuilt from
 * the base tables in one transaction (rows of sessions gone from the window are deleted first).
 */
export async function rebuildArchiveDocs(orgId: string, from: Date, to: Date): Promise<void> {
  // Bounded by startedAt so both statements walk the (orgId, startedAt) indexes, not every session of the org.
  const earliest = new Date(from.getTime() - LONGEST_SESSION_DAYS * 86_400_000);
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`
      DELETE FROM "SessionSearchDoc"
      WHERE "orgId" = ${orgId} AND "startedAt" >= ${earliest} AND "startedAt" < ${to}
        AND ("startedAt" >= ${from} OR ("endedAt" >= ${from} AND "endedAt" < ${to}))`;
      const written = await tx.$executeRaw`
      INSERT INTO "SessionSearchDoc" ${COLUMNS}
      ${docRows(Prisma.sql`s."orgId" = ${orgId} AND s."startedAt" >= ${earliest} AND s."startedAt" < ${to}
        AND (s."startedAt" >= ${from} OR (s."endedAt" >= ${from} AND s."endedAt" < ${to}))`)}
      ${UPSERT}`;
      // A bulk rebuild leaves the planner's statistics behind until autovacuum comes by; without them
      // it sorts every match instead of walking the (orgId, startedAt) index and stopping at a page.
      if (written > 10_000) await tx.$executeRaw`ANALYZE "SessionSearchDoc"`;
    },
    { timeout: 30 * 60_000 },
  );
}

export const archiveRollup: Rollup = { name: "archive", rebuild: rebuildArchiveDocs, refresh: false };

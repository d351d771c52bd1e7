// Term roll-up: per local day, how many visitor questions (QueueEntry.question, on the day they
// queued) and room chat lines (on the day they were said) contain each term. Tokens come from
// PostgreSQL's to_tsvector('simple', ...): its parser splits words, URLs and numbers and lower-cases
// them; unnest(tsvector) yields each distinct token of a text once, so a term counts texts, not
// repetitions. Private streams (sidebars, prompts, whispers) are never counted.
import "server-only";
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import type { Rollup } from "../rollups";
import { localDayWindow, orgTimeZone, type LocalDayWindow } from "../usage/window";
import { STOP_WORDS } from "./stop-words";

type W = Pick<LocalDayWindow, "timeZone" | "start" | "end">;

/** A term is a word: a letter, then letters, digits, '-' or '_', 3 to 40 characters in all. */
const TERM_RE = "^[[:alpha:]][[:alpha:][:digit:]_-]{2,39}$";
/** Only a question's or line's first characters are read: enough for any real sentence. */
const TEXT_LIMIT = 2000;

const termFilter = (col: Prisma.Sql) => Prisma.sql`${col} ~ ${TERM_RE} AND ${col} <> ALL(${[...STOP_WORDS]}::text[])`;

export function questionTermsSelect(orgId: string, w: W): Prisma.Sql {
  return Prisma.sql`
    SELECT (q."enqueuedAt" AT TIME ZONE ${w.timeZone})::date AS day, t.lexeme AS term, COUNT(*)::int AS n
    FROM "QueueEntry" q CROSS JOIN LATERAL unnest(to_tsvector('simple', LEFT(q.question, ${TEXT_LIMIT}))) t
    WHERE q."orgId" = ${orgId} AND q."enqueuedAt" >= ${w.start} AND q."enqueuedAt" < ${w.end} AND q.question <> ''
      AND ${termFilter(Prisma.sql`t.lexeme`)}
    GROUP BY 1, 2`;
}

export function chatTermsSelect(orgId: string, w: W): Prisma.Sql {
  return Prisma.sql`
    SELECT (e."createdAt" AT TIME ZONE ${w.timeZone})::date AS day, t.lexeme AS term, COUNT(*)::int AS n
    FROM "SessionEvent" e CROSS JOIN LATERAL unnest(to_tsvector('simple', LEFT(COALESCE(e.payload->>'text', ''), ${TEXT_LIMIT}))) t
    WHERE e."orgId" = ${orgId} AND e.type = 'chat' AND e.stream = 'room' AND e."createdAt" >= ${w.start} AND e."createdAt" < ${w.end}
      AND ${termFilter(Prisma.sql`t.lexeme`)}
    GROUP BY 1, 2`;
}

export async function rebuildTerms(orgId: string, from: Date, to: Date): Promise<void> {
  const w = localDayWindow(await orgTimeZone(orgId), from, to);
  await db.$transaction((tx) => rewriteTerms(tx, orgId, w), { timeout: 10 * 60_000, maxWait: 60_000 });
}

/** The window's term rows rewritten from the base tables, inside the caller's transaction (also the retention job's). */
export async function rewriteTerms(tx: Pick<typeof db, "$executeRaw">, orgId: string, w: LocalDayWindow): Promise<void> {
  await tx.$executeRaw`DELETE FROM "RollupTermDay" WHERE "orgId" = ${orgId} AND day BETWEEN ${w.fromDay}::date AND ${w.toDay}::date`;
  await tx.$executeRaw`
    INSERT INTO "RollupTermDay" ("orgId", source, day, term, n)
    SELECT ${orgId}, 'question', x.day, x.term, x.n FROM (${questionTermsSelect(orgId, w)}) x`;
  await tx.$executeRaw`
    INSERT INTO "RollupTermDay" ("orgId", source, day, term, n)
    SELECT ${orgId}, 'chat', x.day, x.term, x.n FROM (${chatTermsSelect(orgId, w)}) x`;
}

export const termsRollup: Rollup = { name: "terms", rebuild: rebuildTerms };

// The archive explorer's queries (server/reports/archive/search.ts, on SessionSearchDoc and its GIN
// indexes) against the naive way to get the same page: evaluate every chat line of the range with
// to_tsvector on the fly (and the visitors' questions), or join sessions to their visitors and
// agents, then sort the matching sessions. Both return the first page's session ids, newest first.
import { Prisma } from "../../server/generated/prisma/client";
import { db } from "../../server/db";
import { searchArchive, PAGE_SIZE } from "../../server/reports/archive/search";
import type { ReportRange } from "../../server/reports/range";
import type { ReportBenchCase, ReportBenchContext } from "./case";

const WORD = "grinder";
const PHRASE = '"coffee grinder" installments';

async function org(ctx: ReportBenchContext) {
  const row = await db.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { id: true, timeZone: true } });
  return row;
}

/** An agent with sessions in the history (the busiest one is as good as any). */
let agentId: Promise<string> | undefined;
function someAgent(ctx: ReportBenchContext): Promise<string> {
  agentId ??= db.membership
    .findFirstOrThrow({ where: { orgId: ctx.orgId, role: "AGENT" }, orderBy: { id: "asc" }, select: { id: true } })
    .then((m) => m.id);
  return agentId;
}

/** A visitor's first name that occurs in the history. */
let visitorWord: Promise<string> | undefined;
function someVisitor(ctx: ReportBenchContext): Promise<string> {
  visitorWord ??= db.visitor
    .findFirstOrThrow({ where: { orgId: ctx.orgId, name: { not: null } }, orderBy: { id: "asc" }, select: { name: true } })
    .then((v) => v.name!.split(/\s+/)[0]!.toLowerCase());
  return visitorWord;
}

const ids = (rows: { sessionId: string }[]) => rows.map((r) => r.sessionId);

async function fast(ctx: ReportBenchContext, range: ReportRange, filters: { q?: string; agentId?: string; visitor?: string }) {
  return ids((await searchArchive(await org(ctx), { from: range.fromDay, to: range.toDay, ...filters })).rows);
}

/** The page by scanning: every room chat line (and question) of the range through to_tsvector, then the sessions sorted. */
async function naiveText(ctx: ReportBenchContext, range: ReportRange, q: string, agent?: string) {
  const agentJoin = agent
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM "Participant" p WHERE p."orgId" = s."orgId" AND p."sessionId" = s.id AND p.role = 'AGENT' AND p."membershipId" = ${agent})`
    : Prisma.empty;
  const rows = await db.$queryRaw<{ sessionId: string }[]>`
    WITH said AS MATERIALIZED (
      SELECT e."sessionId", string_agg(e.payload->>'text', E'\n' ORDER BY e.seq) AS body
      FROM "SessionEvent" e
      WHERE e."orgId" = ${ctx.orgId} AND e.type = 'chat' AND e.stream = 'room'
        AND e."createdAt" >= ${range.start} AND e."createdAt" < ${new Date(range.end.getTime() + 7 * 86_400_000)}
      GROUP BY e."sessionId"
    )
    SELECT s.id AS "sessionId"
    FROM "Session" s
    LEFT JOIN "QueueEntry" q ON q.id = s."queueEntryId"
    LEFT JOIN said ON said."sessionId" = s.id
    WHERE s."orgId" = ${ctx.orgId} AND s.status = 'ENDED' AND s."startedAt" >= ${range.start} AND s."startedAt" < ${range.end}
      AND to_tsvector('simple', coalesce(q.question, '') || E'\n' || coalesce(said.body, '')) @@ websearch_to_tsquery('simple', ${q})
      ${agentJoin}
    ORDER BY s."startedAt" DESC, s.id DESC
    LIMIT ${PAGE_SIZE}`;
  return ids(rows);
}

async function naiveVisitor(ctx: ReportBenchContext, range: ReportRange, word: string) {
  const rows = await db.$queryRaw<{ sessionId: string }[]>`
    SELECT s.id AS "sessionId"
    FROM "Session" s
    JOIN "Participant" p ON p."orgId" = s."orgId" AND p."sessionId" = s.id AND p.role = 'VISITOR'
    LEFT JOIN "Visitor" v ON v.id = p."visitorId"
    WHERE s."orgId" = ${ctx.orgId} AND s.status = 'ENDED' AND s."startedAt" >= ${range.start} AND s."startedAt" < ${range.end}
      AND to_tsvector('simple', coalesce(v.name, p."displayName", '') || ' ' || coalesce(v.email, '')) @@ to_tsquery('simple', ${`'${word}':*`})
    GROUP BY s.id
    ORDER BY max(s."startedAt") DESC, s.id DESC
    LIMIT ${PAGE_SIZE}`;
  return ids(rows);
}

export const cases: ReportBenchCase[] = [
  {
    name: "archive: search a word, 12 months",
    fast: (ctx) => fast(ctx, ctx.year, { q: WORD }),
    naive: (ctx) => naiveText(ctx, ctx.year, WORD),
  },
  {
    name: "archive: phrase + word + agent, 12 months",
    fast: async (ctx) => fast(ctx, ctx.year, { q: PHRASE, agentId: await someAgent(ctx) }),
    naive: async (ctx) => naiveText(ctx, ctx.year, PHRASE, await someAgent(ctx)),
  },
  {
    name: "archive: search a word, page range",
    fast: (ctx) => fast(ctx, ctx.range, { q: WORD }),
    naive: (ctx) => naiveText(ctx, ctx.range, WORD),
  },
  {
    name: "archive: visitor name, 12 months",
    fast: async (ctx) => fast(ctx, ctx.year, { visitor: await someVisitor(ctx) }),
    naive: async (ctx) => naiveVisitor(ctx, ctx.year, await someVisitor(ctx)),
  },
];

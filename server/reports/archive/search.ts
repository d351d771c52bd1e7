// Searching the archive: ended sessions of one org by date range (the org's days), agent, launcher,
// scenario, visitor, outcome and the full text of what was said, newest first, a page at a time.
// Everything reads SessionSearchDoc (index-doc.ts): the date range walks (orgId, startedAt DESC),
// the text goes through the GIN index of the document, and the next page starts after the last
// row's (startedAt, sessionId) — a keyset, so page 500 costs what page 1 does.
import "server-only";
import { type z } from "zod";
import { safeString } from "../../api/schemas/safe-string";
import { db } from "../../db";
import { AppError } from "../../errors";
import { Prisma } from "../../generated/prisma/client";
import type { SessionDisposition } from "../../generated/prisma/enums";
import { reportRangeInput, resolveRange } from "../range";

export const MAX_SEARCH_CHARS = 200;
export const PAGE_SIZE = 50;
/** The CSV of a list holds at most this many sessions (narrow the filters for more). */
export const MAX_CSV_ROWS = 10_000;

export const DISPOSITION_LABELS: Record<SessionDisposition, string> = {
  RESOLVED: "Resolved",
  FOLLOW_UP: "Needs follow-up",
  NO_ANSWER: "No answer",
  SPAM: "Spam",
};

/** How a session can have ended (Session.endReason as the end paths write it). */
export const END_REASONS = ["wrapped up", "agent left", "everyone left", "producer ended"] as const;

/** The outcome filter's choices: a wrap-up disposition, "not wrapped up", or how it ended. */
export const OUTCOMES = [
  ...(Object.keys(DISPOSITION_LABELS) as SessionDisposition[]).map((d) => ({ value: `disposition:${d}`, label: DISPOSITION_LABELS[d] })),
  { value: "disposition:NONE", label: "Not wrapped up" },
  ...END_REASONS.map((r) => ({ value: `end:${r}`, label: `Ended: ${r}` })),
] as const;

const tooLong = (what: string, max: number) => `${what} can be at most ${max} characters.`;
const optionalText = (what: string, max: number) =>
  safeString()
    .max(max, tooLong(what, max))
    .transform((s) => s.trim())
    .optional();
const optionalId = safeString().trim().max(64, "That id is not valid.").optional();

export const archiveFilterInput = reportRangeInput.extend({
  q: optionalText("A search", MAX_SEARCH_CHARS),
  agentId: optionalId,
  launcherId: optionalId,
  scenarioId: optionalId,
  visitor: optionalText("The visitor filter", 100),
  outcome: safeString().max(64, "Choose an outcome from the list.").optional(),
});
export type ArchiveFilterInput = z.input<typeof archiveFilterInput>;

export const archiveSearchInput = archiveFilterInput.extend({
  cursor: safeString().max(200, "That page link is not valid.").optional(),
});
export type ArchiveSearchInput = z.input<typeof archiveSearchInput>;

export interface ArchiveRow {
  sessionId: string;
  startedAt: Date;
  endedAt: Date;
  kind: string;
  durationSec: number;
  waitSec: number | null;
  agentNames: string;
  visitorName: string | null;
  visitorEmail: string | null;
  launcherName: string | null;
  scenarioName: string | null;
  disposition: SessionDisposition | null;
  endReason: string | null;
  chatLines: number;
  /** The satisfaction survey (docs/surveys.md): the answers' average (stars 1-5, thumbs 1/0), their scale and count. */
  rating: number | null;
  ratingScale: "STARS" | "THUMBS" | null;
  ratingCount: number;
}

type Org = { id: string; timeZone: string };

/** A word or number somewhere in the text: a search of only punctuation finds nothing useful. */
const HAS_WORD = /[\p{L}\p{N}]/u;

/** The visitor filter as a prefix query on the visitor's name and email words ("ann sm" finds "Ann Smith"). */
export function visitorQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}@._+-]+/gu) ?? [];
  const terms = words.map((w) => w.replace(/^[._+-]+|[._+-]+$/g, "")).filter((w) => w.length > 0 && HAS_WORD.test(w));
  if (terms.length === 0) return null;
  // Each term quoted as a tsquery lexeme ('...'), prefix-matched; a quote cannot appear in a term.
  return terms
    .slice(0, 8)
    .map((t) => `'${t}':*`)
    .join(" & ");
}

function encodeCursor(row: { startedAt: Date; sessionId: string }): string {
  return Buffer.from(`${row.startedAt.toISOString()}|${row.sessionId}`).toString("base64url");
}

/**
 * A page link's time must be one a session could have started at: any parseable date is not (year 0
 * or 275760 parse in JavaScript and make PostgreSQL fail with a 500). Shared with the attendance list.
 */
export function isPlausibleCursorTime(t: Date): boolean {
  const ms = t.getTime();
  return !Number.isNaN(ms) && ms >= Date.UTC(2000, 0, 1) && ms < Date.UTC(2100, 0, 1);
}

function decodeCursor(cursor: string): { startedAt: Date; sessionId: string } {
  const raw = Buffer.from(cursor, "base64url").toString("utf8");
  const [iso, sessionId] = raw.split("|");
  const startedAt = new Date(iso ?? "");
  if (!iso || !sessionId || !isPlausibleCursorTime(startedAt) || sessionId.length > 64) {
    throw new AppError("BAD_REQUEST", "That page link is not valid; start the search again.");
  }
  return { startedAt, sessionId };
}

/** Checks the filters against the org (unknown ids are a clear BAD_REQUEST) and builds the WHERE. */
async function whereFor(org: Org, raw: ArchiveFilterInput): Promise<Prisma.Sql> {
  const parsed = archiveFilterInput.safeParse(raw);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "Check the filters.");
  const f = parsed.data;
  const range = resolveRange({ from: f.from, to: f.to }, org.timeZone);
  const parts: Prisma.Sql[] = [
    Prisma.sql`d."orgId" = ${org.id}`,
    Prisma.sql`d."startedAt" >= ${range.start}`,
    Prisma.sql`d."startedAt" < ${range.end}`,
  ];

  const [agent, launcher, scenario] = await Promise.all([
    f.agentId ? db.membership.findFirst({ where: { id: f.agentId, orgId: org.id }, select: { id: true } }) : null,
    f.launcherId ? db.launcher.findFirst({ where: { id: f.launcherId, orgId: org.id }, select: { id: true } }) : null,
    f.scenarioId ? db.scenario.findFirst({ where: { id: f.scenarioId, orgId: org.id }, select: { id: true } }) : null,
  ]);
  if (f.agentId) {
    if (!agent) throw new AppError("BAD_REQUEST", "That agent is not in this organization; choose one from the list.");
    parts.push(Prisma.sql`d."agentIds" @> ARRAY[${agent.id}]::text[]`);
  }
  if (f.launcherId) {
    if (!launcher) throw new AppError("BAD_REQUEST", "That launcher is not in this organization; choose one from the list.");
    parts.push(Prisma.sql`d."launcherId" = ${launcher.id}`);
  }
  if (f.scenarioId) {
    if (!scenario) throw new AppError("BAD_REQUEST", "That scenario is not in this organization; choose one from the list.");
    parts.push(Prisma.sql`d."scenarioId" = ${scenario.id}`);
  }
  if (f.visitor) {
    const vq = visitorQuery(f.visitor);
    if (!vq) throw new AppError("BAD_REQUEST", "Type part of the visitor's name or email.");
    parts.push(Prisma.sql`d."visitorDoc" @@ to_tsquery('simple', ${vq})`);
  }
  if (f.outcome) {
    const outcome = OUTCOMES.find((o) => o.value === f.outcome);
    if (!outcome) throw new AppError("BAD_REQUEST", "Choose an outcome from the list.");
    const [kind, value] = [outcome.value.slice(0, outcome.value.indexOf(":")), outcome.value.slice(outcome.value.indexOf(":") + 1)];
    if (kind === "end") parts.push(Prisma.sql`d."endReason" = ${value}`);
    else if (value === "NONE") parts.push(Prisma.sql`d.disposition IS NULL`);
    else parts.push(Prisma.sql`d.disposition = ${value}::"SessionDisposition"`);
  }
  if (f.q) {
    if (!HAS_WORD.test(f.q)) throw new AppError("BAD_REQUEST", "Search for at least one word.");
    // websearch syntax: words (all of them), "a phrase", or, -word. Never a syntax error.
    parts.push(Prisma.sql`d.document @@ websearch_to_tsquery('simple', ${f.q})`);
  }
  return Prisma.join(parts, " AND ");
}

type DocRow = Omit<ArchiveRow, "launcherName" | "scenarioName"> & { launcherId: string | null; scenarioId: string };

async function fetchRows(where: Prisma.Sql, after: { startedAt: Date; sessionId: string } | null, limit: number): Promise<DocRow[]> {
  const keyset = after ? Prisma.sql`AND (d."startedAt", d."sessionId") < (${after.startedAt}, ${after.sessionId})` : Prisma.empty;
  // Named statements (server/db.ts) switch to a generic plan after a few runs on a connection; a
  // generic plan cannot know whether the text or the agent is rare, and picked the wrong index here
  // (100 ms became 1 s on the 1M-row table). This query is planned for its own values every time.
  const [, rows] = await db.$transaction([
    db.$executeRaw`SET LOCAL plan_cache_mode = force_custom_plan`,
    db.$queryRaw<DocRow[]>`
    SELECT d."sessionId", d."startedAt", d."endedAt", d.kind::text AS kind, d."durationSec", d."waitSec", d."agentNames",
      d."visitorName", d."visitorEmail", d."launcherId", d."scenarioId", d.disposition::text AS disposition, d."endReason", d."chatLines",
      sv.rating, sv.scale AS "ratingScale", coalesce(sv.n, 0)::int AS "ratingCount"
    FROM "SessionSearchDoc" d
    -- Answers come after the session ended (and its search row was written): read per listed row
    -- through the (orgId, sessionId) index, never stored in the row.
    LEFT JOIN LATERAL (
      SELECT avg(a.rating)::float8 AS rating, min(a.scale::text) AS scale, count(*) AS n
      FROM "SurveyAnswer" a WHERE a."orgId" = d."orgId" AND a."sessionId" = d."sessionId"
    ) sv ON true
    WHERE ${where} ${keyset}
    ORDER BY d."startedAt" DESC, d."sessionId" DESC
    LIMIT ${limit}`,
  ]);
  return rows;
}

async function withNames(orgId: string, rows: DocRow[]): Promise<ArchiveRow[]> {
  const launcherIds = [...new Set(rows.map((r) => r.launcherId).filter((x): x is string => x !== null))];
  const scenarioIds = [...new Set(rows.map((r) => r.scenarioId))];
  const [launchers, scenarios] = await Promise.all([
    launcherIds.length ? db.launcher.findMany({ where: { orgId, id: { in: launcherIds } }, select: { id: true, name: true } }) : [],
    scenarioIds.length ? db.scenario.findMany({ where: { orgId, id: { in: scenarioIds } }, select: { id: true, name: true } }) : [],
  ]);
  const ln = new Map(launchers.map((l) => [l.id, l.name]));
  const sn = new Map(scenarios.map((s) => [s.id, s.name]));
  return rows.map(({ launcherId, scenarioId, ...r }) => ({
    ...r,
    launcherName: launcherId ? (ln.get(launcherId) ?? null) : null,
    scenarioName: sn.get(scenarioId) ?? null,
  }));
}

/** One page of matching sessions, newest first, and the cursor of the next page (null: the last one). */
export async function searchArchive(
  org: Org,
  input: ArchiveSearchInput,
  pageSize = PAGE_SIZE,
): Promise<{ rows: ArchiveRow[]; nextCursor: string | null }> {
  const where = await whereFor(org, input);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await fetchRows(where, after, pageSize + 1);
  const page = rows.slice(0, pageSize);
  return { rows: await withNames(org.id, page), nextCursor: rows.length > pageSize ? encodeCursor(page.at(-1)!) : null };
}

/** Every matching session (up to MAX_CSV_ROWS), for the CSV; `truncated` says more matched. */
export async function archiveListForCsv(
  org: Org,
  input: ArchiveFilterInput,
  maxRows = MAX_CSV_ROWS,
): Promise<{ rows: ArchiveRow[]; truncated: boolean }> {
  const where = await whereFor(org, input);
  const out: DocRow[] = [];
  let after: DocRow | null = null;
  for (;;) {
    const want = Math.min(2_000, maxRows + 1 - out.length);
    const batch = await fetchRows(where, after, want);
    out.push(...batch);
    if (batch.length === 0 || out.length > maxRows || batch.length < want) break;
    after = batch.at(-1)!;
  }
  return { rows: await withNames(org.id, out.slice(0, maxRows)), truncated: out.length > maxRows };
}

/** The filters' choices for one org: agents (anyone ever seated as an agent may be a member of any role), launchers, scenarios. */
export async function archiveFilterOptions(orgId: string) {
  const [members, launchers, scenarios] = await Promise.all([
    db.membership.findMany({
      where: { orgId },
      select: { id: true, displayName: true, active: true, user: { select: { name: true, email: true } } },
    }),
    db.launcher.findMany({ where: { orgId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.scenario.findMany({ where: { orgId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  const agents = members
    .map((m) => ({ id: m.id, name: `${m.displayName ?? m.user.name ?? m.user.email}${m.active ? "" : " (inactive)"}` }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { agents, launchers, scenarios, outcomes: OUTCOMES.map((o) => ({ value: o.value, label: o.label })) };
}

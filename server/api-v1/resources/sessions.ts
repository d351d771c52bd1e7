// GET /sessions (the archive's search: server/reports/archive/search.ts) and GET /sessions/{id} (its
// transcript, room lines only: server/reports/archive/transcript.ts). Both cover ended sessions.
import "server-only";
import { z } from "zod";
import { safeString } from "../../api/schemas/safe-string";
import { MAX_SEARCH_CHARS, OUTCOMES, searchArchive } from "../../reports/archive/search";
import { sessionTranscript } from "../../reports/archive/transcript";
import { defineRoute } from "../route";
import { dayRange, dayRangeQuery, idParam, iso, noQuery, timestamp } from "../schemas";

const OUTCOME_VALUES = OUTCOMES.map((o) => o.value) as [string, ...string[]];

const listQuery = z.strictObject({
  ...dayRangeQuery,
  agent: safeString().min(1).max(64).optional().describe("Only sessions an agent (a member id) was seated in."),
  launcher: safeString().min(1).max(64).optional().describe("Only sessions that came through this launcher id."),
  outcome: z
    .enum(OUTCOME_VALUES)
    .optional()
    .describe("A wrap-up outcome (`disposition:RESOLVED`, `disposition:NONE` for none) or how it ended (`end:agent left`)."),
  q: safeString().max(MAX_SEARCH_CHARS).optional().describe("Full-text search of the question and the room's lines."),
  cursor: safeString().max(200).optional().describe("`nextCursor` of the previous page."),
  limit: z.coerce.number().int().min(1).max(100).default(50).describe("Sessions per page, 1 to 100."),
});

const sessionSummary = z.object({
  id: z.string(),
  startedAt: timestamp,
  endedAt: timestamp,
  kind: z.string().describe("SUPPORT, COLLABORATION or AUDITORIUM."),
  durationSec: z.number().int(),
  waitSec: z.number().int().nullable().describe("Time in the queue; null when the session did not come through it."),
  agentNames: z.string(),
  visitorName: z.string().nullable(),
  visitorEmail: z.string().nullable(),
  launcherName: z.string().nullable(),
  scenarioName: z.string().nullable(),
  disposition: z.string().nullable(),
  endReason: z.string().nullable(),
  chatLines: z.number().int(),
});

export const listSessions = defineRoute({
  method: "GET",
  path: "/sessions",
  operationId: "listSessions",
  tag: "Sessions",
  summary: "List ended sessions",
  description:
    "Newest first, filtered; page with `cursor` until `nextCursor` is null. Days are the organization's (its time zone); a range covers at most 366 days.",
  scope: "read",
  query: listQuery,
  response: z.object({ data: z.array(sessionSummary), nextCursor: z.string().nullable() }),
  async handle({ caller, query }) {
    const org = { id: caller.orgId, timeZone: caller.timeZone };
    const { rows, nextCursor } = await searchArchive(
      org,
      {
        ...dayRange(query, caller.timeZone),
        agentId: query.agent,
        launcherId: query.launcher,
        outcome: query.outcome,
        q: query.q,
        cursor: query.cursor,
      },
      query.limit,
    );
    return {
      data: rows.map(({ sessionId, startedAt, endedAt, ...r }) => ({
        id: sessionId,
        startedAt: iso(startedAt),
        endedAt: iso(endedAt),
        ...r,
      })),
      nextCursor,
    };
  },
});

export const getSession = defineRoute({
  method: "GET",
  path: "/sessions/{id}",
  operationId: "getSession",
  tag: "Sessions",
  summary: "One ended session with its transcript",
  description:
    "The room's lines and events as everyone in the session saw them; private lines (prompts, sidebars, whispers) are not included. A live session answers 404 until it ends.",
  scope: "read",
  params: idParam,
  query: noQuery,
  response: z.object({
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    startedAt: timestamp,
    endedAt: timestamp.nullable(),
    endReason: z.string().nullable(),
    disposition: z.string().nullable(),
    tags: z.array(z.string()),
    timeZone: z.string(),
    participants: z.array(
      z.object({
        id: z.string(),
        role: z.string(),
        name: z.string(),
        joinedAt: timestamp,
        leftAt: timestamp.nullable(),
      }),
    ),
    transcript: z.array(
      z.object({
        at: timestamp,
        seq: z.number().int(),
        type: z.string().describe("chat, navigate, participant.joined, participant.left, session.started, session.ended, ..."),
        actor: z.string().nullable(),
        text: z.string().nullable(),
        url: z.string().nullable(),
      }),
    ),
  }),
  async handle({ caller, params }) {
    const t = await sessionTranscript({ id: caller.orgId, timeZone: caller.timeZone }, params.id);
    return {
      ...t.session,
      timeZone: t.timeZone,
      participants: t.participants,
      transcript: t.events.filter((e) => !e.private).map(({ at, seq, type, actor, text, url }) => ({ at, seq, type, actor, text, url })),
    };
  },
});

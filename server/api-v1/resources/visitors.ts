// Visitors: look one up by email or by the id in their cookie, read one with their sessions, and
// set the staff's notes on them (the notes the agent console shows: server/agents/context.ts).
import "server-only";
import { z } from "zod";
import { NOTES_MAX } from "../../agents/context";
import { safeString, storableText } from "../../api/schemas/safe-string";
import { apiKeyActor } from "../../access/actor";
import { recordAudit } from "../../access/audit";
import { db } from "../../db";
import { notFound } from "../../errors";
import { ApiError } from "../errors";
import { defineRoute } from "../route";
import { idParam, iso, isoOrNull, noQuery, timestamp } from "../schemas";

const LOOKUP_MAX = 50;
const RECENT_SESSIONS = 20;

const visitorSummary = z.object({
  id: z.string(),
  cookieId: z.string().describe("The random id in the visitor's iSession cookie."),
  name: z.string().nullable(),
  email: z.string().nullable(),
  notes: z.string(),
  firstSeenAt: timestamp,
  lastSeenAt: timestamp,
});

const summarySelect = {
  id: true,
  cookieId: true,
  name: true,
  email: true,
  notes: true,
  firstSeenAt: true,
  lastSeenAt: true,
} as const;
type SummaryRow = {
  id: string;
  cookieId: string;
  name: string | null;
  email: string | null;
  notes: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
};
const summary = (v: SummaryRow) => ({ ...v, firstSeenAt: iso(v.firstSeenAt), lastSeenAt: iso(v.lastSeenAt) });

export const lookupVisitors = defineRoute({
  method: "GET",
  path: "/visitors",
  operationId: "lookupVisitors",
  tag: "Visitors",
  summary: "Find visitors by email or cookie id",
  description: `Exactly one of \`email\` (case-insensitive, exact) or \`cookieId\`. At most ${LOOKUP_MAX} visitors, most recently seen first.`,
  scope: "read",
  query: z
    .strictObject({
      email: z.string().trim().max(320).check(storableText).optional().describe("The email the visitor gave."),
      cookieId: safeString().trim().min(1).max(64).optional(),
    })
    .refine((q) => (q.email === undefined) !== (q.cookieId === undefined), "Give exactly one of `email` or `cookieId`."),
  response: z.object({ data: z.array(visitorSummary) }),
  async handle({ caller, query }) {
    if (query.email !== undefined && !query.email.includes("@")) throw new ApiError("BAD_REQUEST", "`email` must be an email address.");
    const rows = await db.visitor.findMany({
      where: {
        orgId: caller.orgId,
        ...(query.cookieId !== undefined ? { cookieId: query.cookieId } : { email: { equals: query.email, mode: "insensitive" as const } }),
      },
      orderBy: { lastSeenAt: "desc" },
      take: LOOKUP_MAX,
      select: summarySelect,
    });
    return { data: rows.map(summary) };
  },
});

export const getVisitor = defineRoute({
  method: "GET",
  path: "/visitors/{id}",
  operationId: "getVisitor",
  tag: "Visitors",
  summary: "One visitor and their recent sessions",
  scope: "read",
  params: idParam,
  query: noQuery,
  response: visitorSummary.extend({
    sessions: z
      .array(
        z.object({
          id: z.string(),
          title: z.string(),
          status: z.string(),
          startedAt: timestamp,
          endedAt: timestamp.nullable(),
        }),
      )
      .describe(`The visitor's ${RECENT_SESSIONS} most recent sessions with the organization.`),
  }),
  async handle({ caller, params }) {
    const v = await db.visitor.findFirst({
      where: { id: params.id, orgId: caller.orgId },
      select: summarySelect,
    });
    if (!v) throw notFound("Visitor");
    const sessions = await db.session.findMany({
      where: { orgId: caller.orgId, participants: { some: { visitorId: v.id } } },
      orderBy: { startedAt: "desc" },
      take: RECENT_SESSIONS,
      select: { id: true, title: true, status: true, startedAt: true, endedAt: true },
    });
    return {
      ...summary(v),
      sessions: sessions.map((s) => ({ ...s, startedAt: iso(s.startedAt), endedAt: isoOrNull(s.endedAt) })),
    };
  },
});

export const updateVisitor = defineRoute({
  method: "PATCH",
  path: "/visitors/{id}",
  operationId: "updateVisitor",
  tag: "Visitors",
  summary: "Set the staff's notes on a visitor",
  description: "Replaces the notes agents see beside the visitor in the console. Needs a read-write key.",
  scope: "write",
  params: idParam,
  query: noQuery,
  body: z.strictObject({
    notes: safeString().max(NOTES_MAX, `Notes can be at most ${NOTES_MAX} characters.`),
  }),
  response: visitorSummary,
  async handle({ caller, params, body }) {
    const v = await db.$transaction(async (tx) => {
      const updated = await tx.visitor.updateMany({
        where: { id: params.id, orgId: caller.orgId },
        data: { notes: body.notes },
      });
      if (updated.count === 0) throw notFound("Visitor");
      await recordAudit(tx, apiKeyActor(caller.keyId), {
        orgId: caller.orgId,
        action: "visitor.notes_updated",
        targetType: "Visitor",
        targetId: params.id,
      });
      return tx.visitor.findUniqueOrThrow({ where: { id: params.id }, select: summarySelect });
    });
    return summary(v);
  },
});

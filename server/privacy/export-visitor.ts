// Subject access (docs/privacy.md): everything the org holds about one visitor, as JSON. The visitor
// row (staff notes included: they are about the visitor), their queue entries, bookings, survey
// answers, auditorium questions, and each session they sat in with its public transcript: the room's lines as the room saw
// them, without private streams (prompts, sidebars) or unseen staff, which the visitor never saw.
import "server-only";
import { ROOM_STREAM } from "../../lib/session-events";
import type { MemberActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import { db } from "../db";
import { INVISIBLE_ROLES } from "../sessions/visibility";
import { visitorsFor, type VisitorIdentifier } from "./identify";

export const EXPORT_FORMAT = "isession.subject-access.v1";

export async function exportVisitor(input: {
  orgId: string;
  /** Who asked (its ip is kept on the audit row). */
  actor: MemberActor;
  identifier: VisitorIdentifier;
  now?: Date;
}) {
  const { orgId } = input;
  const { identifier, visitors } = await visitorsFor(orgId, input.identifier);
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true } });
  const out = [];
  for (const v of visitors) {
    const [entries, scheduled, seats] = await Promise.all([
      db.queueEntry.findMany({
        where: { orgId, visitorId: v.id },
        orderBy: { enqueuedAt: "asc" },
        select: {
          id: true,
          question: true,
          referrerUrl: true,
          clientAddress: true,
          status: true,
          enqueuedAt: true,
          assignedAt: true,
          endedAt: true,
        },
      }),
      db.scheduledSession.findMany({
        where: { orgId, visitorId: v.id },
        orderBy: { scheduledFor: "asc" },
        select: { id: true, name: true, email: true, question: true, scheduledFor: true, status: true },
      }),
      db.participant.findMany({ where: { orgId, visitorId: v.id }, orderBy: { joinedAt: "asc" }, select: { id: true, sessionId: true } }),
    ]);
    // Their survey answers (docs/surveys.md): the rating and the comment are theirs.
    const surveys = await db.surveyAnswer.findMany({
      where: { orgId, OR: [{ visitorId: v.id }, { participantId: { in: seats.map((s) => s.id) } }] },
      orderBy: { answeredAt: "asc" },
      select: { sessionId: true, scale: true, value: true, rating: true, comment: true, answeredAt: true },
    });
    const sessionIds = [...new Set(seats.map((s) => s.sessionId))];
    const sessions = await db.session.findMany({
      where: { orgId, id: { in: sessionIds } },
      orderBy: { startedAt: "asc" },
      select: {
        id: true,
        kind: true,
        title: true,
        status: true,
        startedAt: true,
        endedAt: true,
        participants: {
          where: { role: { notIn: [...INVISIBLE_ROLES] } },
          orderBy: { joinedAt: "asc" },
          select: { id: true, role: true, displayName: true, visitorId: true, clientAddress: true, joinedAt: true, leftAt: true },
        },
        events: {
          where: { stream: ROOM_STREAM },
          orderBy: { seq: "asc" },
          select: { seq: true, type: true, actorParticipantId: true, payload: true, createdAt: true },
        },
        questions: {
          where: { asker: { visitorId: v.id } },
          orderBy: { askedAt: "asc" },
          select: { text: true, status: true, answerText: true, askedAt: true },
        },
      },
    });
    out.push({
      id: v.id,
      name: v.name,
      email: v.email,
      notes: v.notes,
      firstSeenAt: v.firstSeenAt.toISOString(),
      lastSeenAt: v.lastSeenAt.toISOString(),
      queueEntries: entries.map((e) => ({
        ...e,
        enqueuedAt: e.enqueuedAt.toISOString(),
        assignedAt: e.assignedAt?.toISOString() ?? null,
        endedAt: e.endedAt?.toISOString() ?? null,
      })),
      scheduledSessions: scheduled.map((s) => ({ ...s, scheduledFor: s.scheduledFor.toISOString() })),
      surveyAnswers: surveys.map((a) => ({ ...a, answeredAt: a.answeredAt.toISOString() })),
      sessions: sessions.map((s) => {
        const names = new Map(s.participants.map((p) => [p.id, p.displayName]));
        return {
          id: s.id,
          kind: s.kind,
          title: s.title,
          status: s.status,
          startedAt: s.startedAt.toISOString(),
          endedAt: s.endedAt?.toISOString() ?? null,
          // Other people's IP addresses are theirs, not this visitor's.
          participants: s.participants.map((p) => ({
            role: p.role,
            name: p.displayName,
            you: p.visitorId === v.id,
            ...(p.visitorId === v.id ? { clientAddress: p.clientAddress } : {}),
            joinedAt: p.joinedAt.toISOString(),
            leftAt: p.leftAt?.toISOString() ?? null,
          })),
          transcript: s.events.map((e) => ({
            seq: e.seq,
            at: e.createdAt.toISOString(),
            type: e.type,
            by: e.actorParticipantId ? (names.get(e.actorParticipantId) ?? null) : null,
            ...publicFields(e.payload),
          })),
          questions: s.questions.map((q) => ({ ...q, askedAt: q.askedAt.toISOString() })),
        };
      }),
    });
  }
  await recordAudit(db, input.actor, {
    orgId,
    action: "privacy.visitor_exported",
    targetType: "Visitor",
    targetId: visitors[0]!.id,
    data: { identifier: identifier.kind, visitorIds: visitors.map((v) => v.id) },
  });
  return { format: EXPORT_FORMAT, exportedAt: (input.now ?? new Date()).toISOString(), organization: org.name, visitors: out };
}

/** The words of a room event as the room saw them (text, a page led to, a question at the start). */
function publicFields(payload: unknown): { text?: string; url?: string; question?: string } {
  const p = (payload ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof p[k] === "string" && p[k] !== "" ? { [k]: p[k] as string } : {});
  return { ...str("text"), ...str("url"), ...str("question") };
}

export type SubjectAccessExport = Awaited<ReturnType<typeof exportVisitor>>;

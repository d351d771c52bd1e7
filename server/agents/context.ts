// The context panel beside a conversation in the agent console: the visitor's question and
// referring page, their earlier sessions (for replay), and the staff's notes on them. The caller
// must hold a seat in the session (or be staff who may read every session), else NOT_FOUND.
// It also carries the entry's stamp, the visitor's IP address and the time they asked for help
// (the 1999 design's annotation at entry): staff-only, and personal data (docs/sessions.md).
import "server-only";
import { can } from "../access/permissions";
import { db } from "../db";
import { AppError } from "../errors";
import type { MemberRole } from "../generated/prisma/enums";
import { visitorEntryStamps } from "../sessions/entry-stamp";
import { earlierSessionRatings } from "../visitors/earlier-sessions";

export const NOTES_MAX = 5000;

export async function sessionContext({
  orgId,
  membershipId,
  role,
  sessionId,
}: {
  orgId: string;
  membershipId: string;
  role: MemberRole;
  sessionId: string;
}) {
  const session = await db.session.findFirst({
    where: {
      id: sessionId,
      orgId,
      ...(can(role, "sessions.read") ? {} : { participants: { some: { membershipId } } }),
    },
    select: {
      id: true,
      currentUrl: true,
      queueEntry: { select: { question: true, referrerUrl: true, enqueuedAt: true } },
      participants: { where: { role: "VISITOR" }, orderBy: { joinedAt: "asc" }, take: 1, select: { visitorId: true } },
    },
  });
  if (!session) throw new AppError("NOT_FOUND", "Session not found.");
  const visitorId = session.participants[0]?.visitorId ?? null;
  const [stamp] = await visitorEntryStamps(orgId, session.id);
  const visitor = visitorId
    ? await db.visitor.findFirst({
        where: { id: visitorId, orgId },
        select: { id: true, name: true, email: true, notes: true, firstSeenAt: true },
      })
    : null;
  const earlier = visitor
    ? await db.session.findMany({
        where: { orgId, id: { not: session.id }, participants: { some: { visitorId: visitor.id } } },
        orderBy: { startedAt: "desc" },
        take: 10,
        select: { id: true, title: true, startedAt: true, endedAt: true, status: true, queueEntry: { select: { question: true } } },
      })
    : [];
  const ratings = visitor
    ? await earlierSessionRatings(
        db,
        orgId,
        visitor.id,
        earlier.map((s) => s.id),
      )
    : new Map();
  return {
    sessionId: session.id,
    question: session.queueEntry?.question ?? "",
    referrerUrl: session.queueEntry?.referrerUrl ?? null,
    entry: stamp ? { clientAddress: stamp.clientAddress, at: stamp.at } : null,
    visitor,
    earlierSessions: earlier.map((s) => ({
      id: s.id,
      title: s.title,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      status: s.status,
      question: s.queueEntry?.question ?? "",
      rating: ratings.get(s.id) ?? null,
    })),
  };
}

/**
 * Saves the staff's notes on a visitor. Like reading them (sessionContext), writing needs a seat in
 * one of the visitor's sessions, or a role that may read every session: otherwise any agent could
 * overwrite any visitor's notes by id. Anyone else gets NOT_FOUND, as for another org's visitor.
 */
export async function setVisitorNotes({
  orgId,
  membershipId,
  role,
  visitorId,
  notes,
}: {
  orgId: string;
  membershipId: string;
  role: MemberRole;
  visitorId: string;
  notes: string;
}) {
  if (notes.length > NOTES_MAX) throw new AppError("BAD_REQUEST", `Notes can be at most ${NOTES_MAX} characters.`, { field: "notes" });
  const served = can(role, "sessions.read") ? {} : { participants: { some: { session: { participants: { some: { membershipId } } } } } };
  const updated = await db.visitor.updateMany({ where: { id: visitorId, orgId, ...served }, data: { notes } });
  if (updated.count === 0) throw new AppError("NOT_FOUND", "Visitor not found.");
  const v = await db.visitor.findUniqueOrThrow({ where: { id: visitorId }, select: { notes: true } });
  return { visitorId, notes: v.notes, savedAt: new Date() };
}

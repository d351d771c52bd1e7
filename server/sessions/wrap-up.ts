// Wrap-up: after the visitor left (or whenever the agent is done), the agent records what came of
// the session (a disposition from one fixed list) and free tags, kept on the session for reports,
// and the session ends. An agent seated in the session or a manager of its org may do it; a
// session already ended keeps its end and only takes the wrap-up (a correction overwrites it).
import "server-only";
import { type StoredEvent } from "../archive/append";
import { can } from "../access/permissions";
import { dropMinutesPastLeave, meterVisitorMinutes } from "../billing/metering";
import { db } from "../db";
import { AppError } from "../errors";
import type { SessionDisposition } from "../generated/prisma/enums";
import { applyEffects, newEffects } from "../routing/effects";
import { lockOrgRouting } from "../routing/lock";
import { publishStoredEvents } from "../realtime/stored-events";
import { endSessionInTx } from "./end";
import { indexEndedSession } from "../reports/archive/index-doc";

export const DISPOSITIONS = ["RESOLVED", "FOLLOW_UP", "NO_ANSWER", "SPAM"] as const satisfies readonly SessionDisposition[];
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 40;

/** Tags as kept: trimmed, inner spaces collapsed, empty ones dropped, case-insensitive duplicates once (first spelling). */
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.replace(/\s+/g, " ").trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  if (out.length > MAX_TAGS) throw new AppError("BAD_REQUEST", `At most ${MAX_TAGS} tags.`, { field: "tags" });
  const long = out.find((t) => t.length > MAX_TAG_LENGTH);
  if (long)
    throw new AppError("BAD_REQUEST", `A tag can be at most ${MAX_TAG_LENGTH} characters ("${long.slice(0, 20)}…").`, { field: "tags" });
  return out;
}

export async function wrapUpSession(input: {
  userId: string;
  sessionId: string;
  disposition: SessionDisposition;
  tags: readonly string[];
  now?: Date;
}): Promise<{ ended: boolean; disposition: SessionDisposition; tags: string[] }> {
  const now = input.now ?? new Date();
  const tags = normaliseTags(input.tags);
  const session = await db.session.findUnique({ where: { id: input.sessionId }, select: { id: true, orgId: true } });
  const membership = session
    ? await db.membership.findFirst({
        where: { orgId: session.orgId, userId: input.userId, active: true },
        select: { id: true, role: true },
      })
    : null;
  // Another org's session, or one that doesn't exist: the same answer.
  if (!session || !membership) throw new AppError("NOT_FOUND", "Session not found.");
  const manager = can(membership.role, "sessions.monitor");

  const fx = newEffects();
  const { events, ended } = await db.$transaction(async (tx) => {
    await lockOrgRouting(tx, session.orgId);
    const [locked] = await tx.$queryRaw<{ status: string; queueEntryId: string | null }[]>`
      SELECT status, "queueEntryId" FROM "Session" WHERE id = ${session.id} FOR UPDATE`;
    const active = locked?.status === "ACTIVE";
    // The agent who wraps up is seated in it (still present while it runs); a manager needs no seat.
    const seat = await tx.participant.findFirst({
      where: { sessionId: session.id, membershipId: membership.id, role: "AGENT", ...(active ? { leftAt: null } : {}) },
      orderBy: { joinedAt: "desc" },
      select: { id: true },
    });
    if (!seat && !manager)
      throw new AppError("FORBIDDEN", "Only an agent of this session or a manager can wrap it up.", { permission: "sessions.monitor" });
    await tx.session.update({
      where: { id: session.id },
      data: { disposition: input.disposition, tags, wrappedUpAt: now, wrappedUpBy: membership.id },
    });
    if (!active) return { events: [] as StoredEvent[], ended: false };
    const agents = await tx.participant.findMany({
      where: { sessionId: session.id, leftAt: null, role: "AGENT", membershipId: { not: null } },
      select: { membershipId: true },
    });
    const out = await endSessionInTx(tx, fx, {
      orgId: session.orgId,
      sessionId: session.id,
      queueEntryId: locked!.queueEntryId,
      actorParticipantId: seat?.id ?? null,
      endReason: "wrapped up",
      message: "The agent wrapped up the session.",
      idleMembershipIds: agents.map((a) => a.membershipId!),
      now,
    });
    // Billing: the visitors' last minutes are closed exactly (docs/billing.md), as on leaving.
    await dropMinutesPastLeave(tx, { orgId: session.orgId, sessionId: session.id });
    await meterVisitorMinutes(tx, { now, session: { orgId: session.orgId, sessionId: session.id } });
    return { events: out, ended: true };
  });
  // A correction of an ended session re-indexes after its commit, outside the routing lock: the
  // document reads the committed disposition; a later correction re-indexes after its own commit.
  if (!ended) await indexEndedSession(db, session.orgId, session.id);
  await publishStoredEvents(session.id, events);
  await applyEffects(fx);
  return { ended, disposition: input.disposition, tags };
}

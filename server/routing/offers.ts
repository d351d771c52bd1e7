// Answers to offers: accept (one transaction: the session, the seats, every other offer withdrawn),
// decline, expiry at the ring timeout, and withdrawal when the agent or the visitor goes away.
import "server-only";
import { visitorSeatAvatar } from "../avatars/seat";
import { EVENTS, type OfferWithdrawn, type SessionAssigned } from "../../lib/realtime-events";
import { randomUUID } from "node:crypto";
import { db, dbPool } from "../db";
import { AppError, isAppError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { appendEvents, type NewEvent } from "../archive/append";
import { storedEventNotices } from "../realtime/stored-events";
import { rejoinWaitingSession } from "../sessions/rejoin";
import { createVisitorSeatInTx, refuseOverRoomCaps, roomDisplayName } from "../sessions/room";
import { startSessionForEntry, type StartingEntry } from "../sessions/start-session";
import { applyEffects, newEffects, type RoutingEffects } from "./effects";
import { lockedAgent, lockEntries } from "./load";
import { lockOrgRouting } from "./lock";
import { queueWebhookEvent } from "../webhooks/emit";

type Tx = Prisma.TransactionClient;

/**
 * Withdraws the entry's other pending offers and tells those agents, in one statement; `alongside`
 * (a WITH clause) is the caller's own writes, carried by the same statement.
 */
async function withdrawOtherOffers(
  tx: Tx,
  fx: RoutingEffects,
  queueEntryId: string,
  exceptOfferId: string | null,
  reason: OfferWithdrawn["reason"],
  alongside: Prisma.Sql = Prisma.empty,
) {
  const others = await tx.$queryRaw<{ id: string; membershipId: string }[]>`
    ${alongside}
    UPDATE "QueueOffer" SET status = 'WITHDRAWN', "respondedAt" = ${new Date()}
    WHERE "queueEntryId" = ${queueEntryId} AND status = 'PENDING' AND id <> ${exceptOfferId ?? ""}
    RETURNING id, "membershipId"`;
  for (const o of others) {
    fx.notices.push({
      audience: { to: "member", membershipId: o.membershipId },
      event: EVENTS.offerWithdrawn,
      data: { offerId: o.id, reason } satisfies OfferWithdrawn,
    });
  }
}

/**
 * The offer as it is now, with everything starting a session for its entry needs, in one
 * statement. Read after the entry's row is locked (a statement of its own: a row locked by
 * FOR UPDATE is read again after the wait, the rows joined to it are not).
 */
async function offeredEntry(tx: Tx, offerId: string, membershipId: string) {
  const [row] = await tx.$queryRaw<
    (StartingEntry & { offerStatus: string; expiresAt: Date; entryStatus: string; liveSessionId: string | null })[]
  >`
    SELECT o.status::text AS "offerStatus", o."expiresAt", e.status::text AS "entryStatus",
      e.id, e."launcherId", e."visitorId", e.question, e."referrerUrl", e."avatarUrl", e."clientAddress",
      org.name AS "orgName", sc.id AS "scenarioId", sc.kind::text AS kind, sc."batonPolicy"::text AS "batonPolicy", sc.avatars AS "scenarioAvatars",
      v.name AS "visitorName", m."displayName" AS "memberDisplayName", m."avatarUrl" AS "memberAvatarUrl", u.name AS "userName", u.email AS "userEmail",
      (SELECT s.id FROM "Session" s WHERE s."queueEntryId" = e.id AND s.status = 'ACTIVE') AS "liveSessionId",
      EXISTS (SELECT 1 FROM "WebhookEndpoint" w WHERE w."orgId" = e."orgId" AND w.enabled AND 'session.started' = ANY(w.events)) AS "startedHooked"
    FROM "QueueOffer" o
    JOIN "QueueEntry" e ON e.id = o."queueEntryId"
    JOIN "Organization" org ON org.id = e."orgId"
    JOIN "Scenario" sc ON sc.id = e."scenarioId"
    JOIN "Visitor" v ON v.id = e."visitorId"
    JOIN "Membership" m ON m.id = ${membershipId}
    JOIN "User" u ON u.id = m."userId"
    WHERE o.id = ${offerId}`;
  if (!row) throw new AppError("NOT_FOUND", "Offer not found.");
  return row;
}

/**
 * Accepts inside the caller's transaction: under the org's routing lock (dispatch's auto-accept,
 * rooms), or for a plain one-on-one entry under row locks only (acceptOffer).
 */
export async function acceptInTx(tx: Tx, fx: RoutingEffects, input: { orgId: string; offerId: string; membershipId: string; now: Date }) {
  // The agent's row, then the entry's (load.ts, lockEntries): what is read next is what this accept
  // commits on, and another accept of the entry or by the agent waits for it.
  const agent = await lockedAgent(tx, input.orgId, input.membershipId);
  const [locked] = await tx.$queryRaw<{ id: string }[]>`
    SELECT e.id FROM "QueueEntry" e
    WHERE e.id = (SELECT o."queueEntryId" FROM "QueueOffer" o WHERE o.id = ${input.offerId} AND o."orgId" = ${input.orgId} AND o."membershipId" = ${input.membershipId})
    FOR NO KEY UPDATE`;
  if (!locked || !agent) throw new AppError("NOT_FOUND", "Offer not found.");
  const entry = await offeredEntry(tx, input.offerId, input.membershipId);
  if (entry.offerStatus === "WITHDRAWN") throw new AppError("CONFLICT", "Someone else took this request, or the visitor left.");
  if (entry.offerStatus !== "PENDING") throw new AppError("CONFLICT", "This request is no longer open.");
  if (entry.expiresAt.getTime() <= input.now.getTime()) {
    throw new AppError("CONFLICT", "This request timed out and went to the next agent.");
  }
  // The offer was within capacity when made; a session taken meanwhile may have filled it.
  if (agent.load + 1 > agent.capacity) {
    throw new AppError("CONFLICT", `You are at your capacity of ${agent.capacity} session${agent.capacity === 1 ? "" : "s"}.`);
  }
  if (entry.entryStatus !== "OFFERED") throw new AppError("CONFLICT", "This request is no longer open.");

  // A visitor sent back to the queue from a live session waits inside it: the agent joins that room.
  const rejoined = entry.liveSessionId
    ? await rejoinWaitingSession(tx, fx, { orgId: input.orgId, queueEntryId: entry.id, membershipId: input.membershipId, now: input.now })
    : null;
  const started = rejoined
    ? null
    : (await startSessionForEntry(tx, { orgId: input.orgId, entry, membershipId: input.membershipId, now: input.now })).session;
  const session = rejoined ?? started!;
  // A collaboration room just started: those waiting for the same room link come in with it.
  if (started?.kind === "COLLABORATION") {
    await gatherWaitingIntoRoomInTx(tx, fx, {
      ...input,
      sessionId: started.id,
      launcherId: started.launcherId,
      scenarioId: started.scenarioId,
      exceptEntryId: entry.id,
    });
  }
  // The offer, the entry, the agent and the entry's other offers in one statement; taking a
  // session puts the agent at the back of the "longest idle" line.
  await withdrawOtherOffers(
    tx,
    fx,
    entry.id,
    input.offerId,
    "taken",
    Prisma.sql`WITH o AS (UPDATE "QueueOffer" SET status = 'ACCEPTED', "respondedAt" = ${input.now} WHERE id = ${input.offerId}),
    e AS (UPDATE "QueueEntry" SET status = 'ASSIGNED', "assignedAt" = ${input.now}, "assignedMembershipId" = ${input.membershipId} WHERE id = ${entry.id}),
    a AS (UPDATE "AgentPresence" SET "idleSince" = ${input.now}, "updatedAt" = ${new Date()} WHERE "membershipId" = ${input.membershipId})`,
  );

  fx.notices.push(
    { audience: { to: "queueVisitor", queueEntryId: entry.id }, event: EVENTS.queueConnected, data: { sessionId: session.id } },
    {
      audience: { to: "member", membershipId: input.membershipId },
      event: EVENTS.sessionAssigned,
      data: { sessionId: session.id, queueEntryId: entry.id } satisfies SessionAssigned,
    },
  );
  fx.queueChanged.add(input.orgId);
  return { sessionId: session.id };
}

/**
 * Visitors who queued by a collaboration room's launcher before its room ran (each click made an
 * entry) would otherwise each start a room of their own, with an agent each. When the room starts,
 * they are seated in it, oldest first, within the caps (the rest keep their place and start the
 * next room); their entries become ASSIGNED to the accepting agent and their waiting pages are
 * sent in. Inside accept's transaction and routing lock.
 */
async function gatherWaitingIntoRoomInTx(
  tx: Tx,
  fx: RoutingEffects,
  input: {
    orgId: string;
    sessionId: string;
    launcherId: string | null;
    scenarioId: string;
    exceptEntryId: string;
    membershipId: string;
    now: Date;
  },
): Promise<void> {
  if (!input.launcherId) return;
  const waiting = await tx.queueEntry.findMany({
    where: {
      orgId: input.orgId,
      launcherId: input.launcherId,
      scenarioId: input.scenarioId,
      status: { in: ["WAITING", "OFFERED"] },
      id: { not: input.exceptEntryId },
      session: null,
    },
    orderBy: [{ priority: "desc" }, { enqueuedAt: "asc" }, { id: "asc" }],
    select: { id: true, visitorId: true, question: true, avatarUrl: true, clientAddress: true, visitor: { select: { name: true } } },
  });
  if (waiting.length === 0) return;
  const scenario = await tx.scenario.findUniqueOrThrow({
    where: { id: input.scenarioId },
    select: { maxSeats: true, batonPolicy: true, avatars: true },
  });
  const events: NewEvent[] = [];
  for (const entry of waiting) {
    try {
      await refuseOverRoomCaps(tx, { orgId: input.orgId, sessionId: input.sessionId, maxSeats: scenario.maxSeats }, entry.id);
    } catch (e) {
      if (isAppError(e) && e.code === "CONFLICT") break;
      throw e;
    }
    const { events: joined } = await createVisitorSeatInTx(tx, {
      orgId: input.orgId,
      sessionId: input.sessionId,
      visitorId: entry.visitorId,
      displayName: await roomDisplayName(tx, input.sessionId, entry.visitor.name),
      batonPolicy: scenario.batonPolicy,
      firstLine: entry.question,
      avatarUrl: visitorSeatAvatar(entry.avatarUrl, scenario.avatars),
      clientAddress: entry.clientAddress,
      now: input.now,
    });
    events.push(...joined);
    await tx.queueEntry.update({
      where: { id: entry.id },
      data: { status: "ASSIGNED", assignedAt: input.now, assignedMembershipId: input.membershipId },
    });
    await withdrawOtherOffers(tx, fx, entry.id, null, "taken");
    fx.notices.push({
      audience: { to: "queueVisitor", queueEntryId: entry.id },
      event: EVENTS.queueConnected,
      data: { sessionId: input.sessionId },
    });
  }
  const stored = await appendEvents(tx, { orgId: input.orgId, sessionId: input.sessionId, events });
  fx.notices.push(...storedEventNotices(input.sessionId, stored));
}

/** The function's answers other than "ok" and "slow", as the errors acceptInTx throws for them. */
function plainAcceptRefusal(status: string, capacity: number | null): AppError {
  switch (status) {
    case "not_found":
      return new AppError("NOT_FOUND", "Offer not found.");
    case "withdrawn":
      return new AppError("CONFLICT", "Someone else took this request, or the visitor left.");
    case "expired":
      return new AppError("CONFLICT", "This request timed out and went to the next agent.");
    case "capacity":
      return new AppError("CONFLICT", `You are at your capacity of ${capacity} session${capacity === 1 ? "" : "s"}.`);
    case "closed":
      return new AppError("CONFLICT", "This request is no longer open.");
    default:
      throw new Error(`route_accept_plain answered ${status}`);
  }
}

const newSeatId = () => `c${randomUUID().replaceAll("-", "")}`;
const PLAIN_ACCEPT_SQL = `SELECT status, capacity, session_id AS "sessionId", entry_id AS "entryId", withdrawn FROM route_accept_plain($1, $2, $3, $4, $5, $6, $7)`;

/**
 * A plain one-on-one accept (no room, no visitor waiting inside a live session, no webhook on
 * session.started) in one round trip: the database function route_accept_plain runs the same
 * statements as acceptInTx + startSessionForEntry, in the same lock order, as one implicit
 * transaction (migration 20261205093000_route_accept_plain; docs/routing.md says why). Null: not a
 * plain case, nothing written; the caller takes the general path.
 */
async function acceptPlain(
  fx: RoutingEffects,
  input: { orgId: string; offerId: string; membershipId: string; now: Date },
): Promise<{ sessionId: string } | null> {
  const { rows } = await dbPool().query<{
    status: string;
    capacity: number | null;
    sessionId: string | null;
    entryId: string | null;
    withdrawn: { id: string; membershipId: string }[] | null;
  }>({
    name: "route_accept_plain",
    text: PLAIN_ACCEPT_SQL,
    values: [input.orgId, input.offerId, input.membershipId, input.now, newSeatId(), newSeatId(), newSeatId()],
  });
  const row = rows[0]!;
  if (row.status === "slow") return null;
  if (row.status !== "ok") throw plainAcceptRefusal(row.status, row.capacity);
  const sessionId = row.sessionId!;
  const entryId = row.entryId!;
  for (const o of row.withdrawn ?? []) {
    fx.notices.push({
      audience: { to: "member", membershipId: o.membershipId },
      event: EVENTS.offerWithdrawn,
      data: { offerId: o.id, reason: "taken" } satisfies OfferWithdrawn,
    });
  }
  fx.notices.push(
    { audience: { to: "queueVisitor", queueEntryId: entryId }, event: EVENTS.queueConnected, data: { sessionId } },
    {
      audience: { to: "member", membershipId: input.membershipId },
      event: EVENTS.sessionAssigned,
      data: { sessionId, queueEntryId: entryId } satisfies SessionAssigned,
    },
  );
  fx.queueChanged.add(input.orgId);
  return { sessionId };
}

export async function acceptOffer(input: { orgId: string; offerId: string; membershipId: string; now?: Date }) {
  const fx = newEffects();
  const now = input.now ?? new Date();
  const plain = await acceptPlain(fx, { ...input, now });
  if (plain) {
    await applyEffects(fx);
    return plain;
  }
  const result = await db.$transaction(async (tx) => {
    // A one-on-one entry's accept changes only its own rows (agent, entry, offers, a new session),
    // locked in acceptInTx, so accepts run side by side and never wait on a dispatch round. A room
    // (gathering others within the seat caps) or a visitor waiting inside a live session touches
    // rows other routing decisions share: those take the org's lock, as everything else does.
    if (await touchesSharedRows(tx, input)) await lockOrgRouting(tx, input.orgId);
    return acceptInTx(tx, fx, { ...input, now });
  });
  await applyEffects(fx);
  return result;
}

async function touchesSharedRows(tx: Tx, input: { orgId: string; offerId: string }): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ shared: boolean }[]>`
    SELECT sc.kind <> 'ONE_ON_ONE' OR EXISTS (SELECT 1 FROM "Session" s WHERE s."queueEntryId" = e.id) AS shared
    FROM "QueueOffer" o JOIN "QueueEntry" e ON e.id = o."queueEntryId" JOIN "Scenario" sc ON sc.id = e."scenarioId"
    WHERE o.id = ${input.offerId} AND o."orgId" = ${input.orgId}`;
  return row?.shared ?? false;
}

/** Ends a pending offer without a session; the entry waits again and routing moves on. */
async function closeOffer(
  input: { orgId: string; offerId: string; membershipId?: string; now?: Date },
  status: "DECLINED" | "TIMED_OUT",
): Promise<boolean> {
  const now = input.now ?? new Date();
  const fx = newEffects();
  const closed = await db.$transaction(async (tx) => {
    await lockOrgRouting(tx, input.orgId);
    const where = { id: input.offerId, orgId: input.orgId, ...(input.membershipId ? { membershipId: input.membershipId } : {}) };
    // The entry's row first: an accept of it (which does not take the org's lock) is over or waits.
    const found = await tx.queueOffer.findFirst({ where, select: { queueEntryId: true } });
    if (found) await lockEntries(tx, [found.queueEntryId]);
    const offer =
      found &&
      (await tx.queueOffer.findFirst({
        where,
        select: { id: true, status: true, expiresAt: true, queueEntryId: true, membershipId: true },
      }));
    if (!offer) {
      if (status === "DECLINED") throw new AppError("NOT_FOUND", "Offer not found.");
      return false;
    }
    if (offer.status !== "PENDING") return false; // already answered: expiry after accept is a no-op
    if (status === "TIMED_OUT" && offer.expiresAt.getTime() > now.getTime()) return false; // a retried job, too early
    await tx.queueOffer.update({ where: { id: offer.id }, data: { status, respondedAt: now } });
    await requeueIfUnoffered(tx, offer.queueEntryId);
    if (status === "TIMED_OUT") {
      fx.notices.push({
        audience: { to: "member", membershipId: offer.membershipId },
        event: EVENTS.offerWithdrawn,
        data: { offerId: offer.id, reason: "timed_out" } satisfies OfferWithdrawn,
      });
    }
    fx.queueChanged.add(input.orgId);
    fx.dispatch.add(input.orgId);
    return true;
  });
  await applyEffects(fx);
  return closed;
}

/** An entry whose last pending offer ended goes back to waiting, keeping its place. */
export async function requeueIfUnoffered(tx: Tx, queueEntryId: string): Promise<void> {
  const stillPending = await tx.queueOffer.count({ where: { queueEntryId, status: "PENDING" } });
  if (stillPending === 0) {
    await tx.queueEntry.updateMany({ where: { id: queueEntryId, status: "OFFERED" }, data: { status: "WAITING" } });
  }
}

export function declineOffer(input: { orgId: string; offerId: string; membershipId: string; now?: Date }) {
  return closeOffer(input, "DECLINED");
}

export function expireOffer(input: { orgId: string; offerId: string; now?: Date }) {
  return closeOffer(input, "TIMED_OUT");
}

/** Safety net for lost expiry jobs: every pending offer past its time, in every org. */
export async function expireDueOffers(now = new Date()): Promise<number> {
  const due = await db.queueOffer.findMany({
    where: { status: "PENDING", expiresAt: { lte: now } },
    select: { id: true, orgId: true },
    take: 500,
  });
  let n = 0;
  for (const o of due) if (await expireOffer({ orgId: o.orgId, offerId: o.id, now })) n++;
  return n;
}

/** The agent left a routable state: its pending offers go back to the queue. Inside the lock. */
export async function withdrawAgentOffers(tx: Tx, fx: RoutingEffects, orgId: string, membershipId: string): Promise<void> {
  const where = { orgId, membershipId, status: "PENDING" as const };
  // Entries first (an accept by another agent may be taking one), then the offers still pending.
  await lockEntries(
    tx,
    (await tx.queueOffer.findMany({ where, select: { queueEntryId: true } })).map((o) => o.queueEntryId),
  );
  const pending = await tx.queueOffer.findMany({ where, select: { id: true, queueEntryId: true } });
  for (const o of pending) {
    await tx.queueOffer.update({ where: { id: o.id }, data: { status: "WITHDRAWN", respondedAt: new Date() } });
    await requeueIfUnoffered(tx, o.queueEntryId);
    fx.notices.push({
      audience: { to: "member", membershipId },
      event: EVENTS.offerWithdrawn,
      data: { offerId: o.id, reason: "agent_unavailable" } satisfies OfferWithdrawn,
    });
  }
  if (pending.length > 0) {
    fx.queueChanged.add(orgId);
    fx.dispatch.add(orgId);
  }
}

/** The visitor left (or chose a later session): its entry closes and its offers are withdrawn. Inside the lock. */
export async function closeEntryInTx(
  tx: Tx,
  fx: RoutingEffects,
  input: { orgId: string; queueEntryId: string; status: "ABANDONED" | "SCHEDULED" | "EXPIRED"; reason: string; now: Date },
): Promise<boolean> {
  const updated = await tx.queueEntry.updateMany({
    where: { id: input.queueEntryId, orgId: input.orgId, status: { in: ["WAITING", "OFFERED"] } },
    data: { status: input.status, endedAt: input.now, endReason: input.reason },
  });
  if (updated.count === 0) return false;
  if (input.status === "ABANDONED") {
    await queueWebhookEvent(tx, input.orgId, "visitor.abandoned", async () => ({
      queueEntryId: input.queueEntryId,
      visitorId: (await tx.queueEntry.findUnique({ where: { id: input.queueEntryId }, select: { visitorId: true } }))?.visitorId ?? null,
      reason: input.reason,
      abandonedAt: input.now.toISOString(),
    }));
  }
  await withdrawOtherOffers(tx, fx, input.queueEntryId, null, "visitor_left");
  fx.queueChanged.add(input.orgId);
  fx.dispatch.add(input.orgId);
  return true;
}

/**
 * Staff barged into the session a requeued visitor waits in (sessions/staff.ts): they serve the
 * visitor now, so the entry is theirs and its offers are withdrawn; otherwise routing would seat
 * whoever accepts as a second agent. Inside the lock.
 */
export async function assignEntryToStaffInTx(
  tx: Tx,
  fx: RoutingEffects,
  input: { orgId: string; queueEntryId: string; sessionId: string; membershipId: string; now: Date },
): Promise<boolean> {
  const updated = await tx.queueEntry.updateMany({
    where: { id: input.queueEntryId, orgId: input.orgId, status: { in: ["WAITING", "OFFERED"] } },
    data: { status: "ASSIGNED", assignedAt: input.now, assignedMembershipId: input.membershipId },
  });
  if (updated.count === 0) return false;
  await withdrawOtherOffers(tx, fx, input.queueEntryId, null, "taken");
  fx.notices.push({
    audience: { to: "queueVisitor", queueEntryId: input.queueEntryId },
    event: EVENTS.queueConnected,
    data: { sessionId: input.sessionId },
  });
  fx.queueChanged.add(input.orgId);
  fx.dispatch.add(input.orgId);
  return true;
}

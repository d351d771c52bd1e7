// Collaboration rooms (issue 13, item 2): a COLLABORATION session is a room that any number of
// visitors and staff join while it runs. Routing seats the first agent (the queue, as for a
// one-on-one); after that, visitors come in directly, by the launcher (the "room link") or by an
// invitation a participant shares, and staff from the Rooms list (sessions/staff.ts). Every way in
// seats under the org's routing lock and the session row's lock, so the seat caps hold against
// dispatch and against each other, and a refused join (full, ended) stores nothing: the visitor's
// row is written in the same transaction as the seat.
import "server-only";
import { avatarField, visitorSeatAvatar } from "../avatars/seat";
import { EVENTS, type SessionsChanged } from "../../lib/realtime-events";
import { appendEvents, type NewEvent } from "../archive/append";
import { db } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { publishNotices } from "../realtime/notices";
import { lockOrgRouting } from "../routing/lock";
import { seatsHeld } from "../routing/load";
import { publishStoredEvents } from "../realtime/stored-events";
import { INVISIBLE_ROLES } from "./visibility";

type Tx = Prisma.TransactionClient;

/**
 * What a person refused at a full room can do instead. Only trying again: the entry flow has no
 * "leave a message", and booking a later time needs a queue entry, which a room join never makes.
 */
export type FullChoice = "try_again";

/**
 * The typed refusal of a full room: CONFLICT with `details.reason` `room_full` (the scenario's
 * `maxSeats`) or `seat_cap` (the org's `maxConcurrentSeats`), and what the person can do instead.
 */
export function roomFull(reason: "room_full" | "seat_cap", cap: number): AppError {
  const message =
    reason === "room_full"
      ? `This room is full: all ${cap} places are taken. Someone may leave soon, so try again in a few minutes.`
      : "This room can't take anyone else right now: every live seat of this business is in use. Please try again in a few minutes.";
  const choices: FullChoice[] = ["try_again"];
  return new AppError("CONFLICT", message, { reason, cap, choices });
}

/** Refuses one more visible seat over the scenario's `maxSeats` or the org's seat cap. Under both locks. */
export async function refuseOverRoomCaps(
  tx: Tx,
  room: { orgId: string; sessionId: string; maxSeats: number | null },
  /** A queue entry being seated now: its own offered seats are the one being taken, not held besides. */
  exceptQueueEntryId?: string,
): Promise<void> {
  if (room.maxSeats !== null) {
    const seated = await tx.participant.count({
      where: { sessionId: room.sessionId, leftAt: null, role: { notIn: [...INVISIBLE_ROLES] } },
    });
    if (seated + 1 > room.maxSeats) throw roomFull("room_full", room.maxSeats);
  }
  const org = await tx.organization.findUniqueOrThrow({ where: { id: room.orgId }, select: { maxConcurrentSeats: true } });
  if (org.maxConcurrentSeats !== null) {
    // Offered entries hold their seats, as in dispatch (routing/load.ts).
    const used = await seatsHeld(tx, room.orgId, exceptQueueEntryId);
    if (used + 1 > org.maxConcurrentSeats) throw roomFull("seat_cap", org.maxConcurrentSeats);
  }
}

/** Several unnamed people in one room must still be told apart in the Who list and the chat. */
export async function roomDisplayName(tx: Tx, sessionId: string, known: string | null | undefined): Promise<string> {
  return known?.trim() || `Visitor ${(await tx.participant.count({ where: { sessionId, role: "VISITOR" } })) + 1}`;
}

/**
 * A visitor's seat in a room and the events that announce it (the caller appends them): may lead
 * when the policy lets anyone take the baton, as the room's first visitor (start-session.ts); what
 * they typed in the launcher's form is said to the room, as the first visitor's question is.
 */
export async function createVisitorSeatInTx(
  tx: Tx,
  input: {
    orgId: string;
    sessionId: string;
    visitorId: string;
    displayName: string;
    batonPolicy: string;
    firstLine?: string | null;
    /** Decided by the caller from the entry and the scenario (server/avatars/seat.ts). */
    avatarUrl?: string | null;
    /** The address the web server decided for the request that seats them (staff read it). */
    clientAddress?: string | null;
    now: Date;
  },
): Promise<{ seat: { id: string; displayName: string }; events: NewEvent[] }> {
  const seat = await tx.participant.create({
    data: {
      orgId: input.orgId,
      sessionId: input.sessionId,
      role: "VISITOR",
      canLead: input.batonPolicy === "ANYONE_TAKES",
      visitorId: input.visitorId,
      displayName: input.displayName,
      avatarUrl: input.avatarUrl ?? null,
      clientAddress: input.clientAddress ?? null,
      joinedAt: input.now,
    },
    select: { id: true, displayName: true, avatarUrl: true },
  });
  const events: NewEvent[] = [
    {
      type: "participant.joined",
      actorParticipantId: seat.id,
      payload: { role: "VISITOR", name: seat.displayName, ...avatarField(seat.avatarUrl) },
    },
  ];
  const line = input.firstLine?.trim();
  if (line) events.push({ type: "chat", actorParticipantId: seat.id, payload: { text: line } });
  return { seat, events };
}

/**
 * The room a launcher's visitors join without queueing: the newest live COLLABORATION session
 * started from this launcher for this scenario. None (never started, or ended): the visitor queues
 * and the room that routing starts is the new one.
 */
export async function runningRoomFor(input: { orgId: string; launcherId: string; scenarioId: string }) {
  return db.session.findFirst({
    where: { orgId: input.orgId, launcherId: input.launcherId, scenarioId: input.scenarioId, kind: "COLLABORATION", status: "ACTIVE" },
    orderBy: { startedAt: "desc" },
    select: { id: true },
  });
}

export type RoomVisitor = {
  cookieId: string;
  /** Null when the scenario does not ask: the name we know for this browser, else "Visitor 3". */
  name: string | null;
  email?: string | null;
  userId?: string | null;
};

/**
 * Seats a visitor in a live room: a VISITOR seat (may lead when the scenario's baton policy lets
 * anyone take it), `participant.joined` for the room and, when they wrote one, their first line.
 * The same browser already present gets its seat back (a second click, another tab) instead of a
 * second seat. Refused: NOT_FOUND (no such room in this org), PRECONDITION_FAILED `room_ended`,
 * CONFLICT `room_full` / `seat_cap`; nothing is written then.
 */
export async function seatVisitorInRoom(input: {
  orgId: string;
  sessionId: string;
  visitor: RoomVisitor;
  firstLine?: string;
  /** The entry's avatar (page rule, launcher), if the visitor came by the launcher. */
  avatarUrl?: string | null;
  clientAddress?: string | null;
  now?: Date;
}): Promise<{ sessionId: string; participantId: string; rejoined: boolean }> {
  const now = input.now ?? new Date();
  const result = await db.$transaction(async (tx) => {
    // A seat counts against the org's cap, which dispatch and accept decide under this lock.
    await lockOrgRouting(tx, input.orgId);
    const [room] = await tx.$queryRaw<{ status: string; kind: string; scenarioId: string }[]>`
      SELECT status, kind, "scenarioId" FROM "Session" WHERE id = ${input.sessionId} AND "orgId" = ${input.orgId} FOR UPDATE`;
    if (!room || room.kind !== "COLLABORATION") throw new AppError("NOT_FOUND", "Room not found.");
    if (room.status !== "ACTIVE") throw new AppError("PRECONDITION_FAILED", "This room has ended.", { reason: "room_ended" });
    const scenario = await tx.scenario.findUniqueOrThrow({
      where: { id: room.scenarioId },
      select: { maxSeats: true, batonPolicy: true, avatars: true },
    });

    const known = await tx.visitor.findUnique({
      where: { orgId_cookieId: { orgId: input.orgId, cookieId: input.visitor.cookieId } },
      select: { id: true, name: true },
    });
    if (known) {
      const present = await tx.participant.findFirst({
        where: { sessionId: input.sessionId, visitorId: known.id, leftAt: null },
        select: { id: true },
      });
      if (present) return { participantId: present.id, rejoined: true, events: [] };
    }
    await refuseOverRoomCaps(tx, { orgId: input.orgId, sessionId: input.sessionId, maxSeats: scenario.maxSeats });

    const given = input.visitor.name?.trim() || null;
    const displayName = given ?? (await roomDisplayName(tx, input.sessionId, known?.name));
    const fields = {
      ...(given ? { name: given } : {}),
      ...(input.visitor.email ? { email: input.visitor.email.toLowerCase() } : {}),
      ...(input.visitor.userId ? { userId: input.visitor.userId } : {}),
    };
    const visitor = await tx.visitor.upsert({
      where: { orgId_cookieId: { orgId: input.orgId, cookieId: input.visitor.cookieId } },
      create: { orgId: input.orgId, cookieId: input.visitor.cookieId, firstSeenAt: now, lastSeenAt: now, ...fields },
      update: { lastSeenAt: now, ...fields },
      select: { id: true },
    });
    const { seat, events } = await createVisitorSeatInTx(tx, {
      orgId: input.orgId,
      sessionId: input.sessionId,
      visitorId: visitor.id,
      displayName,
      batonPolicy: scenario.batonPolicy,
      firstLine: input.firstLine,
      avatarUrl: visitorSeatAvatar(input.avatarUrl, scenario.avatars),
      clientAddress: input.clientAddress,
      now,
    });
    const stored = await appendEvents(tx, { orgId: input.orgId, sessionId: input.sessionId, events });
    return { participantId: seat.id, rejoined: false, events: stored };
  });
  if (result.events.length > 0) {
    await publishStoredEvents(input.sessionId, result.events);
    // The manager's live monitor and the Rooms lists count who is in each room.
    await publishNotices([
      {
        audience: { to: "orgStaff", orgId: input.orgId },
        event: EVENTS.sessionsChanged,
        data: { sessionId: input.sessionId } satisfies SessionsChanged,
      },
    ]);
  }
  return { sessionId: input.sessionId, participantId: result.participantId, rejoined: result.rejoined };
}

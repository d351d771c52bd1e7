// Auditorium events: staff with `events.run` create one now or for later, start a scheduled one,
// list them. The creator (or whoever starts a scheduled event) is seated as PRODUCER and holds the
// baton. The session exists from the start only: before it, the public link says when it starts.
import "server-only";
import { randomBytes } from "node:crypto";
import { appendEvents } from "../archive/append";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { meterVisitorMinutes } from "../billing/metering";
import { applyEffects, newEffects } from "../routing/effects";
import { lockOrgRouting } from "../routing/lock";
import { publishStoredEvents } from "../realtime/stored-events";
import { endSessionInTx } from "../sessions/end";
import type { Seat } from "../sessions/participant";
import { forgetAudience, publishAudienceCount } from "./count";
import { assertProducer } from "./remove";

type Tx = Prisma.TransactionClient;

export const MAX_TITLE_LENGTH = 120;
/** An event may be announced up to a year ahead. */
const MAX_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

/** 128 random bits, base64url: the public link /e/{key} cannot be guessed or enumerated. */
export function newJoinKey(): string {
  return randomBytes(16).toString("base64url");
}

export function joinPath(joinKey: string): string {
  return `/e/${joinKey}`;
}

type Creator = { orgId: string; membershipId: string };

/** The org's auditorium scenario (every org gets one: server/orgs/create-org.ts). */
async function auditoriumScenario(orgId: string) {
  const s = await db.scenario.findFirst({
    where: { orgId, kind: "AUDITORIUM", archivedAt: null },
    orderBy: { createdAt: "asc" },
    select: { id: true, maxSeats: true },
  });
  if (!s) throw new AppError("PRECONDITION_FAILED", "This organization has no auditorium scenario. Add one under Scenarios first.");
  return s;
}

/** Seats `membershipId` as the producer and gives them the baton; archives the start. */
async function startInTx(tx: Tx, a: { id: string; orgId: string; scenarioId: string; title: string }, membershipId: string, now: Date) {
  const member = await tx.membership.findUniqueOrThrow({
    where: { id: membershipId },
    select: { displayName: true, avatarUrl: true, user: { select: { name: true, email: true } } },
  });
  const session = await tx.session.create({
    data: { orgId: a.orgId, scenarioId: a.scenarioId, kind: "AUDITORIUM", title: a.title, startedAt: now },
    select: { id: true },
  });
  const producer = await tx.participant.create({
    data: {
      orgId: a.orgId,
      sessionId: session.id,
      role: "PRODUCER",
      canLead: true,
      membershipId,
      displayName: member.displayName ?? member.user.name ?? member.user.email,
      avatarUrl: member.avatarUrl,
      joinedAt: now,
    },
    select: { id: true, displayName: true },
  });
  await tx.session.update({ where: { id: session.id }, data: { leaderParticipantId: producer.id } });
  // Only an event not started yet can be started: two staff pressing Start at once start it once.
  const claimed = await tx.auditorium.updateMany({ where: { id: a.id, sessionId: null, endedAt: null }, data: { sessionId: session.id } });
  if (claimed.count === 0) throw new AppError("CONFLICT", "This event has already started.");
  const events = await appendEvents(tx, {
    orgId: a.orgId,
    sessionId: session.id,
    events: [
      { type: "session.started", actorParticipantId: producer.id, payload: { title: a.title, auditorium: true } },
      { type: "participant.joined", actorParticipantId: producer.id, payload: { role: "PRODUCER", name: producer.displayName } },
    ],
  });
  return { sessionId: session.id, producerId: producer.id, events };
}

export type CreateAuditoriumInput = {
  title: string;
  /** Null or absent: start now. */
  startsAt?: Date | null;
  /** At most the scenario's maxSeats (its default). */
  maxAttendees?: number | null;
  now?: Date;
};

export async function createAuditorium(creator: Creator, input: CreateAuditoriumInput) {
  const now = input.now ?? new Date();
  const title = input.title.trim();
  if (!title) throw new AppError("BAD_REQUEST", "Give the event a title.");
  if (title.length > MAX_TITLE_LENGTH) throw new AppError("BAD_REQUEST", `Keep the title under ${MAX_TITLE_LENGTH} characters.`);
  const startsAt = input.startsAt ?? null;
  if (startsAt && startsAt.getTime() <= now.getTime())
    throw new AppError("BAD_REQUEST", "Pick a start time in the future, or start the event now.");
  if (startsAt && startsAt.getTime() - now.getTime() > MAX_AHEAD_MS) throw new AppError("BAD_REQUEST", "Pick a start time within a year.");
  const scenario = await auditoriumScenario(creator.orgId);
  const cap = scenario.maxSeats ?? 20_000;
  const maxAttendees = input.maxAttendees ?? cap;
  if (!Number.isInteger(maxAttendees) || maxAttendees < 1 || maxAttendees > cap)
    throw new AppError("BAD_REQUEST", `Seats must be between 1 and ${cap}.`);

  const result = await db.$transaction(async (tx) => {
    const a = await tx.auditorium.create({
      data: {
        orgId: creator.orgId,
        scenarioId: scenario.id,
        joinKey: newJoinKey(),
        title,
        scheduledFor: startsAt,
        maxAttendees,
        createdByMembershipId: creator.membershipId,
        createdAt: now,
      },
      select: { id: true, orgId: true, scenarioId: true, title: true, joinKey: true },
    });
    const started = startsAt ? null : await startInTx(tx, a, creator.membershipId, now);
    return { auditorium: a, started };
  });
  if (result.started) await publishStoredEvents(result.started.sessionId, result.started.events);
  return {
    id: result.auditorium.id,
    joinKey: result.auditorium.joinKey,
    joinPath: joinPath(result.auditorium.joinKey),
    sessionId: result.started?.sessionId ?? null,
    producerParticipantId: result.started?.producerId ?? null,
  };
}

/** Starts a scheduled event now (early or late is the producer's call); the starter produces. */
export async function startAuditorium(starter: Creator, auditoriumId: string, now = new Date()) {
  const a = await db.auditorium.findFirst({
    where: { id: auditoriumId, orgId: starter.orgId },
    select: { id: true, orgId: true, scenarioId: true, title: true, sessionId: true, endedAt: true },
  });
  if (!a) throw notFound("Event");
  if (a.endedAt) throw new AppError("PRECONDITION_FAILED", "This event has ended.");
  if (a.sessionId) throw new AppError("CONFLICT", "This event has already started.");
  const started = await db.$transaction((tx) => startInTx(tx, a, starter.membershipId, now));
  await publishStoredEvents(started.sessionId, started.events);
  return { sessionId: started.sessionId, producerParticipantId: started.producerId };
}

/** The org's events, newest first, with their figures (no participant rows are read). */
export async function listAuditoriums(orgId: string) {
  const rows = await db.auditorium.findMany({
    where: { orgId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      title: true,
      joinKey: true,
      scheduledFor: true,
      maxAttendees: true,
      sessionId: true,
      present: true,
      peak: true,
      createdAt: true,
      endedAt: true,
      session: { select: { startedAt: true, endedAt: true, status: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    joinPath: joinPath(r.joinKey),
    scheduledFor: r.scheduledFor,
    maxAttendees: r.maxAttendees,
    sessionId: r.sessionId,
    state: r.endedAt || r.session?.status === "ENDED" ? ("ended" as const) : r.sessionId ? ("live" as const) : ("scheduled" as const),
    startedAt: r.session?.startedAt ?? null,
    endedAt: r.endedAt ?? r.session?.endedAt ?? null,
    present: r.present,
    peak: r.peak,
  }));
}

/**
 * The producer ends the event: no join lands after it (endedAt under the event row's lock, which
 * joins take first), every seat leaves at `now`, the room hears session.ended (attendees read "the
 * event has ended" from it on the audience channel), and the attendees' minutes are closed.
 */
export async function endAuditorium(producer: Seat, now = new Date()): Promise<{ ended: true }> {
  assertProducer(producer);
  const fx = newEffects();
  const events = await db.$transaction(
    async (tx) => {
      // Producers are staff seats: ending frees them as routing counts seats (as leave.ts does).
      await lockOrgRouting(tx, producer.orgId);
      const ended = await tx.auditorium.updateMany({
        where: { sessionId: producer.sessionId, endedAt: null },
        data: { endedAt: now, present: 0 },
      });
      if (ended.count === 0) throw new AppError("PRECONDITION_FAILED", "This event has ended.");
      const stored = await endSessionInTx(tx, fx, {
        orgId: producer.orgId,
        sessionId: producer.sessionId,
        queueEntryId: null,
        actorParticipantId: producer.id,
        endReason: "producer ended",
        message: "The event has ended.",
        idleMembershipIds: [],
        now,
      });
      await meterVisitorMinutes(tx, { now, session: { orgId: producer.orgId, sessionId: producer.sessionId } });
      return stored;
    },
    // 19,000 seats close and their last minutes are written here: more than Prisma's 5 s default.
    { timeout: 120_000, maxWait: 10_000 },
  );
  await publishStoredEvents(producer.sessionId, events);
  await publishAudienceCount(producer.sessionId);
  forgetAudience(producer.sessionId);
  await applyEffects(fx);
  return { ended: true };
}

/** "Open as producer": staff with events.run take (or find) a producer seat in a live event. */
export async function produceAuditorium(
  member: Creator,
  auditoriumId: string,
  now = new Date(),
): Promise<{ sessionId: string; participantId: string }> {
  const a = await db.auditorium.findFirst({
    where: { id: auditoriumId, orgId: member.orgId },
    select: { sessionId: true, endedAt: true, session: { select: { status: true } } },
  });
  if (!a) throw notFound("Event");
  if (!a.sessionId) throw new AppError("PRECONDITION_FAILED", "This event has not started yet. Start it first.");
  if (a.endedAt || a.session?.status !== "ACTIVE") throw new AppError("PRECONDITION_FAILED", "This event has ended.");
  const sessionId = a.sessionId;
  const held = await db.participant.findFirst({
    where: { sessionId, membershipId: member.membershipId, leftAt: null },
    select: { id: true, role: true },
  });
  if (held?.role === "PRODUCER") return { sessionId, participantId: held.id };
  if (held) throw new AppError("CONFLICT", "You already have another seat in this event.");
  const { seat, events } = await db.$transaction(async (tx) => {
    const m = await tx.membership.findUniqueOrThrow({
      where: { id: member.membershipId },
      select: { displayName: true, avatarUrl: true, user: { select: { name: true, email: true } } },
    });
    const seat = await tx.participant.create({
      data: {
        orgId: member.orgId,
        sessionId,
        role: "PRODUCER",
        canLead: true,
        membershipId: member.membershipId,
        displayName: m.displayName ?? m.user.name ?? m.user.email,
        avatarUrl: m.avatarUrl,
        joinedAt: now,
      },
      select: { id: true, displayName: true },
    });
    const events = await appendEvents(tx, {
      orgId: member.orgId,
      sessionId,
      events: [{ type: "participant.joined", actorParticipantId: seat.id, payload: { role: "PRODUCER", name: seat.displayName } }],
    });
    return { seat, events };
  });
  await publishStoredEvents(sessionId, events);
  return { sessionId, participantId: seat.id };
}

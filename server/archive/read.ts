// Reading the archive as one participant may see it: room events, plus private ones addressed to
// them (whispers by participant id, sidebar lines by membership).
import "server-only";
import { EVENTS_PAGE, ROOM_STREAM, type WireEvent } from "../../lib/session-events";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { StoredEvent } from "./append";

export { EVENTS_PAGE };
/** How many streams one `sessions.events` call may name cursors for. */
export const MAX_CURSORS = 100;

export function toWire(
  e: Pick<StoredEvent, "stream" | "seq" | "type" | "actorParticipantId" | "payload" | "createdAt"> & { clientEventId?: string | null },
): WireEvent {
  return {
    stream: e.stream,
    seq: e.seq,
    type: e.type,
    actorParticipantId: e.actorParticipantId,
    clientEventId: e.clientEventId ?? null,
    payload: (e.payload ?? {}) as Record<string, unknown>,
    createdAt: e.createdAt.toISOString(),
  };
}

/**
 * Room events plus private events addressed to `participantId` (null: the room only). A list
 * stands for one person's several seats in a session (a replay: server/sessions/replay.ts).
 */
export function visibleTo(participantId: string | null | readonly string[]): Prisma.SessionEventWhereInput {
  const room: Prisma.SessionEventWhereInput = { stream: ROOM_STREAM };
  const ids = participantId === null ? [] : typeof participantId === "string" ? [participantId] : [...participantId];
  if (ids.length === 0) return room;
  return {
    OR: [room, { audience: { hasSome: ids } }, { sidebar: { members: { some: { participantId: { in: ids } } } } }],
  };
}

/** Per stream, the last seq the reader holds (gapless up to it); a stream not named starts at 0. */
export type StreamCursors = Record<string, number>;

/**
 * What `participantId` may read after its cursors, in archive order (ids: within a stream, seq
 * order), one page at a time: the next page's cursors are the highest seq per stream of this one.
 */
export async function listEvents(input: {
  orgId: string;
  sessionId: string;
  participantId: string | null;
  cursors?: StreamCursors;
  limit?: number;
  /** A seat that left (or was removed) reads the session only up to its leftAt, as sessions/past.ts does. */
  until?: Date | null;
}): Promise<WireEvent[]> {
  const named = Object.entries(input.cursors ?? {}).filter(([, seq]) => seq > 0);
  const after: Prisma.SessionEventWhereInput =
    named.length === 0
      ? {}
      : { OR: [...named.map(([stream, seq]) => ({ stream, seq: { gt: seq } })), { stream: { notIn: named.map(([s]) => s) } }] };
  const rows = await db.sessionEvent.findMany({
    where: {
      orgId: input.orgId,
      sessionId: input.sessionId,
      AND: [visibleTo(input.participantId), after, input.until ? { createdAt: { lte: input.until } } : {}],
    },
    orderBy: { id: "asc" },
    take: Math.min(input.limit ?? EVENTS_PAGE, EVENTS_PAGE),
    select: { stream: true, seq: true, type: true, actorParticipantId: true, clientEventId: true, payload: true, createdAt: true },
  });
  return rows.map(toWire);
}

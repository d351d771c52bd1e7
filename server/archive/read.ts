// Reading the archive as one participant may see it: room events, plus private ones addressed to
// them (whispers by participant id, sidebar lines by membership).
import type { WireEvent } from "../../lib/session-events";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { StoredEvent } from "./append";

export const EVENTS_PAGE = 500;

export function toWire(e: StoredEvent & { clientEventId?: string | null }): WireEvent {
  return {
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
  const room: Prisma.SessionEventWhereInput = { sidebarId: null, audience: { isEmpty: true } };
  const ids = participantId === null ? [] : typeof participantId === "string" ? [participantId] : [...participantId];
  if (ids.length === 0) return room;
  return {
    OR: [room, { audience: { hasSome: ids } }, { sidebar: { members: { some: { participantId: { in: ids } } } } }],
  };
}

export async function listEvents(input: {
  orgId: string;
  sessionId: string;
  participantId: string | null;
  afterSeq?: number;
  limit?: number;
}): Promise<WireEvent[]> {
  const rows = await db.sessionEvent.findMany({
    where: { orgId: input.orgId, sessionId: input.sessionId, seq: { gt: input.afterSeq ?? 0 }, ...visibleTo(input.participantId) },
    orderBy: { seq: "asc" },
    take: Math.min(input.limit ?? EVENTS_PAGE, EVENTS_PAGE),
    select: { id: true, sessionId: true, seq: true, type: true, actorParticipantId: true, clientEventId: true, payload: true, createdAt: true },
  });
  return rows.map(toWire);
}

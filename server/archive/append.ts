// The archive's one writer: events take the session's next `seq` under the session row's lock
// (UPDATE ... RETURNING), so seqs are gapless and ordered even with concurrent writers, and a
// retried event (same clientEventId) is stored once.
import type { Prisma } from "../generated/prisma/client";

type Tx = Prisma.TransactionClient;

export type NewEvent = {
  type: string;
  actorParticipantId?: string | null;
  clientEventId?: string | null;
  payload?: Prisma.InputJsonValue;
  sidebarId?: string | null;
  audience?: string[];
};

export type StoredEvent = {
  id: bigint;
  sessionId: string;
  seq: number;
  type: string;
  actorParticipantId: string | null;
  payload: Prisma.JsonValue;
  createdAt: Date;
};

export async function appendEvents(
  tx: Tx,
  { orgId, sessionId, events }: { orgId: string; sessionId: string; events: NewEvent[] },
): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const [row] = await tx.$queryRaw<{ lastSeq: number }[]>`
    UPDATE "Session" SET "lastSeq" = "lastSeq" + ${events.length}
    WHERE id = ${sessionId} AND "orgId" = ${orgId}
    RETURNING "lastSeq"`;
  if (!row) throw new Error(`appendEvents: session ${sessionId} not found in org ${orgId}`);
  const first = row.lastSeq - events.length + 1;
  const stored: StoredEvent[] = [];
  for (const [i, e] of events.entries()) {
    stored.push(
      await tx.sessionEvent.create({
        data: {
          orgId,
          sessionId,
          seq: first + i,
          type: e.type,
          actorParticipantId: e.actorParticipantId ?? null,
          clientEventId: e.clientEventId ?? null,
          payload: e.payload ?? {},
          sidebarId: e.sidebarId ?? null,
          audience: e.audience ?? [],
        },
        select: { id: true, sessionId: true, seq: true, type: true, actorParticipantId: true, payload: true, createdAt: true },
      }),
    );
  }
  return stored;
}

// The archive's one writer: events take the session's next `seq` under the session row's lock
// (UPDATE ... RETURNING), so seqs are gapless and ordered even with concurrent writers, and a
// retried event (same clientEventId) is stored once.
import { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";
import { SeatChangedError } from "../sessions/line-guard";

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

/**
 * `ifSeatVersion`: append only while the session's seats are as they were at that version and it
 * is live (a line judged by its sender's seat: sessions/line-guard.ts), else SeatChangedError.
 *
 * One statement: bump the session's lastSeq and insert the events numbered from it. Atomic on its
 * own (a chat line needs no interactive transaction: one round trip), and joins the caller's
 * transaction when given one. A clientEventId seen before fails the whole statement (unique index),
 * leaving lastSeq untouched.
 */
export async function appendEvents(
  client: Tx | Db,
  { orgId, sessionId, events, ifSeatVersion }: { orgId: string; sessionId: string; events: NewEvent[]; ifSeatVersion?: number },
): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const n = events.length;
  const rows = events.map(
    (e, i) =>
      Prisma.sql`(${i + 1}::int, ${e.type}, ${e.actorParticipantId ?? null}, ${e.clientEventId ?? null}, ${JSON.stringify(e.payload ?? {})}::jsonb, ${e.sidebarId ?? null}, ${e.audience ?? []}::text[])`,
  );
  const stored = await client.$queryRaw<(Omit<StoredEvent, "payload"> & { payload: Prisma.JsonValue; clientEventId: string | null })[]>`
    WITH s AS (
      UPDATE "Session" SET "lastSeq" = "lastSeq" + ${n}
      WHERE id = ${sessionId} AND "orgId" = ${orgId}${ifSeatVersion === undefined ? Prisma.empty : Prisma.sql` AND "seatVersion" = ${ifSeatVersion} AND status = 'ACTIVE'`}
      RETURNING "lastSeq"
    )
    INSERT INTO "SessionEvent" ("orgId", "sessionId", seq, type, "actorParticipantId", "clientEventId", payload, "sidebarId", audience)
    SELECT ${orgId}, ${sessionId}, s."lastSeq" - ${n} + v.i, v.type, v.actor, v.cid, v.payload, v.sidebar, v.audience
    FROM s, (VALUES ${Prisma.join(rows)}) AS v(i, type, actor, cid, payload, sidebar, audience)
    ORDER BY v.i
    RETURNING id, "sessionId", seq, type, "actorParticipantId", "clientEventId", payload, "createdAt"`;
  // Re-checked on the row's newest version after waiting for its lock: a seat changed, or the session ended.
  if (stored.length === 0 && ifSeatVersion !== undefined) throw new SeatChangedError(`session ${sessionId}: seats changed since version ${ifSeatVersion}`);
  if (stored.length !== n) throw new Error(`appendEvents: session ${sessionId} not found in org ${orgId}`);
  return stored.sort((x, y) => x.seq - y.seq);
}

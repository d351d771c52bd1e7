// The archive's one writer. Events are numbered per audience (docs/sessions.md, "One numbering per
// audience"): room events take the session's next `seq` (Session.lastSeq, under the session row's
// lock), each private stream its own (SessionStream.lastSeq, under that counter row's lock), so
// every stream is gapless and ordered even with concurrent writers, and nobody outside a private
// audience sees a number go missing. A retried event (same clientEventId) is stored once.
import "server-only";
import { Prisma } from "../generated/prisma/client";
import { db, dbPool, statementName, type Db } from "../db";
import { ROOM_STREAM } from "../../lib/session-events";
import { SeatChangedError } from "../sessions/line-guard";
import { appendLineBatched } from "./line-batch";

type Tx = Prisma.TransactionClient;

export type NewEvent = {
  type: string;
  actorParticipantId?: string | null;
  clientEventId?: string | null;
  payload?: Prisma.InputJsonValue;
  sidebarId?: string | null;
  /** Private: the participant ids that may read it. Empty (and no sidebar): a room event. */
  audience?: string[];
  /** A private event's stream key (contract: `prompt:{prompter}:{target}`, `question:{asker}`); see streamOf. */
  stream?: string;
};

export type StoredEvent = {
  id: bigint;
  sessionId: string;
  stream: string;
  seq: number;
  type: string;
  actorParticipantId: string | null;
  clientEventId: string | null;
  payload: Prisma.JsonValue;
  /** Who may read it (empty for a room event): the publisher sends a private event to these only. */
  audience: string[];
  createdAt: Date;
};

/** The columns a StoredEvent is read with (Prisma `select`). */
export const STORED_EVENT_SELECT = {
  id: true,
  sessionId: true,
  stream: true,
  seq: true,
  type: true,
  actorParticipantId: true,
  clientEventId: true,
  payload: true,
  audience: true,
  createdAt: true,
} as const;

/**
 * The stream an event is numbered in. Room: no audience and no sidebar. A private event names its
 * stream, or gets `sidebar:{id}`, else `p:{its audience, sorted}`: every event of one stream has
 * one audience.
 */
export function streamOf(e: Pick<NewEvent, "sidebarId" | "audience" | "stream">): string {
  const audience = [...new Set(e.audience ?? [])].sort();
  if (!e.sidebarId && audience.length === 0) {
    if (e.stream && e.stream !== ROOM_STREAM) throw new Error(`appendEvents: stream ${e.stream} given for a room event (no audience)`);
    return ROOM_STREAM;
  }
  if (e.stream === ROOM_STREAM) throw new Error("appendEvents: a private event cannot be in the room stream");
  return e.stream ?? (e.sidebarId ? `sidebar:${e.sidebarId}` : `p:${audience.join(",")}`);
}

/**
 * `ifSeatVersion`: append only while the session's seats are as they were at that version and it
 * is live (a line judged by its sender's seat: sessions/line-guard.ts), else SeatChangedError.
 * `ifSeatPresent` (with it): and only while that seat has not left and its membership, if any, is
 * active: a seat read from the per-process cache is checked here instead of by a query first.
 *
 * One statement: bump the session's lastSeq by the room events, upsert each private stream's
 * counter by its events (both only if the session row matched), and insert the events numbered
 * from them. Atomic on its own (a chat line needs no interactive transaction: one round trip), and
 * joins the caller's transaction when given one. A clientEventId seen before fails the whole
 * statement (unique index), leaving every counter untouched. Answers in the order given.
 */
export async function appendEvents(
  client: Tx | Db,
  {
    orgId,
    sessionId,
    events,
    ifSeatVersion,
    ifSeatPresent,
  }: { orgId: string; sessionId: string; events: NewEvent[]; ifSeatVersion?: number; ifSeatPresent?: string },
): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const one = events[0]!;
  // A single room line on the shared pool (the chat path): batched with others under load (line-batch.ts).
  if (client === db && events.length === 1 && one.clientEventId && streamOf(one) === ROOM_STREAM && !batching.has(one)) {
    const line = {
      orgId,
      sessionId,
      type: one.type,
      actorParticipantId: one.actorParticipantId ?? null,
      clientEventId: one.clientEventId,
      payload: one.payload,
      ifSeatVersion,
      ifSeatPresent,
    };
    return [await appendLineBatched(line, () => appendEventsAlone(one, { orgId, sessionId, ifSeatVersion, ifSeatPresent }))];
  }
  const streams = events.map(streamOf);
  const counts = new Map<string, number>();
  const rows = events.map((e, i) => {
    const stream = streams[i]!;
    const k = (counts.get(stream) ?? 0) + 1; // its place among this call's events of its stream
    counts.set(stream, k);
    return { e, i, stream, k };
  });
  const values = rows.map(
    ({ e, i, stream, k }) =>
      Prisma.sql`(${i + 1}::int, ${stream}, ${k}::int, ${counts.get(stream)!}::int, ${e.type}, ${e.actorParticipantId ?? null}, ${e.clientEventId ?? null}, ${JSON.stringify(e.payload ?? {})}::jsonb, ${e.sidebarId ?? null}, ${[...new Set(e.audience ?? [])]}::text[])`,
  );
  const nRoom = counts.get(ROOM_STREAM) ?? 0;
  const privateCounts = [...counts].filter(([s]) => s !== ROOM_STREAM);
  // Each private stream's counter, bumped by its events here; created at its first event.
  const privateCte =
    privateCounts.length === 0
      ? Prisma.sql`SELECT NULL::text AS stream, NULL::int AS "lastSeq" WHERE false`
      : Prisma.sql`
      INSERT INTO "SessionStream" ("orgId", "sessionId", stream, "lastSeq")
      SELECT ${orgId}, ${sessionId}, c.stream, c.n FROM s, (VALUES ${Prisma.join(privateCounts.map(([st, n]) => Prisma.sql`(${st}, ${n}::int)`))}) AS c(stream, n)
      ON CONFLICT ("orgId", "sessionId", stream) DO UPDATE SET "lastSeq" = "SessionStream"."lastSeq" + EXCLUDED."lastSeq"
      RETURNING stream, "lastSeq"`;
  if (ifSeatPresent !== undefined && ifSeatVersion === undefined) throw new Error("appendEvents: ifSeatPresent needs ifSeatVersion");
  const seatPresent =
    ifSeatPresent === undefined
      ? Prisma.empty
      : Prisma.sql` AND EXISTS (SELECT 1 FROM "Participant" sp LEFT JOIN "Membership" sm ON sm.id = sp."membershipId" WHERE sp.id = ${ifSeatPresent} AND sp."sessionId" = ${sessionId} AND sp."leftAt" IS NULL AND (sp."membershipId" IS NULL OR sm.active))`;
  // Private-only calls still take the session row's lock (lastSeq + 0): the seat-version guard is
  // judged under it, so a prompt and a barge-in are ordered as a room line and a barge-in are.
  const statement = Prisma.sql`
    WITH s AS (
      UPDATE "Session" SET "lastSeq" = "lastSeq" + ${nRoom}
      WHERE id = ${sessionId} AND "orgId" = ${orgId}${ifSeatVersion === undefined ? Prisma.empty : Prisma.sql` AND "seatVersion" = ${ifSeatVersion} AND status = 'ACTIVE'`}${seatPresent}
      RETURNING "lastSeq"
    ),
    p AS (${privateCte}),
    last AS (
      SELECT ${ROOM_STREAM}::text AS stream, "lastSeq" FROM s
      UNION ALL SELECT stream, "lastSeq" FROM p
    ),
    v AS (SELECT * FROM (VALUES ${Prisma.join(values)}) AS v(i, stream, k, n, type, actor, cid, payload, sidebar, audience))
    INSERT INTO "SessionEvent" ("orgId", "sessionId", stream, seq, type, "actorParticipantId", "clientEventId", payload, "sidebarId", audience)
    SELECT ${orgId}, ${sessionId}, v.stream, last."lastSeq" - v.n + v.k, v.type, v.actor, v.cid, v.payload, v.sidebar, v.audience
    FROM v JOIN last ON last.stream = v.stream
    ORDER BY v.i
    RETURNING id, "sessionId", stream, seq, type, "actorParticipantId", "clientEventId", payload, audience, "createdAt"`;
  // Outside a transaction the statement goes to node-postgres directly (named, so planned once per
  // connection): the same text and rows, without Prisma's per-query work (docs/performance.md).
  const stored =
    client === db
      ? // node-postgres answers a bigint column as a string; Prisma (the other branch) as a bigint.
        (
          await dbPool().query<StoredEvent & { id: string }>({
            name: statementName({ sql: statement.text }) || undefined,
            text: statement.text,
            values: statement.values,
          })
        ).rows.map((r) => ({ ...r, id: BigInt(r.id) }))
      : await client.$queryRaw<StoredEvent[]>(statement);
  // Re-checked on the row's newest version after waiting for its lock: a seat changed, or the session ended.
  if (stored.length === 0 && ifSeatVersion !== undefined)
    throw new SeatChangedError(`session ${sessionId}: seats changed since version ${ifSeatVersion}`);
  if (stored.length !== events.length) throw new Error(`appendEvents: session ${sessionId} not found in org ${orgId}`);
  // Ids are drawn in insert order (ORDER BY v.i): the caller's order.
  return stored.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Events on their way through a batch's single-line fallback: not batched again. */
const batching = new WeakSet<NewEvent>();

async function appendEventsAlone(
  event: NewEvent,
  where: { orgId: string; sessionId: string; ifSeatVersion?: number; ifSeatPresent?: string },
): Promise<StoredEvent> {
  batching.add(event);
  try {
    const [stored] = await appendEvents(db, { ...where, events: [event] });
    return stored!;
  } finally {
    batching.delete(event);
  }
}

// Group commit for chat lines (docs/performance.md, "Lines that arrive together, stored together").
// At 1,000 lines a second a web process sends 1,000 statements, and each costs a socket write, a
// wake-up of a PostgreSQL backend and a parse of its answer, on the same two cores as everything
// else. Lines that arrive while statements are already in flight are stored by ONE statement when
// one finishes: on a quiet process a line is sent at once, as before; only a backlog is batched.
//
// A batch keeps every rule of the single-line statement (append.ts): each session's "lastSeq" is
// bumped by its lines under the row's lock, only while the seat version its lines were judged at
// holds and every sender's seat is present (re-checked by PostgreSQL on the row's newest version
// after waiting for the lock). A line the batch did not store (its session's check failed, or the
// whole statement failed, e.g. one line's clientEventId was seen before) is sent again alone
// through the single-line statement, which gives it exactly the answer it would have had.
import "server-only";
import { ROOM_STREAM } from "../../lib/session-events";
import { dbPool } from "../db";
import type { StoredEvent } from "./append";

export type BatchedLine = {
  orgId: string;
  sessionId: string;
  type: string;
  actorParticipantId: string | null;
  clientEventId: string;
  payload: unknown;
  ifSeatVersion?: number;
  ifSeatPresent?: string;
};

/** The line's own single-line statement (append.ts): used when it goes alone. */
type Single = () => Promise<StoredEvent>;
type Waiting = { line: BatchedLine; single: Single; resolve: (e: StoredEvent) => void; reject: (e: unknown) => void };

/** Statements in flight before lines start to wait for a batch; below it a line goes out at once. */
const IN_FLIGHT = 3;
/** Lines in one statement at most. */
const MAX_BATCH = 100;

const waiting: Waiting[] = [];
let inFlight = 0;

/** Statements of more than one line sent, and the lines they stored (tests and the bench read it). */
export const lineBatchStats = { batches: 0, linesStored: 0 };

/**
 * Stores one room line, batched with others when statements are already in flight, else (or when
 * the batch did not store it) by `single`. Answers the stored event, or `single`'s error.
 */
export function appendLineBatched(line: BatchedLine, single: Single): Promise<StoredEvent> {
  return new Promise((resolve, reject) => {
    waiting.push({ line, single, resolve, reject });
    pump();
  });
}

function alone(w: Waiting): Promise<void> {
  return w.single().then(w.resolve, w.reject);
}

function pump(): void {
  while (inFlight < IN_FLIGHT && waiting.length > 0) {
    const batch = takeBatch();
    inFlight++;
    void send(batch).finally(() => {
      inFlight--;
      pump();
    });
  }
}

/**
 * The next batch, oldest first. One statement updates a session's row once, so all of a session's
 * lines in it must have been judged at the same seat version; a line of another version waits for
 * the next batch (its order among its session's lines is kept: nothing of that session after it
 * goes in this batch either).
 */
function takeBatch(): Waiting[] {
  const batch: Waiting[] = [];
  const version = new Map<string, number | undefined>();
  const held = new Set<string>();
  for (let i = 0; i < waiting.length && batch.length < MAX_BATCH;) {
    const w = waiting[i]!;
    const sid = w.line.sessionId;
    if (held.has(sid) || (version.has(sid) && version.get(sid) !== w.line.ifSeatVersion)) {
      held.add(sid);
      i++;
      continue;
    }
    version.set(sid, w.line.ifSeatVersion);
    batch.push(w);
    waiting.splice(i, 1);
  }
  return batch;
}

const BATCH_SQL = `
    WITH v AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
        WITH ORDINALITY AS v(org, sid, ver, seat, type, actor, cid, payload, i)
    ),
    g AS (SELECT org, sid, min(ver) AS ver, count(*)::int AS n FROM v GROUP BY org, sid),
    s AS (
      UPDATE "Session" ss SET "lastSeq" = ss."lastSeq" + g.n FROM g
      WHERE ss.id = g.sid AND ss."orgId" = g.org
        AND (g.ver IS NULL OR (ss."seatVersion" = g.ver AND ss.status = 'ACTIVE'))
        AND NOT EXISTS (
          SELECT 1 FROM v WHERE v.sid = g.sid AND v.seat IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM "Participant" sp LEFT JOIN "Membership" sm ON sm.id = sp."membershipId"
            WHERE sp.id = v.seat AND sp."sessionId" = v.sid AND sp."leftAt" IS NULL AND (sp."membershipId" IS NULL OR sm.active)))
      RETURNING ss.id, ss."lastSeq", g.n
    )
    INSERT INTO "SessionEvent" ("orgId", "sessionId", stream, seq, type, "actorParticipantId", "clientEventId", payload, "sidebarId", audience)
    SELECT v.org, v.sid, '${ROOM_STREAM}', s."lastSeq" - s.n + (row_number() OVER (PARTITION BY v.sid ORDER BY v.i))::int, v.type, v.actor, v.cid, v.payload::jsonb, NULL, '{}'::text[]
    FROM v JOIN s ON s.id = v.sid
    ORDER BY v.i
    RETURNING id, "sessionId", stream, seq, type, "actorParticipantId", "clientEventId", payload, audience, "createdAt"`;

async function send(batch: Waiting[]): Promise<void> {
  if (batch.length === 1) return alone(batch[0]!);
  // Columns as arrays: one statement text whatever the batch's size, so it is prepared once per
  // connection (a VALUES list would be a new text, parsed and planned, for every size).
  const lines = batch.map((w) => w.line);
  const values = [
    lines.map((l) => l.orgId),
    lines.map((l) => l.sessionId),
    lines.map((l) => l.ifSeatVersion ?? null),
    lines.map((l) => l.ifSeatPresent ?? null),
    lines.map((l) => l.type),
    lines.map((l) => l.actorParticipantId),
    lines.map((l) => l.clientEventId),
    lines.map((l) => JSON.stringify(l.payload ?? {})),
  ];
  let stored: (StoredEvent & { id: string })[];
  try {
    stored = (await dbPool().query<StoredEvent & { id: string }>({ name: "line_batch", text: BATCH_SQL, values })).rows;
  } catch {
    // One line's failure (a clientEventId seen before) fails the statement: each goes alone.
    await Promise.all(batch.map(alone));
    return;
  }
  lineBatchStats.batches++;
  lineBatchStats.linesStored += stored.length;
  const byKey = new Map(stored.map((r) => [`${r.sessionId}\u0000${r.clientEventId}`, { ...r, id: BigInt(r.id) }]));
  const notStored: Waiting[] = [];
  for (const w of batch) {
    const e = byKey.get(`${w.line.sessionId}\u0000${w.line.clientEventId}`);
    if (e) w.resolve(e);
    else notStored.push(w);
  }
  // Its session's check failed for some line of the batch: alone, each gets its own answer.
  await Promise.all(notStored.map(alone));
}

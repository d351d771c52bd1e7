// Metering: usage records derived from the authoritative rows (Session.startedAt, Participant
// joinedAt/leftAt), written with deterministic idempotency keys and ON CONFLICT DO NOTHING, so any
// process may (re)write them at any time: a crash loses nothing and a retry counts nothing twice.
//
// The rules (docs/billing.md):
// - Hit: one SESSION_HIT per session that seats a visitor, at the session's start ("hit:{sessionId}").
// - Visitor minute: per VISITOR participant, minute k (k = 0, 1, ...) covers
//   [joinedAt + k min, joinedAt + (k+1) min). Every started minute counts whole: a presence of d
//   milliseconds makes ceil(d / 60 000) minutes ("vm:{participantId}:{k}"), occurring at the
//   minute's start. 3:00.000 is 3 minutes, 3:00.001 is 4, 0:00.400 is 1, 0 ms is none.
// - While the visitor is still present, the worker records minute k once it began more than
//   OPEN_MARGIN_MS ago; the leave (server/sessions/leave.ts) records the rest exactly, in the same
//   transaction that sets leftAt. The margin keeps a tick from counting a minute that started after
//   the visitor's leftAt: a leave may be dated up to the presence grace (30 s) before it commits
//   (server/sessions/presence-leave.ts), and a tick may race a leave that is committing.
// - Auditorium attendees (ATTENDEE seats) are metered the same way as ATTENDEE_MINUTE
//   ("am:{participantId}:{k}"); their hit (ATTENDEE_HIT) is written by the join (auditorium/join.ts).
import "server-only";
import { Prisma } from "../generated/prisma/client";
import { db } from "../db";

type Sql = Pick<Prisma.TransactionClient, "$queryRaw" | "$executeRaw">;

export const MINUTE_MS = 60_000;
/**
 * An open presence's minute is recorded once it began this long ago: the presence grace (at most
 * 30 s, PRESENCE_LEAVE_GRACE_MS) plus 30 s for the leave job to run after it.
 */
export const OPEN_MARGIN_MS = 60_000;
/** Participants who left within this window are re-checked by every tick (a safety net). */
export const CLOSED_LOOKBACK_MS = 48 * 60 * 60 * 1000;
export const METER_BATCH_SIZE = 1_000;

/** Minutes a presence of `ms` milliseconds is billed: every started minute counts. */
export function visitorMinutesFor(ms: number): number {
  return ms <= 0 ? 0 : Math.ceil(ms / MINUTE_MS);
}

/**
 * The session's hit (idempotent), as a statement to run in the transaction that seats the visitor:
 * sessions/start-session.ts writes it with the session and the seats, in one statement.
 */
export function sessionHitInsert(input: { orgId: string; sessionId: string; occurredAt: Date }): Prisma.Sql {
  const key = `hit:${input.sessionId}`;
  return Prisma.sql`
    INSERT INTO "UsageRecord" (id, "orgId", kind, quantity, "occurredAt", "idempotencyKey", "sessionId", "createdAt")
    VALUES ('ur_' || md5(${key}), ${input.orgId}, 'SESSION_HIT', 1, ${input.occurredAt}, ${key}, ${input.sessionId}, now())
    ON CONFLICT DO NOTHING`;
}

export type MeterResult = { participants: number; inserted: number; batches: number };

/**
 * Inserts every missing visitor-minute record, one SQL statement per batch of participants (keyset
 * pagination by id). `session` limits it to one session (the leave path). Returns what it did.
 */
export async function meterVisitorMinutes(
  sql: Sql = db,
  /** participantId: only that seat (an attendee's leave: one of 19,000 must not scan the others). */
  opts: { now?: Date; session?: { orgId: string; sessionId: string }; participantId?: string; batchSize?: number } = {},
): Promise<MeterResult> {
  const now = opts.now ?? new Date();
  const openUntil = new Date(now.getTime() - OPEN_MARGIN_MS);
  const closedSince = new Date(now.getTime() - CLOSED_LOOKBACK_MS);
  const batchSize = opts.batchSize ?? METER_BATCH_SIZE;
  const sessionId = opts.session?.sessionId ?? null;
  const orgId = opts.session?.orgId ?? null;
  const participantId = opts.participantId ?? null;
  let after = "";
  const total: MeterResult = { participants: 0, inserted: 0, batches: 0 };
  for (;;) {
    const [row] = await sql.$queryRaw<{ participants: number; lastId: string | null; inserted: number }[]>`
      WITH batch AS (
        SELECT p.id, p."orgId", p."sessionId", p."joinedAt",
               COALESCE(p."leftAt", s."endedAt", ${openUntil}::timestamptz) AS "until",
               (CASE p.role WHEN 'ATTENDEE' THEN 'ATTENDEE_MINUTE' ELSE 'VISITOR_MINUTE' END)::"UsageKind" AS kind,
               (CASE p.role WHEN 'ATTENDEE' THEN 'am:' ELSE 'vm:' END) AS prefix
        FROM "Participant" p JOIN "Session" s ON s.id = p."sessionId"
        WHERE (p.role = 'VISITOR' OR (p.role = 'ATTENDEE' AND s.kind = 'AUDITORIUM'))
          AND (${participantId}::text IS NULL OR p.id = ${participantId}::text)
          AND (p."leftAt" IS NULL OR p."leftAt" > ${closedSince}::timestamptz)
          AND p.id > ${after}
          AND (${sessionId}::text IS NULL OR (p."orgId" = ${orgId}::text AND p."sessionId" = ${sessionId}::text))
        ORDER BY p.id
        LIMIT ${batchSize}
      ),
      due AS (
        SELECT b.*,
               CEIL(EXTRACT(EPOCH FROM (b."until" - b."joinedAt")) / 60)::int AS minutes,
               (SELECT ROUND(EXTRACT(EPOCH FROM (max(u."occurredAt") - b."joinedAt")) / 60)::int
                  FROM "UsageRecord" u WHERE u."participantId" = b.id AND u.kind = b.kind) AS "lastMinute"
        FROM batch b
      ),
      ins AS (
        INSERT INTO "UsageRecord" (id, "orgId", kind, quantity, "occurredAt", "idempotencyKey", "sessionId", "participantId", "createdAt")
        SELECT 'ur_' || md5(d.prefix || d.id || ':' || k), d."orgId", d.kind, 1,
               d."joinedAt" + k * interval '1 minute', d.prefix || d.id || ':' || k, d."sessionId", d.id, now()
        FROM due d CROSS JOIN LATERAL generate_series(COALESCE(d."lastMinute" + 1, 0), d.minutes - 1) AS k
        ON CONFLICT DO NOTHING
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM batch)::int AS participants,
             (SELECT max(id) FROM batch) AS "lastId",
             (SELECT count(*) FROM ins)::int AS inserted`;
    if (!row || row.participants === 0 || !row.lastId) break;
    total.participants += row.participants;
    total.inserted += row.inserted;
    total.batches++;
    if (row.participants < batchSize) break;
    after = row.lastId;
  }
  return total;
}

/**
 * Minutes recorded past a leave dated in the past (a presence leave run late, e.g. by a worker that
 * was down while the tick caught up) contradict the rows they derive from: removed, unless already
 * on a statement or reported to Stripe (then they stay: a statement never changes). Call it in the
 * leave's transaction, before meterVisitorMinutes.
 */
export async function dropMinutesPastLeave(
  sql: Sql,
  session: { orgId: string; sessionId: string },
  participantId: string | null = null,
): Promise<number> {
  return sql.$executeRaw`
    DELETE FROM "UsageRecord" u
    USING "Participant" p JOIN "Session" s ON s.id = p."sessionId"
    WHERE u."participantId" = p.id AND u.kind IN ('VISITOR_MINUTE', 'ATTENDEE_MINUTE')
      AND p."orgId" = ${session.orgId} AND p."sessionId" = ${session.sessionId} AND p.role IN ('VISITOR', 'ATTENDEE')
      AND (${participantId}::text IS NULL OR p.id = ${participantId}::text)
      AND u."occurredAt" >= COALESCE(p."leftAt", s."endedAt")
      AND u."statementId" IS NULL AND u."stripeReportedAt" IS NULL`;
}

/** Safety net for hits: sessions that seated a visitor recently but have no hit yet (one statement). */
export async function meterMissingHits(sql: Sql = db, opts: { now?: Date } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - CLOSED_LOOKBACK_MS);
  return sql.$executeRaw`
    INSERT INTO "UsageRecord" (id, "orgId", kind, quantity, "occurredAt", "idempotencyKey", "sessionId", "createdAt")
    SELECT 'ur_' || md5('hit:' || s.id), s."orgId", 'SESSION_HIT', 1, s."startedAt", 'hit:' || s.id, s.id, now()
    FROM "Session" s
    WHERE s."startedAt" > ${since}::timestamptz AND s."startedAt" <= ${now}::timestamptz
      AND EXISTS (SELECT 1 FROM "Participant" p WHERE p."sessionId" = s.id AND p.role = 'VISITOR')
      AND NOT EXISTS (SELECT 1 FROM "UsageRecord" u WHERE u."idempotencyKey" = 'hit:' || s.id)
    ON CONFLICT DO NOTHING`;
}

/** One metering tick: missing hits, then missing minutes. Idempotent; safe in several workers at once. */
export async function meterTick(now = new Date()): Promise<{ hits: number; minutes: MeterResult }> {
  const hits = await meterMissingHits(db, { now });
  const minutes = await meterVisitorMinutes(db, { now });
  return { hits, minutes };
}

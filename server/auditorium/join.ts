// Joining an auditorium by its public link: a name (no account) and the visitor cookie make an
// ATTENDEE seat. Built for 19,000 joins in a minute (bench/auditorium): one read and one write
// statement, no org-wide lock, no room event (attendees are never announced), nothing that loads
// the other participants. Capacity is a counter on the event's row (Auditorium.present), raised in
// the statement that seats the attendee only while under maxAttendees, so a full event stores
// nothing and no join counts rows. That row is the one point joins serialise on; the lock is held
// only for the rest of that statement and its commit (docs/sessions.md, "The auditorium").
import "server-only";
import { randomBytes } from "node:crypto";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { z } from "zod";
import { safeString } from "../api/schemas/safe-string";
import { db } from "../db";
import { env } from "../env";
import { sharedRedis } from "../redis";
import { MAX_NAME_LENGTH } from "../entry/join";
import { audienceChanged } from "./count";

export type JoinAuditoriumInput = {
  /** The event's public key (/e/{key}). */
  key: string;
  /** What the attendee calls themselves (checked here: trimmed, 1..80 characters). */
  name: string;
  /** The verified visitor cookie id (server/visitors/cookie.ts): the seat is bound to it. */
  visitorCookieId: string;
  now?: Date;
};

export type JoinAuditoriumResult =
  | { ok: true; orgId: string; sessionId: string; participantId: string; resumed: boolean }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "invalid_name"; message: string }
  | { ok: false; reason: "not_started"; title: string; startsAt: Date | null }
  | { ok: false; reason: "ended"; title: string }
  | { ok: false; reason: "full"; title: string; maxAttendees: number }
  | { ok: false; reason: "removed"; title: string }
  | { ok: false; reason: "unavailable"; title: string };

export const attendeeName = safeString()
  .trim()
  .min(1, "Please tell us your name.")
  .max(MAX_NAME_LENGTH, `Please keep your name under ${MAX_NAME_LENGTH} characters.`);

/**
 * Joins per address per event: 120 a minute. Generous, because a company's all-hands arrives from
 * one office address; enough that one address filling a 19,000-seat event takes hours, not seconds
 * (every join is a seat under the cap and a billed hit). Not in PostgreSQL: a counter there would add
 * a write to every join (bench/auditorium). With REDIS_URL the count is in Redis, one for all web
 * processes and machines; without it (or while Redis is away), each process counts in memory its
 * share, points / WEB_WORKERS, as node:cluster deals connections round-robin (docs/processes.md).
 * The form's action asks first.
 */
export const JOIN_LIMIT = { points: 120, durationSec: 60 } as const;
let joinLimiter: Promise<RateLimiterAbstract> | undefined;
async function makeLimiter(): Promise<RateLimiterAbstract> {
  const memory = new RateLimiterMemory({ points: Math.ceil(JOIN_LIMIT.points / env.WEB_WORKERS), duration: JOIN_LIMIT.durationSec });
  const redis = await sharedRedis();
  return redis
    ? new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: "isession:join",
        points: JOIN_LIMIT.points,
        duration: JOIN_LIMIT.durationSec,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      })
    : memory;
}

/** False when this address has joined this event too often this minute. No address (unknown): one shared key. */
export async function joinLimit(address: string | null, key: string): Promise<boolean> {
  try {
    await (await (joinLimiter ??= makeLimiter())).consume(`${address ?? "unknown"}|${key}`);
    return true;
  } catch {
    return false;
  }
}

/** Row ids made here (raw SQL has no Prisma default): 16 random bytes, channel-name safe. */
export function newRowId(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("base64url")}`;
}

type EventRow = {
  id: string;
  orgId: string;
  title: string;
  sessionId: string | null;
  status: "ACTIVE" | "ENDED" | null;
  endedAt: Date | null;
  scheduledFor: Date | null;
  maxAttendees: number;
  presentSeat: string | null;
  removed: boolean;
  suspended: boolean;
};

/**
 * The event by key, with this visitor's present seat and whether they were removed (one query).
 * The visitor's seats are found from the visitor's side (org + cookie, then their own seats by
 * `visitorId`), fenced in a MATERIALIZED CTE so that the session's condition cannot steer the
 * planner to the (orgId, sessionId) index: during a big join the seats grow by thousands a minute,
 * before autoanalyze catches up, and that plan walked every seat of the session on every join
 * (263 million index tuples for 19,000 joins, half the database's CPU; docs/sessions.md).
 */
async function readEvent(key: string, cookieId: string): Promise<EventRow | null> {
  const [row] = await db.$queryRaw<EventRow[]>`
    WITH ev AS (
      SELECT a.id, a."orgId", a.title, a."sessionId", a."endedAt", a."scheduledFor", a."maxAttendees"
      FROM "Auditorium" a WHERE a."joinKey" = ${key}
    ), mine AS MATERIALIZED (
      SELECT p.id, p."sessionId", p."leftAt", p."removedAt", p."joinedAt" FROM "Participant" p
      WHERE p."orgId" = (SELECT "orgId" FROM ev)
        AND p."visitorId" = (SELECT v.id FROM "Visitor" v, ev WHERE v."orgId" = ev."orgId" AND v."cookieId" = ${cookieId})
    )
    SELECT ev.id, ev."orgId", ev.title, ev."sessionId", s.status::text AS status, ev."endedAt", ev."scheduledFor", ev."maxAttendees",
      (SELECT o.status::text = 'SUSPENDED' FROM "Organization" o WHERE o.id = ev."orgId") AS suspended,
      (SELECT m.id FROM mine m WHERE m."sessionId" = ev."sessionId" AND m."leftAt" IS NULL ORDER BY m."joinedAt" DESC LIMIT 1) AS "presentSeat",
      EXISTS (SELECT 1 FROM mine m WHERE m."sessionId" = ev."sessionId" AND m."removedAt" IS NOT NULL) AS removed
    FROM ev
    LEFT JOIN "Session" s ON s.id = ev."sessionId"`;
  return row ?? null;
}

function notJoinable(ev: EventRow): JoinAuditoriumResult | null {
  // A suspended org takes no one in (as its launchers and room invitations): no seat, no bill.
  if (ev.suspended) return { ok: false, reason: "unavailable", title: ev.title };
  if (ev.endedAt || ev.status === "ENDED") return { ok: false, reason: "ended", title: ev.title };
  if (!ev.sessionId) return { ok: false, reason: "not_started", title: ev.title, startsAt: ev.scheduledFor };
  if (ev.removed) return { ok: false, reason: "removed", title: ev.title };
  return null;
}

/**
 * Seats the visitor as an attendee, or gives them back the seat they hold (a second tab, a second
 * click on the link). A visitor who left and comes back gets a new seat (a new attendance row).
 * Never throws for an ordinary refusal: full, not started, ended, removed are answers.
 */
export async function joinAuditorium(input: JoinAuditoriumInput): Promise<JoinAuditoriumResult> {
  const name = attendeeName.safeParse(input.name);
  if (!name.success) return { ok: false, reason: "invalid_name", message: name.error.issues[0]?.message ?? "Please check your name." };
  const now = input.now ?? new Date();
  const ev = await readEvent(input.key, input.visitorCookieId);
  if (!ev) return { ok: false, reason: "not_found" };
  const refusal = notJoinable(ev);
  if (refusal) return refusal;
  if (ev.presentSeat) return { ok: true, orgId: ev.orgId, sessionId: ev.sessionId!, participantId: ev.presentSeat, resumed: true };

  const participantId = newRowId("pa");
  // One statement: raise the count under the cap (the row lock orders joins against each other and
  // against the end, which sets endedAt under the same lock), then the visitor row, the seat and the
  // attendee's hit, each only if the one before it happened. Full or ended: nothing is written.
  // The statement is its own transaction and turns synchronous_commit off for it alone
  // (set_config(..., true) lasts until that commit, which reads it): the event row's lock is then
  // released without waiting for the WAL flush (~5 ms a join here, and every join queues on that
  // row). A crash can lose the last few hundred ms of joins whole (count, seat, visitor, hit
  // together, never a part); those attendees' channel auth then fails and the link seats them again
  // (docs/sessions.md, "The auditorium").
  const [row] = await db.$queryRaw<{ participantId: string | null }[]>`
    WITH seat AS (
      UPDATE "Auditorium" SET present = present + 1, peak = GREATEST(peak, present + 1)
      WHERE id = ${ev.id} AND "endedAt" IS NULL AND present < "maxAttendees"
      RETURNING "orgId", "sessionId"
    ), vis AS (
      INSERT INTO "Visitor" (id, "orgId", "cookieId", name, "firstSeenAt", "lastSeenAt", notes)
      SELECT ${newRowId("vi")}, seat."orgId", ${input.visitorCookieId}, ${name.data}, ${now}, ${now}, '' FROM seat
      ON CONFLICT ("orgId", "cookieId") DO UPDATE SET "lastSeenAt" = EXCLUDED."lastSeenAt", name = EXCLUDED.name
      RETURNING id
    ), p AS (
      INSERT INTO "Participant" (id, "orgId", "sessionId", role, "canLead", "visitorId", "displayName", "joinedAt")
      SELECT ${participantId}, seat."orgId", seat."sessionId", 'ATTENDEE', false, vis.id, ${name.data}, ${now} FROM seat, vis
      RETURNING id, "orgId", "sessionId", "visitorId"
    ), hit AS (
      -- One hit per attendee per event: a rejoin (new seat, same visitor) is not a second one.
      INSERT INTO "UsageRecord" (id, "orgId", kind, quantity, "occurredAt", "idempotencyKey", "sessionId", "participantId", "createdAt")
      SELECT 'ur_' || md5('ah:' || p."sessionId" || ':' || p."visitorId"), p."orgId", 'ATTENDEE_HIT', 1, ${now},
             'ah:' || p."sessionId" || ':' || p."visitorId", p."sessionId", p.id, now() FROM p
      ON CONFLICT DO NOTHING
    )
    SELECT (SELECT id FROM p) AS "participantId", set_config('synchronous_commit', 'off', true) AS "commitMode"`;
  if (!row?.participantId) {
    // Ended meanwhile, or full: read again to say which.
    const again = await readEvent(input.key, input.visitorCookieId);
    const why = again ? notJoinable(again) : null;
    return why ?? { ok: false, reason: "full", title: ev.title, maxAttendees: ev.maxAttendees };
  }
  audienceChanged(ev.sessionId!);
  return { ok: true, orgId: ev.orgId, sessionId: ev.sessionId!, participantId, resumed: false };
}

export const joinAuditoriumSchema = z.object({ key: safeString().min(1).max(64), name: safeString().max(MAX_NAME_LENGTH * 4) });

export type EventLanding =
  | { state: "not_found" }
  | { state: "seated"; sessionId: string }
  | {
      state: "not_started" | "live" | "ended" | "removed";
      title: string;
      startsAt: Date | null;
      org: { name: string; brandColor: string };
    };

/** What the public link shows on a GET (which never seats anyone): the form, "starts at", or the way in. */
export async function describeEvent(key: string, cookieId: string | null): Promise<EventLanding> {
  const ev = await readEvent(key, cookieId ?? "");
  if (!ev) return { state: "not_found" };
  if (ev.presentSeat && ev.status === "ACTIVE") return { state: "seated", sessionId: ev.sessionId! };
  const org = await db.organization.findUniqueOrThrow({ where: { id: ev.orgId }, select: { name: true, brandColor: true } });
  const refusal = notJoinable(ev);
  const state = refusal && !refusal.ok ? (refusal.reason as "not_started" | "ended" | "removed") : "live";
  return { state, title: ev.title, startsAt: ev.scheduledFor, org };
}

// Attendance: an attendee's seat is a Participant row (joinedAt, leftAt). Leaving by the attendee's
// own button, by disconnecting, by being removed or by the event ending closes the row; coming back
// through the link makes a new row (a rejoin is a new attendance interval; reports count people by
// visitor). Leaving writes no room event and takes no org-wide lock: it locks the event's row (the
// counter), closes the seat and its billed minutes, and the count notice follows (count.ts).
//
// Leaving by disconnecting: attendees are never on the presence channel, so there is no
// member_removed for them. Each attendee's page holds its own participant channel,
// so the relay's channel_vacated for it is their disconnect. The same rule as for presence applies
// (server/sessions/presence-leave.ts): a job after PRESENCE_LEAVE_GRACE_MS asks the relay whether
// the channel is occupied again (a reload) and otherwise leaves the seat at the disconnect time.
import "server-only";
import { dropMinutesPastLeave, meterVisitorMinutes } from "../billing/metering";
import { toCsv } from "../billing/csv";
import { db } from "../db";
import { env } from "../env";
import { notFound } from "../errors";
import { JOBS, sendJob } from "../jobs/boss";
import { audienceOfChannel } from "../realtime/notices";
import { onRealtimeWebhook, type RealtimeWebhookEvent } from "../realtime/webhooks";
import { audienceChanged } from "./count";

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/**
 * Closes one attendee seat at `leftAt` (never before it joined). `removedAt` also marks it removed
 * (remove.ts), even when it had left already. True when the seat was present and is now left.
 */
export async function leaveAttendeeInTx(
  tx: Tx,
  seat: { orgId: string; sessionId: string; participantId: string },
  leftAt: Date,
  opts: { removedAt?: Date } = {},
): Promise<boolean> {
  // The event's row first: joins and the end lock it first too, so these never deadlock.
  await tx.$queryRaw`SELECT id FROM "Auditorium" WHERE "sessionId" = ${seat.sessionId} FOR UPDATE`;
  const left = await tx.$executeRaw`
    UPDATE "Participant" SET "leftAt" = GREATEST("joinedAt", ${leftAt}::timestamptz)
    WHERE id = ${seat.participantId} AND "sessionId" = ${seat.sessionId} AND role = 'ATTENDEE' AND "leftAt" IS NULL`;
  if (opts.removedAt) {
    await tx.participant.updateMany({
      where: { id: seat.participantId, sessionId: seat.sessionId, removedAt: null },
      data: { removedAt: opts.removedAt },
    });
  }
  if (left === 0) return false;
  await tx.$executeRaw`UPDATE "Auditorium" SET present = GREATEST(present - 1, 0) WHERE "sessionId" = ${seat.sessionId} AND "endedAt" IS NULL`;
  // Billing: this seat's last minutes, exactly (docs/billing.md), without touching the others'.
  await dropMinutesPastLeave(tx, { orgId: seat.orgId, sessionId: seat.sessionId }, seat.participantId);
  await meterVisitorMinutes(tx, {
    now: leftAt,
    session: { orgId: seat.orgId, sessionId: seat.sessionId },
    participantId: seat.participantId,
  });
  return true;
}

/** The attendee's own Leave (sessions.leave routes ATTENDEE seats of an auditorium here). */
export async function leaveAttendee(
  seat: { orgId: string; sessionId: string; participantId: string },
  leftAt = new Date(),
): Promise<boolean> {
  const left = await db.$transaction((tx) => leaveAttendeeInTx(tx, seat, leftAt));
  if (left) audienceChanged(seat.sessionId);
  return left;
}

/** An ATTENDEE seat of a live auditorium that is still present, by id (null for anything else). */
export async function presentAttendee(participantId: string) {
  return db.participant.findFirst({
    where: { id: participantId, role: "ATTENDEE", leftAt: null, session: { kind: "AUDITORIUM", status: "ACTIVE" } },
    select: { id: true, orgId: true, sessionId: true, joinedAt: true },
  });
}

/** channel_vacated of an attendee's own channel: schedule the leave after the grace (the presence job). */
export async function scheduleAttendeeLeave(event: RealtimeWebhookEvent, meta: { timeMs: number }, now = Date.now()): Promise<boolean> {
  if (event.name !== "channel_vacated") return false;
  const from = audienceOfChannel(event.channel);
  if (from?.to !== "participant") return false;
  // Every seat's own channel is vacated some day; only attendees are not on presence.
  const seat = await presentAttendee(from.participantId);
  if (!seat) return false;
  const at = new Date(Math.min(meta.timeMs, now));
  await sendJob(
    JOBS.presenceLeave,
    { sessionId: seat.sessionId, participantId: seat.id, disconnectedAt: at.toISOString() },
    // The presence rule's grace (sessions/presence-leave.ts), read where it is defined.
    { startAfter: new Date(now + env.PRESENCE_LEAVE_GRACE_MS) },
  );
  return true;
}

onRealtimeWebhook(async (event, meta) => {
  await scheduleAttendeeLeave(event, meta);
});

// ─── Reports ──────────────────────────────────────────────────────────────────────────────────

async function eventOf(orgId: string, auditoriumId: string) {
  const a = await db.auditorium.findFirst({
    where: { id: auditoriumId, orgId },
    select: {
      id: true,
      title: true,
      sessionId: true,
      peak: true,
      present: true,
      maxAttendees: true,
      endedAt: true,
      session: { select: { startedAt: true, endedAt: true } },
    },
  });
  if (!a) throw notFound("Event");
  return a;
}

/** Figures for the producer and reports: people, seats (a rejoin is a new seat), peak, minutes. */
export async function attendanceSummary(orgId: string, auditoriumId: string) {
  const a = await eventOf(orgId, auditoriumId);
  if (!a.sessionId)
    return {
      title: a.title,
      started: false,
      attendees: 0,
      seats: 0,
      present: 0,
      peak: 0,
      removed: 0,
      attendeeMinutes: 0,
      maxAttendees: a.maxAttendees,
    };
  const [row] = await db.$queryRaw<{ attendees: number; seats: number; removed: number; minutes: number }[]>`
    SELECT count(DISTINCT "visitorId")::int AS attendees, count(*)::int AS seats,
           count(*) FILTER (WHERE "removedAt" IS NOT NULL)::int AS removed,
           (SELECT count(*)::int FROM "UsageRecord" u WHERE u."orgId" = ${orgId} AND u."sessionId" = ${a.sessionId} AND u.kind = 'ATTENDEE_MINUTE') AS minutes
    FROM "Participant" WHERE "orgId" = ${orgId} AND "sessionId" = ${a.sessionId} AND role = 'ATTENDEE'`;
  return {
    title: a.title,
    started: true,
    attendees: row?.attendees ?? 0,
    seats: row?.seats ?? 0,
    present: a.present,
    peak: a.peak,
    removed: row?.removed ?? 0,
    attendeeMinutes: row?.minutes ?? 0,
    maxAttendees: a.maxAttendees,
  };
}

/** One row per attendee seat: name, joined, left, minutes present, removed. Streams in pages. */
export async function attendanceCsv(orgId: string, auditoriumId: string): Promise<{ filename: string; csv: string }> {
  const a = await eventOf(orgId, auditoriumId);
  const rows: (string | number | null)[][] = [["attendee", "visitor_id", "joined_at", "left_at", "minutes_present", "removed_at"]];
  if (a.sessionId) {
    let after = "";
    for (;;) {
      const page = await db.participant.findMany({
        where: { orgId, sessionId: a.sessionId, role: "ATTENDEE", id: { gt: after } },
        orderBy: { id: "asc" },
        take: 5000,
        select: { id: true, displayName: true, visitorId: true, joinedAt: true, leftAt: true, removedAt: true },
      });
      for (const p of page) {
        const until = p.leftAt ?? a.session?.endedAt ?? null;
        const minutes = until ? Math.ceil(Math.max(0, until.getTime() - p.joinedAt.getTime()) / 60_000) : null;
        rows.push([
          p.displayName,
          p.visitorId,
          p.joinedAt.toISOString(),
          p.leftAt?.toISOString() ?? null,
          minutes,
          p.removedAt?.toISOString() ?? null,
        ]);
      }
      if (page.length < 5000) break;
      after = page[page.length - 1]!.id;
    }
  }
  const [header, ...data] = rows;
  data.sort((x, y) => String(x[2]).localeCompare(String(y[2])));
  const slug =
    a.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "event";
  return { filename: `attendance-${slug}.csv`, csv: toCsv([header!, ...data]) };
}

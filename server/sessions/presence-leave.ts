// Leaving by disconnecting. A visitor who closes the tab or loses the connection never calls
// sessions.leave, so their seat (and their billed minutes) would stay open for ever. The relay tells
// us when a seat's last connection leaves the session's presence channel (member_removed; user_id is
// the participant id, server/realtime/authorize.ts). A reload drops and re-adds within seconds, so we
// do not leave at once: a job runs after PRESENCE_LEAVE_GRACE_MS, asks the relay who is on the
// channel, and leaves the seat with leftAt = the disconnect time unless it came back. Agents follow
// the same rule (leave.ts then ends a one-on-one when no agent is left). Unseen staff are never on
// the presence channel, so nothing here concerns them. docs/sessions.md.
import "server-only";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { JOBS, sendJob, type JobData } from "../jobs/boss";
import { leaveAttendee } from "../auditorium/attendance";
import { audienceOfChannel } from "../realtime/notices";
import { participantOnline, sessionPresence } from "../realtime/presence";
import { onRealtimeWebhook, type RealtimeWebhookEvent } from "../realtime/webhooks";
import { leaveSession } from "./leave";
import { findSeatById } from "./participant";
import { isInvisible } from "./visibility";

/** The default grace (server/env.ts); the `PRESENCE_LEAVE_GRACE_MS` variable overrides it, tests use a short one. */
export const PRESENCE_LEAVE_GRACE_MS = 30_000;

export function presenceLeaveGraceMs(): number {
  return env.PRESENCE_LEAVE_GRACE_MS;
}

type PresenceLeave = JobData[typeof JOBS.presenceLeave];

/** The job a member_removed schedules, or null for any other event. */
export function presenceLeaveOf(event: RealtimeWebhookEvent, timeMs: number, now = Date.now()): PresenceLeave | null {
  if (event.name !== "member_removed") return null;
  const from = audienceOfChannel(event.channel);
  if (from?.to !== "room" || !event.user_id) return null;
  // The signed batch time, a few ms after the disconnect; never in the future (a skewed relay clock).
  const at = new Date(Math.min(timeMs, now));
  return { sessionId: from.sessionId, participantId: event.user_id, disconnectedAt: at.toISOString() };
}

export async function schedulePresenceLeave(event: RealtimeWebhookEvent, meta: { timeMs: number }): Promise<void> {
  const data = presenceLeaveOf(event, meta.timeMs);
  if (!data) return;
  // A failure here fails the webhook, and the relay retries it: a duplicate job is harmless.
  await sendJob(JOBS.presenceLeave, data, { startAfter: new Date(Date.now() + presenceLeaveGraceMs()) });
}

/**
 * A later disconnect of the same seat means it came back in between: that later job decides, with
 * its own time (leaving with ours would bill too little). The jobs table is the only record of it.
 */
async function laterDisconnect(data: PresenceLeave): Promise<boolean> {
  const [row] = await db.$queryRaw<{ later: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM pgboss.job
      WHERE name = ${JOBS.presenceLeave} AND data->>'participantId' = ${data.participantId}
        AND (data->>'disconnectedAt')::timestamptz > ${new Date(data.disconnectedAt)}::timestamptz
    ) AS later`;
  return row?.later ?? false;
}

export type PresenceLeaveOutcome = "left" | "present" | "superseded" | "already-left" | "unseen" | "not-found";

/** The job: idempotent, so duplicates, retries and a restarted worker leave a seat at most once. */
export async function leaveIfGone(data: PresenceLeave, now = new Date()): Promise<PresenceLeaveOutcome> {
  const seat = await findSeatById(data.participantId);
  if (!seat || seat.sessionId !== data.sessionId) return "not-found";
  if (seat.leftAt || seat.session.status !== "ACTIVE") return "already-left";
  if (isInvisible(seat.role)) return "unseen";
  if (await laterDisconnect(data)) return "superseded";
  // An auditorium attendee is never on presence: their own channel's occupancy says whether their
  // page is back (the job came from its channel_vacated: server/auditorium/attendance.ts).
  if (seat.role === "ATTENDEE" && seat.session.kind === "AUDITORIUM") {
    if (await participantOnline(seat.id)) return "present";
    const at = new Date(Math.min(new Date(data.disconnectedAt).getTime(), now.getTime()));
    return (await leaveAttendee({ orgId: seat.orgId, sessionId: seat.sessionId, participantId: seat.id }, at)) ? "left" : "already-left";
  }
  if ((await sessionPresence(data.sessionId)).has(seat.id)) return "present";
  const disconnected = new Date(data.disconnectedAt).getTime();
  const leftAt = new Date(Math.max(seat.joinedAt.getTime(), Math.min(disconnected, now.getTime())));
  try {
    await leaveSession(seat, leftAt);
  } catch (e) {
    // Left meanwhile (sessions.leave, the session ended, another job): nothing more to do.
    if (e instanceof AppError && e.code === "PRECONDITION_FAILED") return "already-left";
    throw e;
  }
  return "left";
}

onRealtimeWebhook(schedulePresenceLeave);

// The audience count. Attendees are never on a presence channel (19,000 member lists would cost the
// relay and every client far more than the event itself), so the count is the event row's counter
// (Auditorium.present, kept by join, leave, remove and end in the statements that change seats),
// published as a notice on the audience channel: producers, speakers and attendees all read it there.
//
// Throttle: in this process, the first change publishes at once, changes within the next
// AUDIENCE_COUNT_INTERVAL_MS are folded into one trailing publish that reads the row then, so a
// burst of 19,000 joins costs one small read and one message every ~2 s, and the last value always
// goes out. No job per join (a pg-boss send would be one more write per join); each web or worker
// process throttles itself, so with N processes it is at most N notices per interval, each
// carrying the row's current value (idempotent, a later `at` wins). A process that dies with a
// publish pending loses only that notice; the next change, or a page load (sessions.view carries
// the count), corrects it.
import "server-only";
import { EVENTS, type AudienceCount } from "../../lib/realtime-events";
import { db } from "../db";
import { publishNotices } from "../realtime/notices";

export const AUDIENCE_COUNT_INTERVAL_MS = 2_000;

type Slot = { lastAt: number; timer: ReturnType<typeof setTimeout> | null };
const slots = new Map<string, Slot>();

export async function audienceFigures(sessionId: string): Promise<{ count: number; peak: number }> {
  const a = await db.auditorium.findUnique({ where: { sessionId }, select: { present: true, peak: true } });
  return { count: a?.present ?? 0, peak: a?.peak ?? 0 };
}

/** Reads the count now and publishes it (also the trailing publish of the throttle). */
export async function publishAudienceCount(sessionId: string): Promise<AudienceCount> {
  const figures = await audienceFigures(sessionId);
  const notice: AudienceCount = { sessionId, ...figures, at: new Date().toISOString() };
  await publishNotices([{ audience: { to: "audience", sessionId }, event: EVENTS.audienceCount, data: notice }]);
  return notice;
}

/** Call after a commit that changed the number of attendees present. Never throws, never waits. */
export function audienceChanged(sessionId: string, now = Date.now()): void {
  const slot = slots.get(sessionId) ?? { lastAt: 0, timer: null };
  slots.set(sessionId, slot);
  if (slot.timer) return; // a trailing publish is due and will read the row then
  const wait = slot.lastAt + AUDIENCE_COUNT_INTERVAL_MS - now;
  const fire = () => {
    slot.timer = null;
    slot.lastAt = Date.now();
    publishAudienceCount(sessionId).catch((e: unknown) => console.warn(`[auditorium] count publish failed: ${(e as Error).message}`));
  };
  if (wait <= 0) fire();
  else {
    slot.timer = setTimeout(fire, wait);
    slot.timer.unref?.();
  }
}

/** Forget a session's throttle (it ended): the map must not grow with every event ever held. */
export function forgetAudience(sessionId: string): void {
  const slot = slots.get(sessionId);
  if (slot?.timer) clearTimeout(slot.timer);
  slots.delete(sessionId);
}

/**
 * For A2's promote/demote (an attendee seat becomes a speaker and back): the count is of ATTENDEE
 * seats present. Run inside the transaction that changes the role; call audienceChanged after commit.
 */
export async function adjustAudience(tx: Pick<typeof db, "$executeRaw">, sessionId: string, delta: 1 | -1): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Auditorium" SET present = GREATEST(present + ${delta}, 0), peak = GREATEST(peak, present + ${delta})
    WHERE "sessionId" = ${sessionId} AND "endedAt" IS NULL`;
}

// The time rules of "schedule a session later", with no database: which 30-minute slots are
// offered and bookable, and when a booked session's link lets the visitor in. Pure, so the booking
// form, the booking and the re-entry link all apply the same windows (and unit tests pin them).
import "server-only";

export const SLOT_MINUTES = 30;
export const SCHEDULE_DAYS = 7;
/** A slot is offered only this far ahead, so there is time to read the email... */
export const MIN_LEAD_MS = 10 * 60_000;
/**
 * ...and may still be booked until this close to its start. Smaller than MIN_LEAD_MS on purpose:
 * the form is filled in after it was shown, so a visitor who opened it at 14:19 (first slot 14:30)
 * and pressed "Book" at 14:21 must not be told their time is no longer available.
 */
export const MIN_BOOK_LEAD_MS = 2 * 60_000;
/** The link lets the visitor in this long before the start... */
export const JOIN_EARLY_MS = 5 * 60_000;
/** ...and until this long after the scheduled end. */
export const JOIN_LATE_MS = 30 * 60_000;

const SLOT_MS = SLOT_MINUTES * 60_000;

/** Every bookable slot start from `now`: on the half hour, at least MIN_LEAD_MS ahead, within SCHEDULE_DAYS. */
export function availableSlots(now = new Date()): Date[] {
  const first = Math.ceil((now.getTime() + MIN_LEAD_MS) / SLOT_MS) * SLOT_MS;
  const last = now.getTime() + SCHEDULE_DAYS * 86_400_000;
  const slots: Date[] = [];
  for (let t = first; t <= last; t += SLOT_MS) slots.push(new Date(t));
  return slots;
}

export function isBookableSlot(slot: Date, now = new Date()): boolean {
  const t = slot.getTime();
  return (
    Number.isFinite(t) && t % SLOT_MS === 0 && t >= now.getTime() + MIN_BOOK_LEAD_MS && t <= now.getTime() + SCHEDULE_DAYS * 86_400_000
  );
}

export type ScheduledState = "early" | "open" | "late" | "cancelled";

export function scheduledState(s: { status: string; scheduledFor: Date; durationMin: number }, now = new Date()): ScheduledState {
  if (s.status === "CANCELLED") return "cancelled";
  const start = s.scheduledFor.getTime();
  if (s.status === "MISSED" || now.getTime() > start + s.durationMin * 60_000 + JOIN_LATE_MS) return "late";
  if (now.getTime() < start - JOIN_EARLY_MS) return "early";
  return "open";
}

// "Schedule a session later" instead of waiting: the visitor picks a 30-minute slot in the next
// 7 days (in their own time zone when the browser tells it, else UTC) and gives an email; their queue entry closes as SCHEDULED, a ScheduledSession
// is kept, and an email with a calendar invitation carries a signed link that, from five minutes
// before the time, puts them back in the queue ahead of everyone else (priority 10).
// The slot rules are in slots.ts, the email in booking-email.ts, the link's way back in
// scheduled-entry.ts; this module books, and re-exports the rest for its callers.
import "server-only";
import { z } from "zod";
import { formatSlot } from "../../lib/slot-time";
import { safeString } from "../api/schemas/safe-string";
import { db } from "../db";
import { AppError } from "../errors";
import { queueEmail } from "../notifications/email";
import { applyEffects, newEffects } from "../routing/effects";
import { lockOrgRouting } from "../routing/lock";
import { closeEntryInTx } from "../routing/offers";
import { bookingEmail } from "./booking-email";
import { scheduledJoinUrl, signScheduledToken } from "./scheduled-entry";
import { SLOT_MINUTES, isBookableSlot } from "./slots";

export { formatSlot };
export { REQUEUED_PRIORITY, SCHEDULED_PRIORITY } from "./priority";
export {
  JOIN_EARLY_MS,
  JOIN_LATE_MS,
  MIN_BOOK_LEAD_MS,
  MIN_LEAD_MS,
  SCHEDULE_DAYS,
  SLOT_MINUTES,
  availableSlots,
  isBookableSlot,
  scheduledState,
  type ScheduledState,
} from "./slots";
export { loadScheduledForLink, scheduledJoinUrl, signScheduledToken, startScheduledSession } from "./scheduled-entry";

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const scheduleFields = z.object({ email: safeString(), name: safeString().nullish() });

export async function scheduleLater(input: {
  orgId: string;
  queueEntryId: string;
  /** The visitor asking; the entry must be theirs. */
  visitorId: string;
  launcherKey: string;
  scheduledFor: Date;
  email: string;
  name?: string | null;
  /** The visitor's IANA time zone, from their browser: the email states the time in it. Else UTC. */
  timeZone?: string | null;
  now?: Date;
}): Promise<{ scheduledId: string; scheduledFor: Date; joinUrl: string; emailId: string }> {
  const now = input.now ?? new Date();
  const typed = scheduleFields.safeParse({ email: input.email, name: input.name });
  if (!typed.success) {
    const issue = typed.error.issues[0]!;
    throw new AppError("BAD_REQUEST", issue.message, { field: issue.path[0] === "name" ? "name" : "email" });
  }
  const email = input.email.trim().toLowerCase();
  if (!EMAIL_RE.test(email) || email.length > 254)
    throw new AppError("BAD_REQUEST", "Please enter a valid email address.", { field: "email" });
  if (!isBookableSlot(input.scheduledFor, now)) {
    throw new AppError("BAD_REQUEST", "Please pick one of the times offered (in the next 7 days).", {
      field: "slot",
    });
  }
  const name = input.name?.trim().slice(0, 80) || null;
  const fx = newEffects();
  const result = await db.$transaction(async (tx) => {
    await lockOrgRouting(tx, input.orgId);
    const entry = await tx.queueEntry.findFirst({
      where: { id: input.queueEntryId, orgId: input.orgId, visitorId: input.visitorId },
      select: {
        id: true,
        status: true,
        scenarioId: true,
        launcherId: true,
        question: true,
        referrerUrl: true,
        launcher: { select: { key: true } },
        org: { select: { name: true } },
        visitor: { select: { name: true } },
      },
    });
    if (!entry) throw new AppError("NOT_FOUND", "Queue entry not found.");
    if (entry.status !== "WAITING" && entry.status !== "OFFERED") {
      throw new AppError(
        "CONFLICT",
        entry.status === "ASSIGNED" ? "An agent has already picked up your request." : "You are no longer waiting in line.",
      );
    }
    const scheduled = await tx.scheduledSession.create({
      data: {
        orgId: input.orgId,
        scenarioId: entry.scenarioId,
        visitorId: input.visitorId,
        title: `Live session with ${entry.org.name}`,
        name: name ?? entry.visitor.name,
        email,
        question: entry.question,
        scheduledFor: input.scheduledFor,
        durationMin: SLOT_MINUTES,
        createdAt: now,
      },
      select: { id: true, scheduledFor: true, name: true },
    });
    await closeEntryInTx(tx, fx, {
      orgId: input.orgId,
      queueEntryId: entry.id,
      status: "SCHEDULED",
      reason: "visitor scheduled a later session",
      now,
    });
    await tx.visitor.update({
      where: { id: input.visitorId },
      data: { email, ...(name ? { name } : {}), lastSeenAt: now },
    });

    // The link re-enters through the launcher the visitor came in by (it need not be the page's key).
    const key = entry.launcher.key;
    const token = signScheduledToken({
      id: scheduled.id,
      launcherId: entry.launcherId,
      referrerUrl: entry.referrerUrl,
      scheduledFor: scheduled.scheduledFor,
    });
    const joinUrl = scheduledJoinUrl(key, scheduled.id, token);
    const mail = await queueEmail(tx, {
      orgId: input.orgId,
      to: email,
      ...bookingEmail({
        scheduledId: scheduled.id,
        scheduledFor: scheduled.scheduledFor,
        when: formatSlot(scheduled.scheduledFor, input.timeZone ?? "UTC"),
        name: scheduled.name,
        orgName: entry.org.name,
        question: entry.question,
        joinUrl,
        now,
      }),
    });
    return { scheduledId: scheduled.id, scheduledFor: scheduled.scheduledFor, joinUrl, emailId: mail.id };
  });
  await applyEffects(fx);
  return result;
}

// "Schedule a session later" instead of waiting: the visitor picks a 30-minute slot in the next
// 7 days (in their own time zone when the browser tells it, else UTC) and gives an email; their queue entry closes as SCHEDULED, a ScheduledSession
// is kept, and an email with a calendar invitation carries a signed link that, from five minutes
// before the time, puts them back in the queue ahead of everyone else (priority 10).
import "server-only";
import { z } from "zod";
import { formatSlot } from "../../lib/slot-time";
import { safeString } from "../api/schemas/safe-string";
import { db } from "../db";
import { buildIcs } from "../entry/ics";
import { signToken, verifyToken } from "../entry/signing";
import { env } from "../env";
import { AppError } from "../errors";
import { loadLauncher, scenarioFor } from "../launchers/entry";
import { escapeHtml, queueEmail } from "../notifications/email";
import { applyEffects, newEffects } from "../routing/effects";
import { lockOrgRouting } from "../routing/lock";
import { closeEntryInTx } from "../routing/offers";
import { upsertVisitor } from "../visitors/identify";
import { enqueueVisitor } from "./enqueue";

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
export const SCHEDULED_PRIORITY = 10;
/**
 * A visitor an agent sent back to the queue: already served once, so ahead of everyone waiting for
 * the first time, but behind a scheduled re-entry. Fixed, not incremented: bounced five times is
 * not a reason to pass visitors who booked a time.
 */
export const REQUEUED_PRIORITY = 5;

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

export { formatSlot };

export function signScheduledToken(s: { id: string; launcherId: string; referrerUrl: string | null; scheduledFor: Date }): string {
  return signToken(
    "scheduled-v1",
    { s: s.id, l: s.launcherId, r: s.referrerUrl },
    new Date(s.scheduledFor.getTime() + SCHEDULE_DAYS * 86_400_000),
  );
}

export function scheduledJoinUrl(launcherKey: string, scheduledId: string, token: string): string {
  return new URL(
    `/l/${encodeURIComponent(launcherKey)}/scheduled/${encodeURIComponent(scheduledId)}?t=${encodeURIComponent(token)}`,
    env.NEXTAUTH_URL,
  ).toString();
}

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
    const when = formatSlot(scheduled.scheduledFor, input.timeZone ?? "UTC");
    const greeting = scheduled.name ? `Hello ${scheduled.name},` : "Hello,";
    const lines = [
      greeting,
      "",
      `You're booked for a live session with ${entry.org.name} on ${when}, for about ${SLOT_MINUTES} minutes.`,
      "",
      "When it's time, open this link to join. You'll go to the front of the line:",
      joinUrl,
      "",
      `The link opens ${JOIN_EARLY_MS / 60_000} minutes before the start. A calendar invitation (invite.ics) is attached.`,
      ...(entry.question ? ["", `Your question: ${entry.question}`] : []),
      "",
      "If you can't make it, simply ignore this email.",
    ];
    const html = [
      `<p>${escapeHtml(greeting)}</p>`,
      `<p>You're booked for a live session with <strong>${escapeHtml(entry.org.name)}</strong> on <strong>${escapeHtml(when)}</strong>, for about ${SLOT_MINUTES} minutes.</p>`,
      `<p><a href="${escapeHtml(joinUrl)}">Join your session</a> (the link opens ${JOIN_EARLY_MS / 60_000} minutes before the start; you'll go to the front of the line).</p>`,
      ...(entry.question ? [`<p>Your question: ${escapeHtml(entry.question)}</p>`] : []),
      `<p style="color:#64748b;font-size:12px">If you can't make it, simply ignore this email.</p>`,
    ].join("\n");
    const ics = buildIcs({
      uid: `${scheduled.id}@isession`,
      start: scheduled.scheduledFor,
      durationMin: SLOT_MINUTES,
      summary: `Live session with ${entry.org.name}`,
      description: `Join when it's time: ${joinUrl}${entry.question ? `\n\nYour question: ${entry.question}` : ""}`,
      url: joinUrl,
      organizerName: entry.org.name,
      now,
    });
    const mail = await queueEmail(tx, {
      orgId: input.orgId,
      to: email,
      subject: `Your live session with ${entry.org.name}: ${when}`,
      text: lines.join("\n"),
      html,
      attachments: [{ filename: "invite.ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH", content: ics }],
    });
    return { scheduledId: scheduled.id, scheduledFor: scheduled.scheduledFor, joinUrl, emailId: mail.id };
  });
  await applyEffects(fx);
  return result;
}

export type ScheduledState = "early" | "open" | "late" | "cancelled";

export function scheduledState(s: { status: string; scheduledFor: Date; durationMin: number }, now = new Date()): ScheduledState {
  if (s.status === "CANCELLED") return "cancelled";
  const start = s.scheduledFor.getTime();
  if (s.status === "MISSED" || now.getTime() > start + s.durationMin * 60_000 + JOIN_LATE_MS) return "late";
  if (now.getTime() < start - JOIN_EARLY_MS) return "early";
  return "open";
}

/** The scheduled session a re-entry link points at, if the link is genuine; null otherwise (the page answers 404). */
export async function loadScheduledForLink(input: { key: string; scheduledId: string; token: string | null; now?: Date }) {
  const now = input.now ?? new Date();
  const launcher = await loadLauncher(input.key);
  if (!launcher) return null;
  const claims = verifyToken("scheduled-v1", input.token, now);
  if (!claims || claims.s !== input.scheduledId || claims.l !== launcher.id) return null;
  const scheduled = await db.scheduledSession.findFirst({
    where: { id: input.scheduledId, orgId: launcher.org.id },
    select: {
      id: true,
      status: true,
      scheduledFor: true,
      durationMin: true,
      name: true,
      email: true,
      question: true,
      scenarioId: true,
    },
  });
  if (!scheduled) return null;
  return {
    launcher,
    scheduled,
    referrerUrl: typeof claims.r === "string" ? claims.r : null,
    state: launcher.org.status === "ACTIVE" ? scheduledState(scheduled, now) : ("unavailable" as const),
  };
}

/**
 * The visitor followed the email link: from five minutes before the time, they join the queue with
 * priority and the scheduled session is STARTED. Following it again while it is open brings them
 * back to their place (enqueueVisitor keeps one waiting entry per visitor).
 */
export async function startScheduledSession(input: {
  key: string;
  scheduledId: string;
  token: string | null;
  visitorCookieId: string;
  userId?: string | null;
  /** The visitor's IP address now (server/entry/request.ts `requestIp`), recorded on the new entry. */
  clientAddress?: string | null;
  now?: Date;
}): Promise<
  { ok: true; entryId: string } | { ok: false; state: Exclude<ScheduledState, "open"> | "unavailable" | "invalid"; startsAt?: Date }
> {
  const now = input.now ?? new Date();
  const found = await loadScheduledForLink({ ...input, now });
  if (!found) return { ok: false, state: "invalid" };
  const { launcher, scheduled, referrerUrl, state } = found;
  if (state !== "open") {
    if (state === "late")
      await db.scheduledSession.updateMany({
        where: { id: scheduled.id, status: "PENDING" },
        data: { status: "MISSED" },
      });
    return { ok: false, state, startsAt: scheduled.scheduledFor };
  }
  const visitor = await upsertVisitor({
    orgId: launcher.org.id,
    cookieId: input.visitorCookieId,
    name: scheduled.name,
    email: scheduled.email,
    userId: input.userId ?? null,
    now,
  });
  const entry = await enqueueVisitor({
    orgId: launcher.org.id,
    launcherId: launcher.id,
    scenarioId: scheduled.scenarioId,
    visitorId: visitor.id,
    question: scheduled.question,
    referrerUrl,
    avatarUrl: scenarioFor(launcher, referrerUrl).visitorAvatarUrl,
    clientAddress: input.clientAddress ?? null,
    priority: SCHEDULED_PRIORITY,
    now,
  });
  await db.scheduledSession.updateMany({
    where: { id: scheduled.id, status: "PENDING" },
    data: { status: "STARTED" },
  });
  return { ok: true, entryId: entry.id };
}

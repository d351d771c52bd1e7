// The email that confirms a scheduled session: plain text, HTML and a calendar invitation, built
// from the booking alone so that its wording can change without touching the booking transaction.
import "server-only";
import { buildIcs } from "../entry/ics";
import { escapeHtml } from "../notifications/email";
import { JOIN_EARLY_MS, SLOT_MINUTES } from "./slots";

export function bookingEmail(b: {
  scheduledId: string;
  scheduledFor: Date;
  /** The slot in the visitor's words and time zone (lib/slot-time.ts `formatSlot`). */
  when: string;
  /** The visitor's name, if known. */
  name: string | null;
  orgName: string;
  question: string | null;
  joinUrl: string;
  now: Date;
}) {
  const greeting = b.name ? `Hello ${b.name},` : "Hello,";
  const lines = [
    greeting,
    "",
    `You're booked for a live session with ${b.orgName} on ${b.when}, for about ${SLOT_MINUTES} minutes.`,
    "",
    "When it's time, open this link to join. You'll go to the front of the line:",
    b.joinUrl,
    "",
    `The link opens ${JOIN_EARLY_MS / 60_000} minutes before the start. A calendar invitation (invite.ics) is attached.`,
    ...(b.question ? ["", `Your question: ${b.question}`] : []),
    "",
    "If you can't make it, simply ignore this email.",
  ];
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>You're booked for a live session with <strong>${escapeHtml(b.orgName)}</strong> on <strong>${escapeHtml(b.when)}</strong>, for about ${SLOT_MINUTES} minutes.</p>`,
    `<p><a href="${escapeHtml(b.joinUrl)}">Join your session</a> (the link opens ${JOIN_EARLY_MS / 60_000} minutes before the start; you'll go to the front of the line).</p>`,
    ...(b.question ? [`<p>Your question: ${escapeHtml(b.question)}</p>`] : []),
    `<p style="color:#64748b;font-size:12px">If you can't make it, simply ignore this email.</p>`,
  ].join("\n");
  const ics = buildIcs({
    uid: `${b.scheduledId}@isession`,
    start: b.scheduledFor,
    durationMin: SLOT_MINUTES,
    summary: `Live session with ${b.orgName}`,
    description: `Join when it's time: ${b.joinUrl}${b.question ? `\n\nYour question: ${b.question}` : ""}`,
    url: b.joinUrl,
    organizerName: b.orgName,
    now: b.now,
  });
  return {
    subject: `Your live session with ${b.orgName}: ${b.when}`,
    text: lines.join("\n"),
    html,
    attachments: [{ filename: "invite.ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH", content: ics }],
  };
}

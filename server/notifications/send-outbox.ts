// The email sender, run by the worker (job `email.send`). Every email is an EmailOutbox row:
// - With SMTP_URL set, due PENDING rows go out through nodemailer, oldest first. A failed attempt is
//   recorded (attempts, lastError) and retried on a schedule counted from the row's creation
//   (RETRY_AFTER_MS); a permanent refusal (SMTP 5xx) or the last attempt marks it FAILED.
// - Without SMTP_URL, PENDING rows become NOT_SENT: kept in the outbox for the operator, with one
//   log line each: recipient, subject and where the operator reads it (/admin/outbox/{id}). Never
//   the body: its links carry tokens (verification, invitations), and logs are not for secrets.
// - Once SENT, the stored copy loses its token links (redactTokenLinks): the mailbox has the link,
//   and the outbox is readable by operators, who must not be able to accept or verify for anyone.
// Several workers may run: a row is claimed by bumping `attempts` from the value it was read with.
import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { db } from "../db";
import { env } from "../env";
import type { EmailOutbox } from "../generated/prisma/client";
import { splitAttachments } from "./email";

const TOKEN_LINK = /(\/(?:invite|verify-email|unlock-sign-in)\/)[A-Za-z0-9_-]{20,}/g;

/** The text with the token of every invitation, verification or unlock link replaced by "[redacted]". */
export function redactTokenLinks(text: string): string {
  return text.replace(TOKEN_LINK, "$1[redacted]");
}

/** When attempt n+1 (index n = attempts made so far) is due, counted from the row's creation. */
export const RETRY_AFTER_MS = [0, 60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000] as const;
export const MAX_ATTEMPTS = RETRY_AFTER_MS.length;
const BATCH = 50;

export type SenderOptions = {
  now?: Date;
  /** Defaults to env.SMTP_URL; tests pass their own server. `null` = not configured. */
  smtpUrl?: string | null;
  from?: string;
  log?: (line: string) => void;
};

export type SendSummary = { sent: number; failed: number; retrying: number; notSent: number };

export function defaultFrom(): string {
  return env.EMAIL_FROM ?? `iSession <no-reply@${new URL(env.NEXTAUTH_URL).hostname}>`;
}

const transports = new Map<string, Transporter>();
function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

/** Closes pooled SMTP connections (worker shutdown, tests). */
export function closeTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

export async function sendPendingEmails(opts: SenderOptions = {}): Promise<SendSummary> {
  const now = opts.now ?? new Date();
  const smtpUrl = opts.smtpUrl === undefined ? (env.SMTP_URL ?? null) : opts.smtpUrl;
  const log = opts.log ?? ((line: string) => console.log(line));
  const summary: SendSummary = { sent: 0, failed: 0, retrying: 0, notSent: 0 };
  if (!smtpUrl) {
    summary.notSent = await markNotSent(log);
    return summary;
  }
  const due = await db.emailOutbox.findMany({
    where: {
      status: "PENDING",
      OR: RETRY_AFTER_MS.map((after, attempts) => ({ attempts, createdAt: { lte: new Date(now.getTime() - after) } })),
    },
    orderBy: { createdAt: "asc" },
    take: BATCH,
  });
  const transport = transportFor(smtpUrl);
  const from = opts.from ?? defaultFrom();
  for (const email of due) {
    const claimed = await db.emailOutbox.updateMany({
      where: { id: email.id, status: "PENDING", attempts: email.attempts },
      data: { attempts: { increment: 1 } },
    });
    if (claimed.count === 0) continue; // another worker has it
    const attempt = email.attempts + 1;
    try {
      await transport.sendMail(message(email, from));
      await db.emailOutbox.update({
        where: { id: email.id },
        data: {
          status: "SENT",
          sentAt: new Date(),
          lastError: null,
          text: redactTokenLinks(email.text),
          html: email.html === null ? null : redactTokenLinks(email.html),
        },
      });
      summary.sent++;
    } catch (e) {
      const err = e as Error & { responseCode?: number };
      const permanent = typeof err.responseCode === "number" && err.responseCode >= 500;
      const final = permanent || attempt >= MAX_ATTEMPTS;
      await db.emailOutbox.update({
        where: { id: email.id },
        data: { status: final ? "FAILED" : "PENDING", lastError: err.message.slice(0, 500) },
      });
      if (final) summary.failed++;
      else summary.retrying++;
      log(`[email] ${final ? "failed" : "will retry"} (attempt ${attempt}/${MAX_ATTEMPTS}) to ${email.to}: ${err.message.slice(0, 200)}`);
    }
  }
  return summary;
}

function message(email: EmailOutbox, from: string) {
  const { text, attachments } = splitAttachments(email.text);
  return {
    from,
    to: email.to,
    subject: email.subject,
    text,
    ...(email.html ? { html: email.html } : {}),
    attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
  };
}

async function markNotSent(log: (line: string) => void): Promise<number> {
  const pending = await db.emailOutbox.findMany({
    where: { status: "PENDING" },
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: { id: true, to: true, subject: true, text: true },
  });
  let count = 0;
  for (const email of pending) {
    const marked = await db.emailOutbox.updateMany({
      where: { id: email.id, status: "PENDING" },
      data: { status: "NOT_SENT", lastError: "SMTP_URL is not set: not sent" },
    });
    if (marked.count === 0) continue;
    count++;
    log(
      `[email] not sent (SMTP_URL is not set): to ${email.to}, "${email.subject}"; read it at ${env.NEXTAUTH_URL.replace(/\/$/, "")}/admin/outbox/${email.id}`,
    );
  }
  return count;
}

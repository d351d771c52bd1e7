// The outbox sender against a real SMTP server on loopback (tests/helpers/smtp-sink.ts), and the
// no-SMTP path that keeps emails for the operator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { queueEmail } from "../../server/notifications/email";
import { closeTransports, MAX_ATTEMPTS, RETRY_AFTER_MS, sendPendingEmails } from "../../server/notifications/send-outbox";
import { handlers } from "../../worker/handlers";
import { JOBS } from "../../server/jobs/boss";
import { startSmtpSink } from "../helpers/smtp-sink";

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  closeTransports();
  await sink.close();
});
beforeEach(async () => {
  await db.emailOutbox.deleteMany({});
  sink.received.length = 0;
});

const later = (ms: number) => new Date(Date.now() + ms);

describe("email sender with SMTP", () => {
  it("sends the link to the mailbox, then keeps only a redacted copy in the outbox", async () => {
    const token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-ab";
    const mail = await queueEmail(db, {
      orgId: null,
      to: "carol@example.test",
      subject: "Join Acme on iSession",
      text: `Accept the invitation: http://localhost:3000/invite/${token}\nOr verify: http://localhost:3000/verify-email/${token}\n`,
      html: `<p><a href="http://localhost:3000/invite/${token}">Accept</a></p>`,
    });
    await sendPendingEmails({ smtpUrl: sink.url, from: "iSession <no-reply@isession.test>", log: () => {} });
    expect(sink.received.at(-1)!.data.replace(/=\r?\n/g, "")).toContain(token); // quoted-printable soft breaks
    const row = await db.emailOutbox.findUniqueOrThrow({ where: { id: mail.id } });
    expect(row.status).toBe("SENT");
    expect(`${row.text}${row.html}`).not.toContain(token);
    expect(row.text).toContain("/invite/[redacted]");
    expect(row.text).toContain("/verify-email/[redacted]");
    expect(row.html).toContain("/invite/[redacted]");
  });

  it("sends pending emails with their attachments and marks them SENT", async () => {
    const plain = await queueEmail(db, {
      orgId: null,
      to: "ann@example.test",
      subject: "Hello Ann",
      text: "Plain text body\n",
      html: "<p>Plain</p>",
    });
    const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    const withFile = await queueEmail(db, {
      orgId: null,
      to: "bob@example.test",
      subject: "Your session",
      text: "See the invitation attached.\n",
      attachments: [{ filename: "invite.ics", contentType: "text/calendar; method=REQUEST", content: ics }],
    });

    const summary = await sendPendingEmails({ smtpUrl: sink.url, from: "iSession <no-reply@isession.test>", log: () => {} });
    expect(summary).toEqual({ sent: 2, failed: 0, retrying: 0, notSent: 0 });

    const rows = await db.emailOutbox.findMany({ where: { id: { in: [plain.id, withFile.id] } } });
    for (const row of rows) {
      expect(row.status).toBe("SENT");
      expect(row.attempts).toBe(1);
      expect(row.sentAt).not.toBeNull();
      expect(row.lastError).toBeNull();
    }
    expect(sink.received.map((m) => m.to)).toEqual([["ann@example.test"], ["bob@example.test"]]);
    expect(sink.received[0]!.from).toBe("no-reply@isession.test");
    expect(sink.received[0]!.data).toMatch(/^Subject: Hello Ann$/m);
    const second = sink.received[1]!.data;
    expect(second).toMatch(/Content-Disposition: attachment; filename=invite\.ics/);
    expect(second).toMatch(/Content-Type: text\/calendar; method=REQUEST/);
    // The marker lines are cut out of the body: the attachment travels as a MIME part only.
    expect(second).not.toContain("BEGIN ATTACHMENT");
    expect(second).toContain("See the invitation attached.");

    // Nothing is sent twice.
    expect(await sendPendingEmails({ smtpUrl: sink.url, log: () => {} })).toEqual({ sent: 0, failed: 0, retrying: 0, notSent: 0 });
    expect(sink.received).toHaveLength(2);
  });

  it("records a temporary refusal and retries only when the next attempt is due", async () => {
    const email = await queueEmail(db, { orgId: null, to: "carol@example.test", subject: "Retry me", text: "x\n" });
    sink.rejectRcpt(451);
    const lines: string[] = [];
    expect(await sendPendingEmails({ smtpUrl: sink.url, log: (l) => lines.push(l) })).toMatchObject({ retrying: 1, sent: 0 });
    let row = await db.emailOutbox.findUniqueOrThrow({ where: { id: email.id } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(row.lastError).toMatch(/451/);
    expect(lines[0]).toMatch(/will retry \(attempt 1\/5\) to carol@example\.test/);

    // Not due yet: untouched.
    expect((await sendPendingEmails({ smtpUrl: sink.url, log: () => {} })).sent).toBe(0);
    expect((await db.emailOutbox.findUniqueOrThrow({ where: { id: email.id } })).attempts).toBe(1);

    expect((await sendPendingEmails({ smtpUrl: sink.url, now: later(RETRY_AFTER_MS[1] + 1000), log: () => {} })).sent).toBe(1);
    row = await db.emailOutbox.findUniqueOrThrow({ where: { id: email.id } });
    expect(row).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
    expect(sink.received.map((m) => m.to[0])).toEqual(["carol@example.test"]);
  });

  it("gives up at once on a permanent refusal, and after the last attempt on temporary ones", async () => {
    const permanent = await queueEmail(db, { orgId: null, to: "nobody@example.test", subject: "Bounce", text: "x\n" });
    sink.rejectRcpt(550);
    expect(await sendPendingEmails({ smtpUrl: sink.url, log: () => {} })).toMatchObject({ failed: 1 });
    const row = await db.emailOutbox.findUniqueOrThrow({ where: { id: permanent.id } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(row.lastError).toMatch(/550/);

    const flaky = await queueEmail(db, { orgId: null, to: "flaky@example.test", subject: "Flaky", text: "x\n" });
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      sink.rejectRcpt(451);
      await sendPendingEmails({ smtpUrl: sink.url, now: later(RETRY_AFTER_MS[i]! + 1000), log: () => {} });
    }
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id: flaky.id } })).toMatchObject({ status: "FAILED", attempts: MAX_ATTEMPTS });
    expect(sink.received).toHaveLength(0);
  });
});

describe("email sender without SMTP", () => {
  it("keeps emails as NOT_SENT and logs recipient and subject, not the link", async () => {
    const email = await queueEmail(db, {
      orgId: null,
      to: "dan@example.test",
      subject: "Confirm your email address",
      text: "Confirm: http://localhost:3000/verify-email/secret-token-value\n",
    });
    const lines: string[] = [];
    expect(await sendPendingEmails({ smtpUrl: null, log: (l) => lines.push(l) })).toEqual({ sent: 0, failed: 0, retrying: 0, notSent: 1 });
    const row = await db.emailOutbox.findUniqueOrThrow({ where: { id: email.id } });
    expect(row.status).toBe("NOT_SENT");
    expect(row.sentAt).toBeNull();
    expect(row.lastError).toMatch(/SMTP_URL is not set/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\[email\\] not sent \\(SMTP_URL is not set\\): to dan@example\\.test, "Confirm your email address"; read it at http://\\S+/admin/outbox/${email.id}$`,
      ),
    );
    expect(lines.join("")).not.toContain("secret-token-value");
    // Kept, not retried.
    expect((await sendPendingEmails({ smtpUrl: null, log: () => {} })).notSent).toBe(0);
    expect(await db.emailOutbox.count({ where: { status: "NOT_SENT" } })).toBe(1);
  });

  it("is what the worker's email.send job runs (this test run has no SMTP_URL)", async () => {
    const email = await queueEmail(db, { orgId: null, to: "erin@example.test", subject: "Via the job", text: "x\n" });
    await handlers[JOBS.emailSend]();
    expect((await db.emailOutbox.findUniqueOrThrow({ where: { id: email.id } })).status).toBe("NOT_SENT");
  });
});

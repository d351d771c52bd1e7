// The calendar invitation attached to a scheduled-session email (RFC 5545) and the outbox's
// attachment framing, and the booking email that carries it.
import { describe, expect, it } from "vitest";
import { buildIcs, foldLine, icsDate, icsText, icsUnescape, parseIcs } from "../../server/entry/ics";
import { splitAttachments, withAttachments } from "../../server/notifications/email";
import { bookingEmail } from "../../server/queue/booking-email";

const event = {
  uid: "ck123@isession",
  start: new Date("2026-03-10T14:30:00Z"),
  durationMin: 30,
  summary: "Live session with Zoë's Bikes, Repairs; & More",
  description: `Join when it's time: https://app.example/l/abc/scheduled/ck123?t=${"x".repeat(180)}\n\nYour question: My gears, they slip`,
  url: `https://app.example/l/abc/scheduled/ck123?t=${"x".repeat(180)}`,
  organizerName: "Zoë's Bikes",
  now: new Date("2026-03-01T09:00:00Z"),
};

describe("buildIcs", () => {
  it("writes one VEVENT in a VCALENDAR with the required properties, in UTC", () => {
    const cal = parseIcs(buildIcs(event));
    expect(cal.name).toBe("VCALENDAR");
    expect(cal.props.get("VERSION")).toBe("2.0");
    expect(cal.props.get("PRODID")).toMatch(/iSession/);
    expect(cal.props.get("METHOD")).toBe("PUBLISH");
    expect(cal.children.map((c) => c.name)).toEqual(["VEVENT"]);
    const ev = cal.children[0]!;
    expect(ev.props.get("UID")).toBe("ck123@isession");
    expect(ev.props.get("DTSTAMP")).toBe("20260301T090000Z");
    expect(ev.props.get("DTSTART")).toBe("20260310T143000Z");
    expect(ev.props.get("DTEND")).toBe("20260310T150000Z");
    expect(ev.props.get("URL")).toBe(event.url);
    expect(icsUnescape(ev.props.get("SUMMARY")!)).toBe(event.summary);
    expect(icsUnescape(ev.props.get("DESCRIPTION")!)).toBe(event.description);
    expect(ev.children.map((c) => c.name)).toEqual(["VALARM"]);
    expect(ev.children[0]!.props.get("TRIGGER")).toBe("-PT10M");
  });

  it("ends every line with CRLF and folds long lines at 75 octets", () => {
    const text = buildIcs(event);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text).not.toMatch(/(?<!\r)\n/);
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text).toMatch(/\r\n /); // the long URL was folded
  });
});

describe("text helpers", () => {
  it("escapes TEXT values", () => {
    expect(icsText("a\\b;c,d\ne")).toBe("a\\\\b\\;c\\,d\\ne");
    expect(icsUnescape(icsText("a\\b;c,d\ne"))).toBe("a\\b;c,d\ne");
  });

  it("formats UTC date-times", () => {
    expect(icsDate(new Date("2026-12-31T23:30:00.000Z"))).toBe("20261231T233000Z");
  });

  it("never splits a multi-byte character when folding", () => {
    const line = `SUMMARY:${"é".repeat(100)}`;
    const folded = foldLine(line);
    for (const l of folded.split("\r\n")) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(
      folded
        .split("\r\n")
        .map((l, i) => (i ? l.slice(1) : l))
        .join(""),
    ).toBe(line);
  });

  it("parseIcs rejects broken framing", () => {
    expect(() => parseIcs("BEGIN:VCALENDAR\nEND:VCALENDAR\n")).toThrow(/CRLF/);
    expect(() => parseIcs(`BEGIN:VCALENDAR\r\nX:${"a".repeat(80)}\r\nEND:VCALENDAR\r\n`)).toThrow(/75/);
    expect(() => parseIcs("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n")).toThrow(/closes/);
  });
});

describe("outbox attachments", () => {
  it("appends delimited sections that split back out exactly", () => {
    const ics = buildIcs(event);
    const text = withAttachments("Hello,\n\nSee you then.\n", [
      { filename: "invite.ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH", content: ics },
    ]);
    expect(text).toContain(
      "Hello,\n\nSee you then.\n\n-----BEGIN ATTACHMENT invite.ics; text/calendar; charset=utf-8; method=PUBLISH-----\r\n",
    );
    const back = splitAttachments(text);
    expect(back.text).toBe("Hello,\n\nSee you then.\n");
    expect(back.attachments).toEqual([
      { filename: "invite.ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH", content: ics },
    ]);
  });

  it("leaves a message without attachments alone", () => {
    expect(withAttachments("Hi\n", [])).toBe("Hi\n");
    expect(splitAttachments("Hi\n")).toEqual({ text: "Hi\n", attachments: [] });
  });
});

describe("bookingEmail", () => {
  const booking = {
    scheduledId: "ck123",
    scheduledFor: new Date("2026-03-10T14:30:00Z"),
    when: "Tue 10 Mar, 14:30 (UTC)",
    name: "Zoë <Z>",
    orgName: "Zoë's Bikes & More",
    question: null,
    joinUrl: "https://app.example/l/abc/scheduled/ck123?t=x&y",
    now: new Date("2026-03-01T09:00:00Z"),
  };

  it("greets by name, escapes the HTML and attaches the invitation for the booked slot", () => {
    const mail = bookingEmail(booking);
    expect(mail.subject).toBe("Your live session with Zoë's Bikes & More: Tue 10 Mar, 14:30 (UTC)");
    expect(mail.text.split("\n")[0]).toBe("Hello Zoë <Z>,");
    expect(mail.text).toContain("The link opens 5 minutes before the start.");
    expect(mail.text).not.toContain("Your question");
    expect(mail.html).toContain("<p>Hello Zoë &lt;Z&gt;,</p>");
    expect(mail.html).toContain('href="https://app.example/l/abc/scheduled/ck123?t=x&amp;y"');
    expect(mail.attachments.map((a) => a.filename)).toEqual(["invite.ics"]);
    const ev = parseIcs(mail.attachments[0]!.content).children[0]!;
    expect(ev.props.get("UID")).toBe("ck123@isession");
    expect(ev.props.get("DTSTART")).toBe("20260310T143000Z");
  });

  it("says hello without a name and repeats the visitor's question", () => {
    const mail = bookingEmail({ ...booking, name: null, question: "My gears slip" });
    expect(mail.text.split("\n")[0]).toBe("Hello,");
    expect(mail.text).toContain("Your question: My gears slip");
    expect(mail.html).toContain("<p>Your question: My gears slip</p>");
  });
});

// Pure pieces of the visitor's front door: signed tokens, brand colours, the badge, the pre-chat
// schema, invitation codes and the slots offered for a later session.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { invitationCodeMatches, preChatSchema } from "../../server/entry/join";
import { signToken, verifyToken } from "../../server/entry/signing";
import { badgeSvg } from "../../server/launchers/badge";
import { brandPalette, brandStyle, contrastWithWhite } from "../../lib/brand";
import { signEntryToken, verifyEntryToken } from "../../server/launchers/entry";
import { availableSlots, formatSlot, isBookableSlot, scheduledState } from "../../server/queue/schedule";

describe("signed tokens", () => {
  const now = new Date("2026-01-01T12:00:00Z");
  const later = (ms: number) => new Date(now.getTime() + ms);

  it("round-trip their payload until they expire", () => {
    const t = signToken("entry-v1", { l: "L1", r: "https://example.com/" }, later(60_000));
    expect(verifyToken("entry-v1", t, now)).toMatchObject({ l: "L1", r: "https://example.com/" });
    expect(verifyToken("entry-v1", t, later(59_000))).not.toBeNull();
    expect(verifyToken("entry-v1", t, later(60_000))).toBeNull();
  });

  it("don't verify for another purpose, or after any change", () => {
    const t = signToken("entry-v1", { l: "L1" }, later(60_000));
    expect(verifyToken("scheduled-v1", t, now)).toBeNull();
    const [body, sig] = t.split(".") as [string, string];
    const forged = Buffer.from(JSON.stringify({ l: "L2", exp: 9e9 })).toString("base64url");
    expect(verifyToken("entry-v1", `${forged}.${sig}`, now)).toBeNull();
    expect(verifyToken("entry-v1", `${body}.${sig.slice(0, -2)}AA`, now)).toBeNull();
    expect(verifyToken("entry-v1", `${body}.${sig}.x`, now)).toBeNull();
    for (const junk of [null, undefined, "", ".", "abc", "a.b", "x".repeat(5000)]) expect(verifyToken("entry-v1", junk, now)).toBeNull();
  });

  it("entry tokens are bound to their launcher and carry the referrer (null = direct visit)", () => {
    const t = signEntryToken("L1", "https://example.com/p", now);
    expect(verifyEntryToken(t, "L1", now)).toEqual({ referrerUrl: "https://example.com/p" });
    expect(verifyEntryToken(t, "L2", now)).toBeUndefined();
    expect(verifyEntryToken(signEntryToken("L1", null, now), "L1", now)).toEqual({ referrerUrl: null });
    expect(verifyEntryToken(t, "L1", later(2 * 60 * 60 * 1000 + 1))).toBeUndefined();
  });
});

describe("brand colours", () => {
  it("keep a readable brand colour as it is", () => {
    expect(brandPalette("#2563eb").solid).toBe("#2563eb");
  });

  it("darken pale colours until white text on them passes WCAG AA", () => {
    for (const c of ["#ffff00", "#f5f5f5", "#ffffff", "#7dd3fc", "#fde047"]) {
      const p = brandPalette(c);
      expect(contrastWithWhite(p.solid), c).toBeGreaterThanOrEqual(4.5);
      expect(contrastWithWhite(p.strong), c).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("fall back to the default for anything that isn't a hex colour (it ends up in CSS and SVG)", () => {
    for (const bad of [null, "", "red", "#12", "#1234567", "#2563eb; background:url(x)", "expression(alert(1))"]) {
      expect(brandPalette(bad).solid).toBe("#2563eb");
    }
    expect(brandPalette("#abc").solid).toMatch(/^#[0-9a-f]{6}$/);
    expect(Object.values(brandStyle("</style>")).every((v) => /^#[0-9a-f]{6}$/.test(v))).toBe(true);
  });
});

describe("badge.svg", () => {
  it("is an accessible image naming the state, in the brand colour", () => {
    for (const state of ["available", "busy", "offline"] as const) {
      const svg = badgeSvg(state, "#123456");
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg).toContain(`role="img"`);
      expect(svg).toContain(`aria-label="Live help: ${state}"`);
      expect(svg).toContain(`<title>Live help: ${state}</title>`);
      expect(svg).toContain(`fill="#123456"`);
    }
    expect(badgeSvg("offline", `"/><script>alert(1)</script>`)).not.toContain("<script>");
  });
});

describe("pre-chat schema", () => {
  const scenario = { askName: true, askEmail: true, invitationCodeHash: null };
  const errorsOf = (s: Parameters<typeof preChatSchema>[0], v: Record<string, unknown>) => {
    const r = preChatSchema(s).safeParse(v);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
  };

  it("asks only for what the scenario asks for; the question is optional", () => {
    expect(
      preChatSchema({ askName: false, askEmail: false, invitationCodeHash: null }).parse({
        question: "  hi  ",
        name: "x",
        email: "bad",
      }),
    ).toEqual({
      question: "hi",
      name: undefined,
      email: undefined,
      code: undefined,
    });
    expect(errorsOf(scenario, { question: "", name: "Ada", email: "ada@example.com" })).toEqual({});
  });

  it("gives one clear message per field", () => {
    expect(errorsOf(scenario, { question: "q".repeat(1001), name: "  ", email: "nope" })).toEqual({
      question: "Please keep your question under 1000 characters.",
      name: "Please tell us your name.",
      email: "Please enter a valid email address, like name@example.com.",
    });
    expect(errorsOf(scenario, { name: "n".repeat(81), email: "" })).toMatchObject({
      name: "Please keep your name under 80 characters.",
      email: "Please enter your email address.",
    });
    expect(errorsOf({ ...scenario, invitationCodeHash: "x" }, { name: "A", email: "a@b.co", code: "" })).toEqual({
      code: "Please enter your invitation code.",
    });
  });

  it("checks invitation codes against their SHA-256 hex", () => {
    const hash = createHash("sha256").update("OPEN-SESAME").digest("hex");
    expect(invitationCodeMatches("OPEN-SESAME", hash)).toBe(true);
    expect(invitationCodeMatches("  OPEN-SESAME ", hash.toUpperCase())).toBe(true);
    expect(invitationCodeMatches("open-sesame", hash)).toBe(false);
    expect(invitationCodeMatches("", hash)).toBe(false);
  });
});

describe("later-session slots", () => {
  const now = new Date("2026-01-14T14:07:00Z");

  it("offers every half hour from at least 10 minutes ahead for 7 days", () => {
    const slots = availableSlots(now);
    expect(slots[0]!.toISOString()).toBe("2026-01-14T14:30:00.000Z");
    expect(slots.at(-1)!.toISOString()).toBe("2026-01-21T14:00:00.000Z");
    expect(slots).toHaveLength(7 * 48);
    expect(slots.every((s) => s.getTime() % (30 * 60_000) === 0)).toBe(true);
    expect(availableSlots(new Date("2026-01-14T14:25:00Z"))[0]!.toISOString()).toBe("2026-01-14T15:00:00.000Z");
  });

  it("accepts only those slots", () => {
    expect(isBookableSlot(new Date("2026-01-14T14:30:00Z"), now)).toBe(true);
    expect(isBookableSlot(new Date("2026-01-14T14:00:00Z"), now)).toBe(false); // past
    expect(isBookableSlot(new Date("2026-01-14T14:45:00Z"), now)).toBe(false); // not on the half hour
    expect(isBookableSlot(new Date("2026-01-21T14:30:00Z"), now)).toBe(false); // beyond 7 days
    expect(isBookableSlot(new Date("nonsense"), now)).toBe(false);
  });

  it("still books a slot the form offered when it is sent a few minutes later", () => {
    // Shown at 14:19:50 (first slot offered: 14:30), sent at 14:21.
    expect(availableSlots(new Date("2026-01-14T14:19:50Z"))[0]!.toISOString()).toBe("2026-01-14T14:30:00.000Z");
    expect(isBookableSlot(new Date("2026-01-14T14:30:00Z"), new Date("2026-01-14T14:21:00Z"))).toBe(true);
    // Too close to start is still refused.
    expect(isBookableSlot(new Date("2026-01-14T14:30:00Z"), new Date("2026-01-14T14:29:00Z"))).toBe(false);
  });

  it("formats a slot in UTC", () => {
    expect(formatSlot(new Date("2026-01-14T09:00:00Z"))).toBe("Wed 14 Jan, 09:00 UTC");
  });

  it("opens the re-entry link 5 minutes before, until 30 minutes after the end", () => {
    const s = { status: "PENDING", scheduledFor: new Date("2026-01-14T15:00:00Z"), durationMin: 30 };
    expect(scheduledState(s, new Date("2026-01-14T14:54:59Z"))).toBe("early");
    expect(scheduledState(s, new Date("2026-01-14T14:55:00Z"))).toBe("open");
    expect(scheduledState(s, new Date("2026-01-14T16:00:00Z"))).toBe("open");
    expect(scheduledState(s, new Date("2026-01-14T16:00:01Z"))).toBe("late");
    expect(scheduledState({ ...s, status: "STARTED" }, new Date("2026-01-14T15:10:00Z"))).toBe("open");
    expect(scheduledState({ ...s, status: "CANCELLED" }, new Date("2026-01-14T15:10:00Z"))).toBe("cancelled");
    expect(scheduledState({ ...s, status: "MISSED" }, new Date("2026-01-14T15:10:00Z"))).toBe("late");
  });
});

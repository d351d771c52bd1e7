// The survey's pure rules (lib/survey-rules.ts): normalizing an answer, the window, the summaries.
import { describe, expect, it } from "vitest";
import { normalizeAnswer, ratingLabel, ratingSummary, surveyClosesAt } from "../../lib/survey-rules";

describe("normalizeAnswer", () => {
  it("keeps stars 1-5 as they are and thumbs as 1 or 0, with the raw value", () => {
    expect([1, 2, 3, 4, 5].map((v) => normalizeAnswer("STARS", v))).toEqual([1, 2, 3, 4, 5].map((v) => ({ rating: v, value: String(v) })));
    expect(normalizeAnswer("THUMBS", "UP")).toEqual({ rating: 1, value: "UP" });
    expect(normalizeAnswer("THUMBS", "DOWN")).toEqual({ rating: 0, value: "DOWN" });
  });

  it("refuses what does not fit the scale", () => {
    for (const v of [0, 6, 2.5, Number.NaN, "UP" as const])
      expect(normalizeAnswer("STARS", v)).toEqual({ error: "Choose from 1 to 5 stars." });
    for (const v of [1, 0, 5]) expect(normalizeAnswer("THUMBS", v)).toEqual({ error: "Choose thumbs up or thumbs down." });
  });
});

describe("surveyClosesAt", () => {
  const t = new Date("2026-03-01T10:00:00Z");
  it("is not open while the seat is live in a live session", () => {
    expect(surveyClosesAt({ leftAt: null }, { status: "ACTIVE", endedAt: null })).toBeNull();
  });
  it("closes 7 days after the seat left, or after the end", () => {
    expect(surveyClosesAt({ leftAt: t }, { status: "ACTIVE", endedAt: null })).toEqual(new Date("2026-03-08T10:00:00Z"));
    expect(surveyClosesAt({ leftAt: null }, { status: "ENDED", endedAt: t })).toEqual(new Date("2026-03-08T10:00:00Z"));
  });
});

describe("summaries", () => {
  it("reads one answer or an average with its count", () => {
    expect(ratingLabel("STARS", 4)).toBe("4 of 5 stars");
    expect(ratingLabel("THUMBS", 0)).toBe("Thumbs down");
    expect(ratingSummary("STARS", 4, 1)).toBe("4/5 ★");
    expect(ratingSummary("STARS", 3.5, 2)).toBe("3.5/5 ★ (2)");
    expect(ratingSummary("THUMBS", 1, 1)).toBe("Thumbs up");
    expect(ratingSummary("THUMBS", 2 / 3, 3)).toBe("67% up (3)");
    expect(ratingSummary(null, null, 0)).toBe("–");
  });
});

// wholeWeeks: which Mondays start a week lying wholly inside a range of local days.
import { describe, expect, it } from "vitest";
import { wholeWeeks } from "../../server/reports/queue/report";

describe("wholeWeeks", () => {
  it("finds the first and last whole Monday-to-Sunday week", () => {
    expect(wholeWeeks("2026-03-01", "2026-03-16")).toEqual({ first: "2026-03-02", last: "2026-03-09" });
    expect(wholeWeeks("2026-03-02", "2026-03-15")).toEqual({ first: "2026-03-02", last: "2026-03-09" });
    expect(wholeWeeks("2026-03-02", "2026-03-08")).toEqual({ first: "2026-03-02", last: "2026-03-02" });
  });
  it("answers null when no week fits", () => {
    expect(wholeWeeks("2026-03-03", "2026-03-09")).toBeNull();
    expect(wholeWeeks("2026-03-08", "2026-03-08")).toBeNull();
  });
  it("spans a year and a new year's week", () => {
    expect(wholeWeeks("2025-12-05", "2026-12-04")).toEqual({ first: "2025-12-08", last: "2026-11-23" });
    expect(wholeWeeks("2026-12-28", "2027-01-03")).toEqual({ first: "2026-12-28", last: "2026-12-28" });
  });
});

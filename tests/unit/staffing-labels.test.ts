// The staffing advisor's interval labels against Intl's wall clock, through DST switches on whole
// hours (New York) and half hours (Lord Howe Island), and a half-hour offset (Kolkata).
import { describe, expect, it } from "vitest";

describe("staffing interval labels", () => {
  it("match Intl's wall clock every 15 minutes through DST switches, on whole and half hours", async () => {
    const { localLabels } = await import("../../server/reports/staffing/report");
    const { localParts } = await import("../../server/reports/range");
    for (const [tz, from] of [
      ["America/New_York", "2026-03-07T00:00:00Z"],
      ["America/New_York", "2026-10-31T00:00:00Z"],
      ["Australia/Lord_Howe", "2026-04-04T00:00:00Z"],
      ["Australia/Lord_Howe", "2026-10-03T00:00:00Z"],
      ["Asia/Kolkata", "2026-01-01T00:00:00Z"],
    ] as const) {
      const starts = Array.from({ length: 4 * 48 }, (_, i) => Date.parse(from) + i * 900_000);
      const want = starts.map((t) => {
        const p = localParts(new Date(t), tz);
        return { day: p.day, time: `${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}` };
      });
      expect(localLabels(starts, tz)).toEqual(want);
    }
  });
});

describe("the staffing table's UTC offset column", () => {
  it("tells the two 01:15 intervals of New York's fall-back night apart", async () => {
    const { utcOffset } = await import("../../components/reports/staffing/staffing-charts");
    expect(utcOffset({ day: "2026-11-01", time: "01:15", start: "2026-11-01T05:15:00.000Z" })).toBe("-04:00");
    expect(utcOffset({ day: "2026-11-01", time: "01:15", start: "2026-11-01T06:15:00.000Z" })).toBe("-05:00");
    expect(utcOffset({ day: "2026-03-02", time: "10:00", start: "2026-03-02T04:30:00.000Z" })).toBe("+05:30");
  });
});

import { describe, expect, it } from "vitest";
import { AppError } from "../../server/errors";
import { lastDays, localParts, resolveRange, startOfLocalDay } from "../../server/reports/range";

describe("report ranges in the org's time zone", () => {
  it("resolves calendar days to local midnights, the last day included", () => {
    const r = resolveRange({ from: "2026-03-01", to: "2026-03-31" }, "Europe/Paris");
    expect(r.start.toISOString()).toBe("2026-02-28T23:00:00.000Z");
    // Paris moves to summer time on 29 March: the end is local midnight at +02:00.
    expect(r.end.toISOString()).toBe("2026-03-31T22:00:00.000Z");
    expect(r.days).toBe(31);
  });

  it("a day with the spring-forward hour is 23 hours long, the fall-back day 25", () => {
    const spring = resolveRange({ from: "2026-03-08", to: "2026-03-08" }, "America/New_York");
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(23);
    const fall = resolveRange({ from: "2026-11-01", to: "2026-11-01" }, "America/New_York");
    expect((fall.end.getTime() - fall.start.getTime()) / 3_600_000).toBe(25);
  });

  it("a zone whose clocks skip midnight starts the day at the first wall time that exists", () => {
    // Santiago springs forward at 00:00 on 2026-09-06: 00:00-00:59 does not exist.
    const start = startOfLocalDay("2026-09-06", "America/Santiago");
    expect(localParts(start, "America/Santiago")).toMatchObject({ day: "2026-09-06", hour: 1, minute: 0 });
  });

  it("refuses an inverted range, one over a year, and days that do not exist, with a message", () => {
    const bad = (from: string, to: string) => {
      try {
        resolveRange({ from, to }, "UTC");
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe("BAD_REQUEST");
        return (e as AppError).message;
      }
      throw new Error("accepted");
    };
    expect(bad("2026-03-02", "2026-03-01")).toMatch(/start date is after the end/);
    expect(bad("2016-01-01", "2026-01-01")).toMatch(/at most 366 days/);
    expect(bad("2026-02-30", "2026-03-01")).toMatch(/does not exist/);
    expect(bad("yesterday", "2026-03-01")).toMatch(/like 2026-03-01/);
  });

  it("an unknown time zone falls back to UTC instead of failing the page", () => {
    expect(resolveRange({ from: "2026-01-01", to: "2026-01-01" }, "Mars/Olympus").timeZone).toBe("UTC");
  });

  it("lastDays ends today in the zone", () => {
    // 23:30 UTC on 4 Dec is already 5 Dec in Tokyo.
    expect(lastDays(7, "Asia/Tokyo", new Date("2026-12-04T23:30:00Z"))).toEqual({ from: "2026-11-29", to: "2026-12-05" });
  });
});

describe("the trends page's default weeks", () => {
  it("are whole weeks ending the Sunday before today, in the org's zone", async () => {
    const { lastWholeWeeks } = await import("../../server/reports/trends/report");
    // Thursday 3 Dec 2026 in New York: the week under way (from Monday 30 Nov) is left out.
    expect(lastWholeWeeks(8, "America/New_York", new Date("2026-12-03T15:00:00Z"))).toEqual({ from: "2026-10-05", to: "2026-11-29" });
    // On a Sunday, that Sunday's week is still under way.
    expect(lastWholeWeeks(1, "UTC", new Date("2026-11-29T12:00:00Z"))).toEqual({ from: "2026-11-16", to: "2026-11-22" });
    // On a Monday, yesterday ended a whole week.
    expect(lastWholeWeeks(1, "UTC", new Date("2026-11-30T12:00:00Z"))).toEqual({ from: "2026-11-23", to: "2026-11-29" });
  });
});

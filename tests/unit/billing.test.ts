// The ledger's arithmetic: prices per plan, the reseller's share (floor of the reseller's total, in
// integer cents), billing periods, partial minutes, and CSV quoting.
import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "../../server/billing/csv";
import { visitorMinutesFor } from "../../server/billing/metering";
import { periodLabel, periodOf, previousPeriod } from "../../server/billing/periods";
import { priceUsage, resellerShareCents } from "../../server/billing/pricing";

describe("priceUsage", () => {
  it("bills only the plan's kind and lists the other at 0", () => {
    const usage = [
      { kind: "VISITOR_MINUTE" as const, quantity: 3 },
      { kind: "SESSION_HIT" as const, quantity: 1 },
    ];
    const perMinute = priceUsage("PER_MINUTE", usage);
    expect(perMinute.lines.map((l) => [l.kind, l.quantity, l.unitPriceCents, l.amountCents])).toEqual([
      ["VISITOR_MINUTE", 3, 6, 18],
      ["SESSION_HIT", 1, 0, 0],
    ]);
    expect(perMinute.totalCents).toBe(18);
    expect(priceUsage("PER_HIT", usage).totalCents).toBe(45);
    expect(priceUsage("PER_HIT", []).lines.every((l) => l.quantity === 0 && l.amountCents === 0)).toBe(true);
  });
});

describe("resellerShareCents: floor(total × bps / 10 000), once per reseller total", () => {
  it.each([
    [108, 2000, 21], // 21.6 -> 21 (round-half-even or half-up would say 22)
    [1_000, 2000, 200],
    [5, 1000, 0], // 0.5 -> 0: the fraction stays with the platform
    [15, 5000, 7], // 7.5 -> 7
    [999_999_999, 3333, 333_299_999], // 333 299 999.67 -> exact in BigInt
    [0, 2000, 0],
    [12_345, 10_000, 12_345],
    [12_345, 0, 0],
  ])("%i cents at %i bps -> %i cents", (total, bps, share) => {
    expect(resellerShareCents(total, bps)).toBe(share);
  });

  it("applies the rounding to the total, not per client", () => {
    const clients = [5, 5, 5, 5]; // 10 % of each is 0.5 cent
    const perClient = clients.reduce((s, c) => s + resellerShareCents(c, 1000), 0);
    expect(perClient).toBe(0);
    expect(
      resellerShareCents(
        clients.reduce((s, c) => s + c, 0),
        1000,
      ),
    ).toBe(2);
  });

  it("refuses fractional or out-of-range input", () => {
    expect(() => resellerShareCents(10.5, 2000)).toThrow(RangeError);
    expect(() => resellerShareCents(-1, 2000)).toThrow(RangeError);
    expect(() => resellerShareCents(100, 10_001)).toThrow(RangeError);
    expect(() => resellerShareCents(100, 12.5)).toThrow(RangeError);
  });
});

describe("billing periods (UTC calendar months)", () => {
  it("finds the month around an instant, including at the edges", () => {
    expect(periodOf(new Date("2026-11-30T23:59:59.999Z"))).toEqual({
      start: new Date("2026-11-01T00:00:00Z"),
      end: new Date("2026-12-01T00:00:00Z"),
    });
    expect(periodOf(new Date("2026-12-01T00:00:00Z")).start).toEqual(new Date("2026-12-01T00:00:00Z"));
    expect(previousPeriod(new Date("2027-01-15T00:00:00Z"))).toEqual({
      start: new Date("2026-12-01T00:00:00Z"),
      end: new Date("2027-01-01T00:00:00Z"),
    });
    expect(periodLabel(new Date("2026-02-01T00:00:00Z"))).toBe("2026-02");
  });
});

describe("partial minutes", () => {
  it("counts every started minute", () => {
    expect([0, 1, 59_999, 60_000, 60_001, 179_999, 180_000, 180_001].map(visitorMinutesFor)).toEqual([0, 1, 1, 1, 2, 3, 3, 4]);
  });
});

describe("CSV", () => {
  it("quotes what needs quoting and defuses formulas", () => {
    expect(csvField('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField(-5)).toBe("-5"); // numbers are numbers
    expect(csvField(null)).toBe("");
    expect(
      toCsv([
        ["a", 1],
        ["b", null],
      ]),
    ).toBe("a,1\r\nb,\r\n");
  });
});

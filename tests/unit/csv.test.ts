import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "../../lib/csv";

describe("CSV cells", () => {
  it("defuse what a spreadsheet would run as a formula", () => {
    for (const f of ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1"]) expect(csvField(f)).toBe(`'${f}`);
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it("keep signed numbers as numbers (a report's change of -25%)", () => {
    expect(csvField("-25%")).toBe("-25%");
    expect(csvField("+3")).toBe("+3");
    expect(csvField("-1.5")).toBe("-1.5");
    expect(csvField(-7)).toBe("-7");
    expect(csvField("-1.5e3")).toBe("'-1.5e3");
  });

  it("quote commas, quotes and line breaks", () => {
    expect(toCsv([["a,b", 'say "hi"', null]])).toBe('"a,b","say ""hi""",\r\n');
  });
});

// The what-if form's answer, without a browser: the published example, and refusals in words.
import { describe, expect, it } from "vitest";
import { answer } from "../../components/reports/staffing/what-if";

const base = { arrivals: "50", handle: "180", targetSeconds: "20", targetPercent: "80" };

describe("what-if staffing", () => {
  it("answers 14 agents for 50 arrivals in 15 minutes at 180 s, 80 % in 20 s, with the rows around it", () => {
    const a = answer(base);
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    expect(a.needed).toBe(14);
    expect(a.traffic).toBeCloseTo(10, 10);
    expect(a.rows.map((r) => r.agents)).toEqual([12, 13, 14, 15, 16]);
    expect(a.rows[2]!.level).toBeCloseTo(0.8884, 3);
  });
  it("needs nobody without arrivals", () => {
    expect(answer({ ...base, arrivals: "0" })).toMatchObject({ ok: true, needed: 0 });
  });
  it("refuses empty, negative, 100 % and absurd inputs with a sentence", () => {
    expect(answer({ ...base, handle: "" })).toEqual({ ok: false, message: "Fill in every field." });
    expect(answer({ ...base, arrivals: "-3" })).toMatchObject({ ok: false, message: expect.stringMatching(/0 or more/) });
    expect(answer({ ...base, targetPercent: "100" })).toMatchObject({ ok: false, message: expect.stringMatching(/below 100/) });
    expect(answer({ ...base, arrivals: "1e9" })).toMatchObject({ ok: false, message: expect.stringMatching(/Erlangs/) });
  });
});

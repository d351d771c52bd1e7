// Erlang C against published figures and an exact reference. The published ones: the Erlang C
// table for 10 Erlangs (probability of waiting with 11..14 agents: 0.6821, 0.4494, 0.2853,
// 0.1741), ErlangC[3, 2] = 4/9 (the textbook example), and the classic staffing example "100
// contacts in 30 minutes, 180 s handle time, 80 % in 20 s: 14 agents" (service level 88.8 % with
// 14, 79.6 % with 13). Traffic over 100 Erlangs is checked against the formula evaluated exactly in
// BigInt rationals (the factorials the implementation never forms).
import { describe, expect, it } from "vitest";
import { agentsNeeded, averageSpeedOfAnswer, erlangB, erlangC, serviceLevel } from "../../lib/erlang";

/** Erlang C for integer traffic `a` and `n` agents, exactly: every term scaled by n!. */
function exactErlangC(n: number, a: number): number {
  const A = BigInt(a);
  const N = BigInt(n);
  // term(k) = a^k / k! · n!  =  a^k · (k+1)(k+2)…n
  let sum = 0n;
  let power = 1n;
  for (let k = 0n; k < N; k++) {
    let rising = 1n;
    for (let j = k + 1n; j <= N; j++) rising *= j;
    sum += power * rising;
    power *= A;
  }
  // last = a^n/n! · n/(n-a) · n!  = a^n · n / (n - a): keep the fraction by scaling everything by (n - a).
  const last = power * N;
  const num = last;
  const den = sum * (N - A) + last;
  // The ratio to 15 significant digits.
  const scale = 10n ** 15n;
  return Number((num * scale) / den) / 1e15;
}

describe("erlangC", () => {
  it("matches the published table for 10 Erlangs", () => {
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
    expect(erlangC(12, 10)).toBeCloseTo(0.4494, 4);
    expect(erlangC(13, 10)).toBeCloseTo(0.2853, 4);
    expect(erlangC(14, 10)).toBeCloseTo(0.1741, 4);
  });

  it("gives the textbook ErlangC[3, 2] = 4/9 and the one-agent case C = A", () => {
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 12);
    expect(erlangC(1, 0.25)).toBeCloseTo(0.25, 12);
  });

  it("is 1 when agents do not exceed the traffic, 0 without traffic", () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(3, 7.5)).toBe(1);
    expect(erlangC(5, 0)).toBe(0);
  });

  it("stays exact past 100 Erlangs, where n! overflows a double (170! does)", () => {
    for (const [n, a] of [
      [110, 100],
      [130, 120],
      [260, 250],
      [540, 500],
    ] as const) {
      const got = erlangC(n, a);
      expect(Number.isFinite(got)).toBe(true);
      expect(got).toBeGreaterThan(0);
      expect(got).toBeLessThan(1);
      expect(Math.abs(got - exactErlangC(n, a))).toBeLessThan(1e-12);
    }
  });

  it("handles 10,000 Erlangs without overflow", () => {
    const c = erlangC(10_200, 10_000);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
  });

  it("rejects a negative or non-finite input", () => {
    expect(() => erlangC(-1, 2)).toThrow(RangeError);
    expect(() => erlangC(2, Number.NaN)).toThrow(RangeError);
    expect(() => erlangB(2, Infinity)).toThrow(RangeError);
  });
});

describe("serviceLevel", () => {
  // 100 contacts in 1800 s, 180 s each: 10 Erlangs.
  const rate = 100 / 1800;
  it("matches the classic example: 79.6 % with 13 agents, 88.8 % with 14, for 20 s", () => {
    expect(serviceLevel(13, rate, 180, 20)).toBeCloseTo(0.7956, 3);
    expect(serviceLevel(14, rate, 180, 20)).toBeCloseTo(0.8884, 3);
  });
  it("is 0 when agents cannot keep up and 1 without traffic", () => {
    expect(serviceLevel(10, rate, 180, 20)).toBe(0);
    expect(serviceLevel(1, 0, 180, 20)).toBe(1);
  });
  it("with a zero target is the probability of not waiting", () => {
    expect(serviceLevel(12, rate, 180, 0)).toBeCloseTo(1 - erlangC(12, 10), 12);
  });
});

describe("agentsNeeded", () => {
  it("gives 14 agents for the classic 80 % in 20 s example, and more for 90 %", () => {
    expect(agentsNeeded(100 / 1800, 180, 20, 0.8)).toBe(14);
    expect(agentsNeeded(100 / 1800, 180, 20, 0.9)).toBe(15);
  });
  it("is the smallest count reaching the level, over 100 Erlangs too", () => {
    for (const [rate, handle] of [
      [1, 120], // 120 Erlangs
      [5, 300], // 1,500 Erlangs
      [0.02, 240], // 4.8 Erlangs
    ] as const) {
      const n = agentsNeeded(rate, handle, 20, 0.8);
      expect(serviceLevel(n, rate, handle, 20)).toBeGreaterThanOrEqual(0.8);
      expect(serviceLevel(n - 1, rate, handle, 20)).toBeLessThan(0.8);
      expect(n).toBeGreaterThan(rate * handle);
    }
  });
  it("needs no one without traffic and one agent for a trickle", () => {
    expect(agentsNeeded(0, 180, 20, 0.8)).toBe(0);
    expect(agentsNeeded(1 / 3600, 60, 20, 0.8)).toBe(1);
  });
  it("refuses a level of 100 % or more (no finite staffing reaches it)", () => {
    expect(() => agentsNeeded(0.1, 60, 20, 1)).toThrow(RangeError);
    expect(() => agentsNeeded(0.1, 60, 20, -0.1)).toThrow(RangeError);
  });
});

describe("averageSpeedOfAnswer", () => {
  it("is C · handle / (N - A)", () => {
    expect(averageSpeedOfAnswer(14, 100 / 1800, 180)).toBeCloseTo((0.1741 * 180) / 4, 1);
    expect(averageSpeedOfAnswer(10, 100 / 1800, 180)).toBe(Infinity);
  });
});

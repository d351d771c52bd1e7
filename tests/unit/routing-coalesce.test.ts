// Dispatch rounds requested in one process are coalesced per org (server/routing/coalesce.ts): one
// running and one pending, however many ask, and nobody's request is served by a run that began
// before it.
import { describe, expect, it } from "vitest";
import { coalesce, drainCoalesced } from "../../server/routing/coalesce";

/** A run that waits until released, recording when it started. */
function gate() {
  const starts: number[] = [];
  let release: () => void = () => {};
  let clock = 0;
  const run = () => {
    starts.push(++clock);
    return new Promise<void>((r) => (release = r));
  };
  return { starts, run, release: () => release(), tick: () => ++clock };
}

describe("coalesce", () => {
  it("turns 1,000 requests made during a run into one more run", async () => {
    const g = gate();
    const first = coalesce("org-a", g.run);
    const rest = Array.from({ length: 1000 }, () => coalesce("org-a", g.run));
    expect(g.starts).toHaveLength(1);
    g.release();
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(g.starts).toHaveLength(2); // the pending one, for all 1,000
    g.release();
    await Promise.all([first, ...rest]);
    expect(g.starts).toHaveLength(2);
  });

  it("serves a request made during a run with a run that starts after it", async () => {
    const g = gate();
    const a = coalesce("org-b", g.run);
    const askedAt = g.tick();
    let bDone = false;
    const b = coalesce("org-b", g.run).then(() => (bDone = true));
    g.release();
    await new Promise((r) => setTimeout(r, 0));
    expect(bDone).toBe(false); // the first run began before b asked
    expect(g.starts.at(-1)!).toBeGreaterThan(askedAt);
    g.release();
    await Promise.all([a, b]);
    expect(bDone).toBe(true);
  });

  it("keeps orgs apart and runs again after going quiet", async () => {
    const a = gate();
    const b = gate();
    const pa = coalesce("org-c", a.run);
    const pb = coalesce("org-d", b.run);
    expect([a.starts.length, b.starts.length]).toEqual([1, 1]);
    a.release();
    b.release();
    await Promise.all([pa, pb]);
    const again = coalesce("org-c", a.run);
    expect(a.starts).toHaveLength(2);
    a.release();
    await again;
    await drainCoalesced();
  });
});

// Issue 17, part 3: where marks go (page coordinates through an overlay's geometry), how strokes
// are made small enough to archive, how marks fade and how the live pointer is throttled.
import { describe, expect, it, vi } from "vitest";
import {
  belongsHere,
  isMeant,
  MAX_STROKE_POINTS,
  pathOf,
  rectOf,
  simplifyStroke,
  toOverlay,
  toPage,
  type OverlayGeometry,
} from "../../components/viewer/annotations/geometry";
import { MARK_LIFE_MS, markOpacity, throttle, visibleMarks } from "../../components/viewer/annotations/fading";
import { checkAnnotation } from "../../server/sessions/annotate";

const mirror: OverlayGeometry = { scale: 0.5, scrollX: 0, scrollY: 1200, width: 1280, height: 800 };

describe("page coordinates", () => {
  it("maps overlay pixels to the page and back, with scroll and scale", () => {
    const page = toPage({ x: 100, y: 50 }, mirror);
    expect(page).toEqual({ x: 200, y: 1300 });
    expect(toOverlay(page, mirror)).toEqual({ x: 100, y: 50 });
  });

  it("draws a mark where its content is for a follower scrolled elsewhere", () => {
    // The leader drew at page y 1300; a follower scrolled 100 px further down sees it 100 px higher.
    const follower: OverlayGeometry = { ...mirror, scale: 1, scrollY: 1300 };
    expect(toOverlay({ x: 200, y: 1300 }, follower)).toEqual({ x: 200, y: 0 });
    expect(toOverlay({ x: 200, y: 1250 }, follower).y).toBe(-50); // above the view: off screen
  });

  it("treats a broken scale as 1 rather than dividing by zero", () => {
    expect(toPage({ x: 10, y: 10 }, { ...mirror, scale: 0 })).toEqual({ x: 10, y: 1210 });
  });

  it("normalises a box dragged in any direction", () => {
    expect(rectOf({ x: 50, y: 80 }, { x: 10, y: 20 })).toEqual({ x: 10, y: 20, w: 40, h: 60 });
  });

  it("ignores slips of the hand, judged on screen", () => {
    expect(
      isMeant(
        [
          { x: 0, y: 0 },
          { x: 8, y: 2 },
        ],
        { ...mirror, scale: 1 },
      ),
    ).toBe(true);
    // 8 page px at half scale is 4 px on screen.
    expect(
      isMeant(
        [
          { x: 0, y: 0 },
          { x: 8, y: 2 },
        ],
        mirror,
      ),
    ).toBe(false);
  });

  it("puts a mark only on the surface and page it was drawn on", () => {
    const mark = { surface: "cobrowse" as const, url: "https://shop.example.com/cart" };
    expect(belongsHere(mark, { surface: "cobrowse", url: "https://shop.example.com/cart?x=1#top" })).toBe(true);
    expect(belongsHere(mark, { surface: "cobrowse", url: "https://shop.example.com/pay" })).toBe(false);
    expect(belongsHere(mark, { surface: "frame", url: "https://shop.example.com/cart" })).toBe(false);
  });
});

describe("strokes", () => {
  const circle = (n: number, r = 100) =>
    Array.from({ length: n }, (_, i) => ({
      x: 300 + r * Math.cos((i / (n - 1)) * 2 * Math.PI),
      y: 300 + r * Math.sin((i / (n - 1)) * 2 * Math.PI),
    }));

  it("drops collinear points and keeps the ends", () => {
    const line = Array.from({ length: 100 }, (_, i) => ({ x: i, y: 2 * i }));
    expect(simplifyStroke(line)).toEqual([line[0], line[99]]);
  });

  it("keeps a circle's shape and stays under the server's limit", () => {
    const drawn = circle(2000, 400);
    const out = simplifyStroke(drawn, 0.01);
    expect(out.length).toBeLessThanOrEqual(MAX_STROKE_POINTS);
    expect(out[0]).toEqual(drawn[0]);
    expect(out.at(-1)).toEqual(drawn.at(-1));
    for (const p of out) expect(Math.hypot(p.x - 300, p.y - 300)).toBeCloseTo(400, 0);
    // What the browser sends, the server accepts.
    expect(() =>
      checkAnnotation({
        shape: "circle",
        points: out,
        scrollX: 0,
        scrollY: 0,
        viewport: { w: 800, h: 600 },
        url: "https://a.example/",
        surface: "frame",
      }),
    ).not.toThrow();
  });

  it("writes an SVG path", () => {
    expect(
      pathOf([
        { x: 1.234, y: 2 },
        { x: 3, y: 4.56 },
      ]),
    ).toBe("M1.2 2 L3 4.6");
  });
});

describe("fading", () => {
  it("holds a mark, then fades it out by about 4 s", () => {
    expect(markOpacity(0)).toBe(1);
    expect(markOpacity(3000)).toBe(1);
    expect(markOpacity(3500)).toBeCloseTo(0.5);
    expect(markOpacity(MARK_LIFE_MS)).toBe(0);
    expect(markOpacity(60_000)).toBe(0);
  });

  it("lists only the marks still visible", () => {
    const marks = [
      { id: "a", shownAt: 0 },
      { id: "b", shownAt: 2000 },
      { id: "c", shownAt: 5000 },
    ];
    expect(visibleMarks(marks, 5500).map((m) => [m.id, m.opacity])).toEqual([
      ["b", 0.5],
      ["c", 1],
    ]);
  });
});

describe("the pointer's throttle", () => {
  it("sends the first move at once, at most one per interval, and always the last one", () => {
    vi.useFakeTimers();
    try {
      const sent: number[] = [];
      const t = throttle(200, (v: number) => sent.push(v));
      t.push(1);
      for (let i = 2; i <= 10; i++) t.push(i); // a burst within the interval
      expect(sent).toEqual([1]);
      vi.advanceTimersByTime(200);
      expect(sent).toEqual([1, 10]);
      vi.advanceTimersByTime(1000);
      expect(sent).toEqual([1, 10]); // nothing more without moves
      t.push(11);
      expect(sent).toEqual([1, 10, 11]);
      // 25 moves over a second: at most 1 + 1000/200 sends.
      for (let i = 0; i < 25; i++) {
        t.push(100 + i);
        vi.advanceTimersByTime(40);
      }
      vi.advanceTimersByTime(200);
      expect(sent.slice(3).length).toBeLessThanOrEqual(6);
      expect(sent.at(-1)).toBe(124);
    } finally {
      vi.useRealTimers();
    }
  });

  it("flushes a final value at once and drops the pending one", () => {
    vi.useFakeTimers();
    try {
      const sent: string[] = [];
      const t = throttle(200, (v: string) => sent.push(v));
      t.push("a");
      t.push("b");
      t.flush("hidden");
      vi.advanceTimersByTime(500);
      expect(sent).toEqual(["a", "hidden"]);
    } finally {
      vi.useRealTimers();
    }
  });
});

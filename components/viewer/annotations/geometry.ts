// Where a mark goes. Marks are kept in PAGE coordinates (CSS pixels from the shared document's
// top-left), so each follower draws them over the same content whatever their own scroll or size;
// an overlay converts with its geometry: what part of the page it shows, at what scale. Pure, so
// that it is tested without a browser (tests/unit/annotations.test.ts).
import type { AnnotationSurface, PagePoint } from "@/lib/session-events";

/**
 * An overlay's view of the page, the same shape as the co-browse mirror's `MirrorGeometry`:
 * overlay pixel (ox, oy) shows page point (ox / scale + scrollX, oy / scale + scrollY).
 * `width`/`height`: the page's viewport, in page pixels. `url`: the page shown, when known.
 * `scrollKnown`: false over a cross-origin frame, whose scroll position the browser hides.
 */
export type OverlayGeometry = {
  scale: number;
  scrollX: number;
  scrollY: number;
  width: number;
  height: number;
  url?: string | null;
  scrollKnown?: boolean;
};

/** The server's bounds (server/sessions/annotate.ts), mirrored so the browser never sends what it refuses. */
export const MAX_STROKE_POINTS = 256;
/** A drag shorter than this (overlay px) is a slip of the hand, not a box or a circle. */
export const MIN_MARK_SIZE = 6;

const safeScale = (g: Pick<OverlayGeometry, "scale">) => (g.scale > 0 && Number.isFinite(g.scale) ? g.scale : 1);

export function toPage(p: PagePoint, g: OverlayGeometry): PagePoint {
  const s = safeScale(g);
  return { x: p.x / s + g.scrollX, y: p.y / s + g.scrollY };
}

export function toOverlay(p: PagePoint, g: OverlayGeometry): PagePoint {
  const s = safeScale(g);
  return { x: (p.x - g.scrollX) * s, y: (p.y - g.scrollY) * s };
}

/** The rectangle two opposite corners span, whichever way the drag went. */
export function rectOf(a: PagePoint, b: PagePoint): { x: number; y: number; w: number; h: number } {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

export function boundsOf(points: readonly PagePoint[]): { x: number; y: number; w: number; h: number } {
  if (points.length === 0) return { x: 0, y: 0, w: 0, h: 0 };
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/** Whether a drag is big enough, in overlay pixels, to be meant. */
export function isMeant(points: readonly PagePoint[], g: OverlayGeometry): boolean {
  const b = boundsOf(points);
  const s = safeScale(g);
  return Math.max(b.w, b.h) * s >= MIN_MARK_SIZE;
}

function distanceToSegment(p: PagePoint, a: PagePoint, b: PagePoint): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Ramer–Douglas–Peucker: drop points closer than `tolerance` to the line their neighbours make. */
function rdp(points: readonly PagePoint[], tolerance: number): PagePoint[] {
  if (points.length < 3) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [from, to] = stack.pop()!;
    let worst = -1;
    let worstAt = -1;
    for (let i = from + 1; i < to; i++) {
      const d = distanceToSegment(points[i]!, points[from]!, points[to]!);
      if (d > worst) {
        worst = d;
        worstAt = i;
      }
    }
    if (worst > tolerance) {
      keep[worstAt] = 1;
      stack.push([from, worstAt], [worstAt, to]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/**
 * A free-hand stroke made small enough to archive: nearly collinear points dropped (within
 * `tolerance` page px), then, if still over `max`, every n-th point kept (first and last always).
 * A closed circle stays closed: its last point is kept as drawn.
 */
export function simplifyStroke(points: readonly PagePoint[], tolerance = 1.5, max = MAX_STROKE_POINTS): PagePoint[] {
  let out = rdp(points, tolerance);
  if (out.length > max) {
    const step = (out.length - 1) / (max - 1);
    out = Array.from({ length: max }, (_, i) => out[Math.round(i * step)]!);
  }
  return out;
}

/** An SVG path through the points (overlay px), rounded to tenths. */
export function pathOf(points: readonly PagePoint[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${Math.round(p.x * 10) / 10} ${Math.round(p.y * 10) / 10}`).join(" ");
}

/** Whether a mark made for `markUrl` on `markSurface` belongs on this overlay. */
export function belongsHere(
  mark: { surface: AnnotationSurface; url: string },
  here: { surface: AnnotationSurface; url: string | null | undefined },
): boolean {
  if (mark.surface !== here.surface) return false;
  if (!here.url) return true;
  return pageKeyOf(here.url) === mark.url;
}

/** The page a mark names: origin and path only, as the server stores it (queries may carry tokens). */
export function pageKeyOf(raw: string): string | null {
  try {
    const u = new URL(raw);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return `${u.origin}${u.pathname}`;
  } catch {
    return null;
  }
}

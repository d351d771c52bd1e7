// The "Live help: available / busy / offline" badge as a small SVG, in the org's brand colour.
// Everything interpolated is either fixed text or a validated colour, so the SVG can't be abused.
import "server-only";
import type { AvailabilityState } from "./availability";
import { brandPalette } from "../../lib/brand";

const STATE: Record<AvailabilityState, { text: string; color: string }> = {
  available: { text: "available", color: "#047857" },
  busy: { text: "busy", color: "#b45309" },
  offline: { text: "offline", color: "#475569" },
};

/** Width of `s` in Verdana/DejaVu 11px, close enough for a badge (per-character widths, px). */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[il:.]/.test(ch) ? 3.5 : /[mw]/.test(ch) ? 10 : /[A-Z]/.test(ch) ? 8 : /\s/.test(ch) ? 3.8 : 6.8;
  return Math.ceil(w);
}

export function badgeSvg(state: AvailabilityState, brandColor: string | null): string {
  const label = "Live help";
  const { text, color } = STATE[state];
  const brand = brandPalette(brandColor).solid;
  const dot = 14;
  const leftW = textWidth(label) + 16;
  const rightW = textWidth(text) + dot + 14;
  const width = leftW + rightW;
  const title = `Live help: ${text}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="24" viewBox="0 0 ${width} 24" role="img" aria-label="${title}">
<title>${title}</title>
<clipPath id="r"><rect width="${width}" height="24" rx="6"/></clipPath>
<g clip-path="url(#r)">
<rect width="${leftW}" height="24" fill="${brand}"/>
<rect x="${leftW}" width="${rightW}" height="24" fill="${color}"/>
</g>
<g fill="#fff" font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="11" font-weight="600">
<text x="8" y="16">${label}</text>
<circle cx="${leftW + 10}" cy="12" r="3.5" fill="#fff" fill-opacity="${state === "available" ? 1 : 0.6}"/>
<text x="${leftW + dot + 4}" y="16">${text}</text>
</g>
</svg>`;
}

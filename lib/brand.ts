// An org's brand colour made safe to use: validated (it ends up in a style attribute and in SVG),
// and darkened until white text on it is readable (WCAG AA, 4.5:1), so a client that picks a pale
// yellow still gets legible buttons.

export const DEFAULT_BRAND = "#2563eb";

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join("") : m[1]!;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
}

function toHex(rgb: Rgb): string {
  return `#${rgb
    .map((v) =>
      Math.round(Math.min(255, Math.max(0, v)))
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of white text on `rgb`. */
export function contrastWithWhite(hex: string): number {
  const rgb = parseHex(hex);
  return rgb ? 1.05 / (luminance(rgb) + 0.05) : 1;
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * t) as Rgb;
}

export type BrandPalette = {
  /** Buttons, links, focus rings: readable with white text. */
  solid: string;
  /** Hover state of `solid`. */
  strong: string;
  /** Soft tint for backgrounds and badges. */
  soft: string;
  /** A slightly stronger tint (borders, selected items). */
  tint: string;
  /** Lighter accent (focus borders). */
  light: string;
};

export function brandPalette(brandColor: string | null | undefined): BrandPalette {
  let base = parseHex(brandColor ?? "") ?? parseHex(DEFAULT_BRAND)!;
  const black: Rgb = [0, 0, 0];
  const white: Rgb = [255, 255, 255];
  for (let i = 0; i < 20 && 1.05 / (luminance(base) + 0.05) < 4.5; i++) base = mix(base, black, 0.1);
  return {
    solid: toHex(base),
    strong: toHex(mix(base, black, 0.18)),
    soft: toHex(mix(base, white, 0.92)),
    tint: toHex(mix(base, white, 0.8)),
    light: toHex(mix(base, white, 0.25)),
  };
}

/** CSS custom properties that re-theme Tailwind's brand-* colours inside an element. */
export function brandStyle(brandColor: string | null | undefined): Record<string, string> {
  const p = brandPalette(brandColor);
  return {
    "--color-brand-50": p.soft,
    "--color-brand-100": p.tint,
    "--color-brand-500": p.light,
    "--color-brand-600": p.solid,
    "--color-brand-700": p.strong,
    "--color-brand-900": p.strong,
  };
}

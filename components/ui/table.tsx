// A data table that scrolls sideways inside its card on a narrow screen instead of breaking the page.
import type { ReactNode } from "react";

type Width = "fit" | "narrow" | "wide";
type Density = "compact" | "roomy";

const widths: Record<Width, string> = { fit: "", narrow: "min-w-[32rem]", wide: "min-w-[44rem]" };
/** Header cells line up with the body's: Td for "compact", px-4 py-3 cells for "roomy". */
const headCells: Record<Density, string> = { compact: "px-3 py-2", roomy: "px-4 py-2" };

export function Table({
  caption,
  head,
  children,
  width = "wide",
  density = "compact",
  alignLastRight = false,
  alignRight = alignLastRight ? 1 : 0,
  numeric,
  framed = true,
  maxHeight,
}: {
  /** Read by screen readers only. */
  caption: string;
  head: ReactNode[];
  /** The rows. */
  children: ReactNode;
  /** How narrow the table may get before it scrolls: "fit" for a small one that always fits. */
  width?: Width;
  density?: Density;
  /** Right-align the last column's heading (amounts, downloads). */
  alignLastRight?: boolean;
  /** Right-align the headings of this many last columns (several columns of figures). */
  alignRight?: number;
  /** Right-align these columns' headings (per column, for figures that are not all at the end). */
  numeric?: readonly boolean[];
  /** Draw the table's own border; false inside a card that already has one (a report's table). */
  framed?: boolean;
  /** A Tailwind max-height class (e.g. "max-h-96"): a taller table scrolls inside, its headings stay in view. */
  maxHeight?: string;
}) {
  const right = (i: number) => numeric?.[i] ?? (i > 0 && i >= head.length - alignRight);
  return (
    <div
      className={`relative min-w-0 ${maxHeight ? `overflow-auto ${maxHeight}` : "overflow-x-auto"} ${framed ? "rounded-2xl border border-slate-200 bg-white" : ""}`}
    >
      <table className={`w-full text-left text-sm ${widths[width]}`}>
        <caption className="sr-only">{caption}</caption>
        <thead
          className={`border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-500 uppercase ${maxHeight ? "sticky top-0" : ""}`}
        >
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col" className={`${headCells[density]} font-semibold ${right(i) ? "text-right" : ""}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

/** A body cell of a "compact" table. */
export function Td({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <td className={`px-3 py-2.5 align-top ${className}`}>{children}</td>;
}

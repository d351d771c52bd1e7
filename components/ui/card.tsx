// A white box with a rounded border: a titled section of a page (its heading names it for screen
// readers), a figure tile, or the frame around a table.
import type { ReactNode } from "react";

type Padding = "none" | "sm" | "md" | "lg";
type TitleStyle = "title" | "label";

const paddings: Record<Padding, string> = {
  none: "",
  sm: "p-4",
  md: "p-4 sm:p-5",
  lg: "p-4 sm:p-6",
};

const titleStyles: Record<TitleStyle, string> = {
  title: "text-base font-semibold",
  label: "text-sm font-semibold tracking-wide text-slate-500 uppercase",
};

export function Card({
  title,
  id,
  actions,
  titleStyle = "title",
  padding = "md",
  className = "",
  children,
}: {
  title?: string;
  /** Prefix of the heading's id (`${id}-title`), unique on the page; with a title, it labels the section. */
  id?: string;
  /** Buttons or links on the heading's line. */
  actions?: ReactNode;
  /** "title" for a section of a form or page, "label" for the small grey capitals of the consoles. */
  titleStyle?: TitleStyle;
  padding?: Padding;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={title && id ? `${id}-title` : undefined}
      className={`min-w-0 rounded-2xl border border-slate-200 bg-white ${paddings[padding]} ${className}`}
    >
      {title ? (
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <h2 id={id ? `${id}-title` : undefined} className={titleStyles[titleStyle]}>
            {title}
          </h2>
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

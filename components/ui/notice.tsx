// A message about the page or the last action: errors are announced at once (role=alert), the rest
// politely (role=status). With a title it is a block (title, then the details); without, one line.
import type { ReactNode } from "react";

export type NoticeTone = "error" | "ok" | "info" | "warn";

const tones: Record<NoticeTone, string> = {
  error: "bg-red-50 text-red-800 ring-red-200",
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  info: "bg-sky-50 text-sky-900 ring-sky-200",
  warn: "bg-amber-50 text-amber-900 ring-amber-200",
};

export function Notice({
  tone,
  title,
  className = "",
  children,
}: {
  tone: NoticeTone;
  title?: string;
  className?: string;
  children?: ReactNode;
}) {
  const role = tone === "error" ? "alert" : "status";
  if (!title) {
    return (
      <p role={role} className={`rounded-lg px-3 py-2 text-sm ring-1 ${tones[tone]} ${className}`}>
        {children}
      </p>
    );
  }
  return (
    <div role={role} className={`rounded-xl px-4 py-3 text-sm ring-1 ${tones[tone]} ${className}`}>
      <p className="font-medium">{title}</p>
      {children ? <p className="mt-0.5">{children}</p> : null}
    </div>
  );
}

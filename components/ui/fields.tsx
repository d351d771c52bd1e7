// Labelled form controls used across the app: each error is tied to its control
// (aria-invalid + aria-describedby) so screen readers read it with the field.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

const control =
  "block w-full rounded-lg border bg-white px-3 text-base shadow-sm placeholder:text-slate-400 focus:outline-none focus:ring-2 sm:text-sm";
const ok = "border-slate-300 focus:border-brand-500 focus:ring-brand-500/30";
const bad = "border-red-400 focus:border-red-500 focus:ring-red-500/30";

type Common = { id: string; label: ReactNode; hint?: string; error?: string; optional?: boolean };

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Frame({ id, label, hint, error, optional, children }: Common & { children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="flex items-baseline justify-between gap-2 text-sm font-medium text-slate-700">
        <span>{label}</span>
        {optional ? <span className="text-xs font-normal text-slate-400">Optional</span> : null}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="flex items-start gap-1.5 text-sm text-red-700">
          <span aria-hidden className="mt-px select-none">
            !
          </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextInput({ id, label, hint, error, optional, className = "", ...props }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Frame id={id} label={label} hint={hint} error={error} optional={optional}>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={`${control} h-11 sm:h-10 ${error ? bad : ok} ${className}`}
        {...props}
      />
    </Frame>
  );
}

export function TextArea({
  id,
  label,
  hint,
  error,
  optional,
  className = "",
  ...props
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Frame id={id} label={label} hint={hint} error={error} optional={optional}>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={`${control} min-h-28 resize-y py-2.5 leading-relaxed ${error ? bad : ok} ${className}`}
        {...props}
      />
    </Frame>
  );
}

export function Select({
  id,
  label,
  hint,
  error,
  optional,
  className = "",
  children,
  ...props
}: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Frame id={id} label={label} hint={hint} error={error} optional={optional}>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={`${control} h-11 pr-8 sm:h-10 ${error ? bad : ok} ${className}`}
        {...props}
      >
        {children}
      </select>
    </Frame>
  );
}

/** A message for the whole form, announced when it appears. */
export function FormAlert({ children, tone = "error" }: { children: ReactNode; tone?: "error" | "info" }) {
  return (
    <p
      role="alert"
      className={`rounded-lg px-3 py-2.5 text-sm ${tone === "error" ? "bg-red-50 text-red-800 ring-1 ring-red-200" : "bg-brand-50 text-slate-800 ring-1 ring-brand-100"}`}
    >
      {children}
    </p>
  );
}

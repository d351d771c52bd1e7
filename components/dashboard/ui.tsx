"use client";
// Small pieces the dashboard pages share: query states, copy-to-clipboard fields and checkboxes.
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** Loading, error and empty states for a query, so no page shows a blank box. */
export function QueryState({
  query,
  empty,
  isEmpty,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: { message: string } | null; refetch: () => unknown };
  empty?: ReactNode;
  isEmpty?: boolean;
  children: ReactNode;
}) {
  if (query.isPending) {
    return (
      <p role="status" className="animate-pulse rounded-2xl border border-slate-200 bg-white px-4 py-8 text-center text-sm text-slate-500">
        Loading…
      </p>
    );
  }
  if (query.isError) {
    return (
      <div role="alert" className="rounded-2xl border border-red-200 bg-red-50 px-4 py-6 text-center text-sm text-red-800">
        <p>Couldn&apos;t load this: {query.error?.message ?? "unknown error"}</p>
        <Button variant="secondary" className="mt-3" onClick={() => void query.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  if (isEmpty) {
    return (
      <p className="rounded-2xl border border-dashed border-slate-300 bg-white px-4 py-8 text-center text-sm text-slate-500">{empty}</p>
    );
  }
  return <>{children}</>;
}

/** A read-only value with a Copy button; says "Copied" (politely, for screen readers) when it worked. */
export function CopyField({ id, label, value, multiline = false }: { id: string; label: string; value: string; multiline?: boolean }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2500);
  }
  const cls = "block w-full min-w-0 rounded-lg border border-slate-300 bg-slate-50 px-3 font-mono text-xs text-slate-800";
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="flex items-start gap-2">
        {multiline ? (
          <textarea
            id={id}
            readOnly
            value={value}
            rows={2}
            className={`${cls} resize-none py-2`}
            onFocus={(e) => e.currentTarget.select()}
          />
        ) : (
          <input id={id} readOnly value={value} className={`${cls} h-10`} onFocus={(e) => e.currentTarget.select()} />
        )}
        <Button type="button" variant="secondary" onClick={() => void copy()} aria-describedby={`${id}-copied`}>
          Copy
        </Button>
      </div>
      <p id={`${id}-copied`} aria-live="polite" className="min-h-4 text-xs text-slate-500">
        {state === "copied" ? "Copied to the clipboard." : state === "failed" ? "Couldn't copy: select the text and copy it yourself." : ""}
      </p>
    </div>
  );
}

export function Checkbox({
  id,
  label,
  hint,
  checked,
  onChange,
  disabled,
}: {
  id: string;
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <div className="flex items-start gap-2.5">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.currentTarget.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-0.5 size-4 rounded border-slate-300 accent-brand-600"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-700">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-slate-500">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

export const roleLabel = (r: string) => r.charAt(0) + r.slice(1).toLowerCase();

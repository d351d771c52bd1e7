"use client";
// A submit button that says what is happening while its form's action runs.
import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

export function SubmitButton({ children, pendingLabel, className }: { children: ReactNode; pendingLabel: string; className: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-disabled={pending} className={className}>
      {pending ? (
        <>
          <span aria-hidden className="size-4 shrink-0 animate-spin rounded-full border-2 border-current/30 border-t-current" />
          {pendingLabel}
        </>
      ) : (
        children
      )}
    </button>
  );
}

"use client";
// A modal form with a title, the caller's fields, the call's error and Cancel beside one submit:
// the manager's reassign and the agent's transfer. A native <dialog> (focus trapped, Escape
// closes, the backdrop dims); the caller opens it and decides what Cancel and a submit do.
import type { ReactNode, RefObject } from "react";
import { Button } from "./button";

export function FormDialog({
  dialogRef,
  id,
  title,
  children,
  error,
  submitLabel,
  busyLabel,
  busy,
  ready,
  onSubmit,
  onCancel,
  onClose,
}: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  /** Prefix of the title's id, unique on the page. */
  id: string;
  title: ReactNode;
  children: ReactNode;
  /** The failed call's message; null while there is none. */
  error: string | null;
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  /** Whether the fields hold a choice to submit. */
  ready: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  onClose: () => void;
}) {
  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      className="m-auto w-[min(26rem,92vw)] rounded-2xl p-0 backdrop:bg-slate-900/40"
    >
      <form
        className="p-5"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) onSubmit();
        }}
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        {children}
        {error !== null ? (
          <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        ) : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" disabled={!ready || busy}>
            {busy ? busyLabel : submitLabel}
          </Button>
        </div>
      </form>
    </dialog>
  );
}

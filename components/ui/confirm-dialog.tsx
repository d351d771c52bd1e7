"use client";
// A modal "are you sure?" with Stay and one red action: leaving a session or room, ending an event.
// A native <dialog> (focus trapped, Escape closes, the backdrop dims); the action runs only when its
// own button submitted the form.
import type { ReactNode, RefObject } from "react";

export function ConfirmDialog({
  dialogRef,
  id,
  title,
  children,
  confirmLabel,
  cancelLabel = "Stay",
  onConfirm,
}: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  /** Prefix of the title's id, unique on the page. */
  id: string;
  title: ReactNode;
  children: ReactNode;
  confirmLabel: string;
  /** The button that closes without acting. */
  cancelLabel?: string;
  onConfirm: () => void;
}) {
  return (
    <dialog ref={dialogRef} aria-labelledby={`${id}-title`} className="m-auto max-w-sm rounded-2xl p-0 backdrop:bg-slate-900/40">
      <form
        method="dialog"
        className="p-6"
        onSubmit={(e) => {
          if ((e.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "confirm") onConfirm();
        }}
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="mt-2 text-sm text-slate-600">{children}</p>
        <div className="mt-5 flex justify-end gap-2">
          <button value="stay" className="rounded-lg border border-slate-300 px-4 py-2 text-sm max-sm:min-h-11">
            {cancelLabel}
          </button>
          <button value="confirm" className="rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white max-sm:min-h-11">
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}

"use client";
// The foot of a dashboard editor's form (launcher, scenario): submit, Cancel (which reports no
// message to the page) and the save's error, read out as it appears.
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

export function EditorActions({
  submitLabel,
  pending,
  error,
  onCancel,
}: {
  submitLabel: string;
  pending: boolean;
  error: string;
  onCancel: () => void;
}) {
  return (
    <>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {submitLabel}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <div aria-live="polite">{error ? <Notice tone="error">{error}</Notice> : null}</div>
    </>
  );
}

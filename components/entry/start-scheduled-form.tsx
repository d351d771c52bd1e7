"use client";
import { useActionState } from "react";
import type { StartScheduledState } from "@/server/entry/form-state";
import { FormAlert } from "@/components/ui/fields";

export function StartScheduledForm({ action }: { action: (prev: StartScheduledState) => Promise<StartScheduledState> }) {
  const [state, formAction, pending] = useActionState<StartScheduledState>(action, {});
  return (
    <form action={formAction} className="space-y-4">
      {state.formError ? <FormAlert>{state.formError}</FormAlert> : null}
      <button
        type="submit"
        disabled={pending}
        className="inline-flex h-12 w-full items-center justify-center gap-2 rounded-xl bg-brand-600 px-6 text-base font-semibold text-white shadow-sm transition-colors hover:bg-brand-700 disabled:cursor-wait disabled:opacity-80 sm:w-auto"
      >
        {pending ? (
          <>
            <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-white/40 border-t-white" />
            Joining…
          </>
        ) : (
          "Join my session now"
        )}
      </button>
    </form>
  );
}

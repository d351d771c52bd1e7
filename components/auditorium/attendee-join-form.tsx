"use client";
// The event link's form: one field (the name the stage may read out), and every refusal in place.
// Full: the waiting choices (try again now or later), never an error page. Works without
// JavaScript (the form posts to the same link and the page renders the answer).
import { useActionState, useEffect } from "react";
import { FormAlert, TextInput } from "@/components/ui/fields";
import { LocalTime } from "@/components/viewer/local-time";
import type { JoinEventState } from "@/app/e/[key]/actions";

export function AttendeeJoinForm({
  action,
  permalink,
  initialName,
}: {
  action: (prev: JoinEventState, form: FormData) => Promise<JoinEventState>;
  permalink: string;
  initialName: string;
}) {
  const [state, formAction, pending] = useActionState<JoinEventState, FormData>(action, { name: initialName }, permalink);
  useEffect(() => {
    if (state.nameError) document.getElementById("attendee-name")?.focus();
  }, [state]);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      {state.refusal === "full" ? (
        <div role="alert" className="rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" data-join-refusal="full">
          <p className="font-semibold">The event is full right now.</p>
          <p className="mt-1">Every seat is taken. Seats free up as people leave, so you can:</p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            <li>
              try again in a minute with the button below (your name is kept)
              {state.tries && state.tries > 1 ? ` (tried ${state.tries} times)` : ""};
            </li>
            <li>or come back to this link later: it stays valid for the whole event.</li>
          </ul>
          <p className="mt-2">Nothing was stored about you.</p>
        </div>
      ) : state.refusal === "not_started" ? (
        <FormAlert tone="info">
          The event has not started yet
          {state.startsAt ? (
            <>
              {" "}
              (it starts at <LocalTime iso={state.startsAt} withDate />)
            </>
          ) : null}
          . Please come back then.
        </FormAlert>
      ) : state.refusal === "ended" ? (
        <FormAlert>The event has ended.</FormAlert>
      ) : state.refusal === "removed" ? (
        <FormAlert>You were removed from this event, so you can&apos;t rejoin it.</FormAlert>
      ) : state.refusal === "unavailable" ? (
        <FormAlert>This event is not available right now.</FormAlert>
      ) : state.refusal === "busy" ? (
        <FormAlert>Too many people joined from your network in the last minute. Please wait a minute and try again.</FormAlert>
      ) : state.refusal === "not_found" ? (
        <FormAlert>This event link doesn&apos;t work. Check it with whoever sent it to you.</FormAlert>
      ) : null}
      <TextInput
        id="attendee-name"
        name="name"
        label="Your name"
        hint="Shown to the producer with your questions; the audience never sees a list of names."
        autoComplete="name"
        maxLength={200}
        required
        defaultValue={state.name}
        error={state.nameError}
      />
      <button
        type="submit"
        disabled={pending}
        className="inline-flex h-11 w-full items-center justify-center rounded-xl bg-brand-600 px-5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? "Joining…" : state.refusal === "full" ? "Try again" : "Join the event"}
      </button>
    </form>
  );
}

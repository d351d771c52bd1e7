"use client";
// The invitation page's form: a name, and the passcode where the room has one. Works without
// JavaScript (the form posts to the page's own permalink, which re-renders with the errors); with
// it, errors appear in place and the first invalid field takes the focus.
import { useActionState, useEffect, useRef } from "react";
import { FormAlert, TextInput } from "@/components/ui/fields";
import { primaryLink } from "@/components/entry/styles";

export type RoomJoinState = {
  fieldErrors: Partial<Record<"name" | "code", string>>;
  formError?: string;
  /** Set when the form can't go on as it is: the page shows the way forward instead of the button. */
  reason?: "invalid" | "ended" | "full" | "sign_in";
  values: { name?: string };
};

export function InviteJoinForm(props: {
  action: (prev: RoomJoinState, form: FormData) => Promise<RoomJoinState>;
  permalink: string;
  needsCode: boolean;
  initialName: string;
  signInHref: string;
}) {
  const [state, action, pending] = useActionState<RoomJoinState, FormData>(props.action, { fieldErrors: {}, values: {} }, props.permalink);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const first = (["name", "code"] as const).find((f) => state.fieldErrors[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  }, [state]);

  const over = state.reason === "invalid" || state.reason === "ended";
  return (
    <form ref={formRef} action={action} className="space-y-5" noValidate>
      {state.formError ? <FormAlert tone={state.reason === "full" ? "info" : "error"}>{state.formError}</FormAlert> : null}
      {state.reason === "sign_in" ? (
        <a href={props.signInHref} className={`${primaryLink} w-full`}>
          Sign in, then come back here
        </a>
      ) : null}
      {over ? null : (
        <>
          <TextInput
            id="name"
            name="name"
            label="Your name"
            hint="The others in the room see it beside what you write."
            autoComplete="name"
            maxLength={80}
            required
            defaultValue={state.values.name ?? props.initialName}
            error={state.fieldErrors.name}
          />
          {props.needsCode ? (
            <TextInput
              id="code"
              name="code"
              type="password"
              label="Room passcode"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              required
              hint="Whoever invited you has it."
              error={state.fieldErrors.code}
            />
          ) : null}
          <button
            type="submit"
            disabled={pending}
            className="inline-flex h-12 w-full items-center justify-center gap-2 rounded-xl bg-brand-600 px-5 text-base font-semibold text-white shadow-sm transition-colors hover:bg-brand-700 disabled:cursor-wait disabled:opacity-80"
          >
            {pending ? (
              <>
                <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-white/40 border-t-white" />
                Joining…
              </>
            ) : state.reason === "full" ? (
              "Try again"
            ) : (
              "Join the room"
            )}
          </button>
        </>
      )}
    </form>
  );
}

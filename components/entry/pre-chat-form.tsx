"use client";
// The pre-chat question. Works without JavaScript (the form posts to a permalink that carries the
// entry token, so the page can re-render with the errors); with it, errors appear in place and the
// first invalid field takes the focus.
import { useActionState, useEffect, useRef } from "react";
import type { PreChatState } from "@/server/entry/form-state";
import { FormAlert, TextArea, TextInput } from "@/components/ui/fields";

export type PreChatFormProps = {
  /** The server action, bound to the launcher key. */
  action: (prev: PreChatState, form: FormData) => Promise<PreChatState>;
  launcherKey: string;
  token: string;
  question: string;
  askName: boolean;
  askEmail: boolean;
  needsCode: boolean;
  submitLabel: string;
  initial: { name: string; email: string };
  signInHref: string;
  /** The dashboard's preview: the form is shown as visitors see it, but can't be sent. */
  preview?: boolean;
};

const ORDER = ["name", "email", "code", "question"] as const;

export function PreChatForm(props: PreChatFormProps) {
  const permalink = `/l/${encodeURIComponent(props.launcherKey)}?t=${encodeURIComponent(props.token)}`;
  const [state, action, pending] = useActionState<PreChatState, FormData>(props.action, { fieldErrors: {}, values: {} }, permalink);
  const formRef = useRef<HTMLFormElement>(null);

  // Move the focus to the first field with an error, so keyboard and screen-reader users land on it.
  useEffect(() => {
    const first = ORDER.find((f) => state.fieldErrors[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  }, [state]);

  const v = (f: "name" | "email" | "question" | "code", fallback = "") => state.values[f] ?? fallback;
  const errors = state.fieldErrors;

  return (
    <form ref={formRef} action={action} className="space-y-5" noValidate>
      <input type="hidden" name="token" value={props.token} />
      {state.formError ? (
        <FormAlert>
          {state.formError}
          {state.signInRequired ? (
            <>
              {" "}
              <a href={props.signInHref} className="font-medium underline">
                Sign in
              </a>
            </>
          ) : null}
        </FormAlert>
      ) : null}
      {props.askName ? (
        <TextInput
          id="name"
          name="name"
          label="Your name"
          autoComplete="name"
          maxLength={80}
          required
          defaultValue={v("name", props.initial.name)}
          error={errors.name}
        />
      ) : null}
      {props.askEmail ? (
        <TextInput
          id="email"
          name="email"
          type="email"
          label="Your email"
          autoComplete="email"
          inputMode="email"
          maxLength={254}
          required
          defaultValue={v("email", props.initial.email)}
          error={errors.email}
        />
      ) : null}
      {props.needsCode ? (
        <TextInput
          id="code"
          name="code"
          label="Invitation code"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          required
          hint="The organiser gave you this code with your invitation."
          error={errors.code}
        />
      ) : null}
      <TextArea
        id="question"
        name="question"
        label={props.question}
        optional
        maxLength={1000}
        rows={4}
        placeholder="Type your question, or leave it blank"
        hint="The person who answers sees this first, so they can help you faster."
        defaultValue={v("question")}
        error={errors.question}
      />
      <button
        type="submit"
        disabled={pending || props.preview}
        className={`inline-flex h-12 w-full items-center justify-center gap-2 rounded-xl bg-brand-600 px-5 text-base font-semibold text-white shadow-sm transition-colors hover:bg-brand-700 disabled:opacity-80 ${props.preview ? "disabled:cursor-not-allowed" : "disabled:cursor-wait"}`}
      >
        {props.preview ? (
          `${props.submitLabel} (off in preview)`
        ) : pending ? (
          <>
            <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-white/40 border-t-white" />
            Joining the queue…
          </>
        ) : (
          props.submitLabel
        )}
      </button>
    </form>
  );
}

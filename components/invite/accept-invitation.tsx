"use client";
// The invitee's two ways in: one click when signed in with the invited address, or a new account.
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert, TextInput } from "@/components/ui/fields";
import { errorMessage, type FormErrors } from "@/components/ui/form-errors";
import { useFormMutation } from "@/components/ui/use-form-mutation";
import { useTRPC } from "@/lib/trpc";

const messageErrors = (err: unknown): FormErrors => ({ form: errorMessage(err), fields: {} });

export function AcceptButton({ token, orgName }: { token: string; orgName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useFormMutation(trpc.invitations.accept.mutationOptions({ onSuccess: () => router.push("/app") }), {
    read: messageErrors,
  });
  return (
    <div className="mt-6 space-y-3">
      <Button className="w-full" onClick={() => accept.mutate({ token })} disabled={accept.isPending || accept.isSuccess}>
        {accept.isPending || accept.isSuccess ? "Joining…" : `Join ${orgName}`}
      </Button>
      {accept.errors.form ? <FormAlert>{accept.errors.form}</FormAlert> : null}
    </div>
  );
}

export function NewAccountForm({ token, email, orgName }: { token: string; email: string; orgName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [signingIn, setSigningIn] = useState(false);
  const create = useFormMutation(trpc.invitations.acceptWithNewAccount.mutationOptions(), { read: messageErrors });
  const error = create.errors.form;
  const pending = create.isPending || signingIn;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!name) return create.fail("Enter your name.");
    create.mutate({ token, name, password }, { onSuccess: () => void signInAs(password) });
  }

  async function signInAs(password: string) {
    setSigningIn(true);
    const res = await signIn("credentials", { email, password, redirect: false });
    if (!res || res.error) {
      router.push("/sign-in?callbackUrl=/app");
      return;
    }
    router.replace("/app");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <TextInput id="invite-email" label="Email" value={email} readOnly disabled />
      <TextInput id="name" name="name" label="Your name" autoComplete="name" required maxLength={100} autoFocus />
      <TextInput
        id="password"
        name="password"
        type="password"
        label="Choose a password"
        autoComplete="new-password"
        hint="At least 10 characters; not a common password and not your email."
        required
      />
      <div aria-live="polite">{error ? <FormAlert>{error}</FormAlert> : null}</div>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating your account…" : `Create account and join ${orgName}`}
      </Button>
    </form>
  );
}

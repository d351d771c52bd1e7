"use client";
// The invitee's two ways in: one click when signed in with the invited address, or a new account.
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert, TextInput } from "@/components/ui/fields";
import { useTRPC } from "@/lib/trpc";

export function AcceptButton({ token, orgName }: { token: string; orgName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(trpc.invitations.accept.mutationOptions({ onSuccess: () => router.push("/app") }));
  return (
    <div className="mt-6 space-y-3">
      <Button className="w-full" onClick={() => accept.mutate({ token })} disabled={accept.isPending || accept.isSuccess}>
        {accept.isPending || accept.isSuccess ? "Joining…" : `Join ${orgName}`}
      </Button>
      {accept.error ? <FormAlert>{accept.error.message}</FormAlert> : null}
    </div>
  );
}

export function NewAccountForm({ token, email, orgName }: { token: string; email: string; orgName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState("");
  const [pending, setPending] = useState(false);
  const create = useMutation(trpc.invitations.acceptWithNewAccount.mutationOptions());

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const password = String(form.get("password") ?? "");
    setError("");
    if (!name) return setError("Enter your name.");
    setPending(true);
    try {
      await create.mutateAsync({ token, name, password });
    } catch (err) {
      setPending(false);
      return setError(err instanceof Error ? err.message : "Something went wrong.");
    }
    const res = await signIn("credentials", { email, password, redirect: false });
    if (!res || res.error) {
      router.push("/sign-in?callbackUrl=/app");
      return;
    }
    router.replace("/app");
    router.refresh();
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="mt-6 space-y-4" noValidate>
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

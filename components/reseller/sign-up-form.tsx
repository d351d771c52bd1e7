"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert, TextInput } from "@/components/ui/fields";
import { appCodeOf, formErrors, type FormErrors } from "@/components/ui/form-errors";
import { useFormMutation } from "@/components/ui/use-form-mutation";
import { useTRPC } from "@/lib/trpc";

// Domain errors name no field; these two are about one.
function signUpErrors(err: unknown): FormErrors {
  const fe = formErrors(err);
  const code = appCodeOf(err);
  if (code === "CONFLICT") return { form: "", fields: { email: fe.form } };
  if (code === "BAD_REQUEST" && Object.keys(fe.fields).length === 0) return { form: "", fields: { password: fe.form } };
  return fe;
}

export function ResellerSignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [signingIn, setSigningIn] = useState(false);
  const signUp = useFormMutation(trpc.reseller.signUp.mutationOptions(), { read: signUpErrors });
  const { errors } = signUp;

  async function signInAs(email: string, password: string) {
    setSigningIn(true);
    try {
      const res = await signIn("credentials", { email, password, redirect: false });
      if (!res || res.error) {
        // The account exists; only the automatic sign-in failed.
        router.replace("/sign-in?callbackUrl=/reseller");
        return;
      }
      router.replace("/reseller");
      router.refresh();
    } catch (err) {
      setSigningIn(false);
      signUp.fail(formErrors(err).form);
    }
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const input = {
      resellerName: String(f.get("resellerName") ?? ""),
      name: String(f.get("name") ?? ""),
      email: String(f.get("email") ?? ""),
      password: String(f.get("password") ?? ""),
    };
    signUp.mutate(input, { onSuccess: ({ email }) => void signInAs(email, input.password) });
  }

  const pending = signUp.isPending || signingIn;
  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <TextInput
        id="resellerName"
        name="resellerName"
        label="Company name"
        autoComplete="organization"
        required
        error={signUp.fieldError("resellerName")}
      />
      <TextInput id="name" name="name" label="Your name" autoComplete="name" required error={signUp.fieldError("name")} />
      <TextInput id="email" name="email" type="email" label="Work email" autoComplete="email" required error={signUp.fieldError("email")} />
      <TextInput
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        hint="At least 10 characters; not a common password and not your email."
        required
        error={signUp.fieldError("password")}
      />
      <div aria-live="polite">{errors.form ? <FormAlert>{errors.form}</FormAlert> : null}</div>
      <Button type="submit" className="w-full" disabled={pending}>
        {signingIn ? "Signing you in…" : signUp.isPending ? "Creating your account…" : "Create reseller account"}
      </Button>
    </form>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { appCodeOf, formErrors, type FormErrors } from "@/components/console/errors";
import { Button } from "@/components/ui/button";
import { FormAlert, TextInput } from "@/components/ui/fields";
import { useTRPC } from "@/lib/trpc";

const NONE: FormErrors = { form: "", fields: {} };

export function ResellerSignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [errors, setErrors] = useState<FormErrors>(NONE);
  const [signingIn, setSigningIn] = useState(false);
  const signUp = useMutation(trpc.reseller.signUp.mutationOptions());

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const input = {
      resellerName: String(f.get("resellerName") ?? ""),
      name: String(f.get("name") ?? ""),
      email: String(f.get("email") ?? ""),
      password: String(f.get("password") ?? ""),
    };
    setErrors(NONE);
    try {
      const { email } = await signUp.mutateAsync(input);
      setSigningIn(true);
      const res = await signIn("credentials", { email, password: input.password, redirect: false });
      if (!res || res.error) {
        // The account exists; only the automatic sign-in failed.
        router.replace("/sign-in?callbackUrl=/reseller");
        return;
      }
      router.replace("/reseller");
      router.refresh();
    } catch (err) {
      setSigningIn(false);
      const fe = formErrors(err);
      const code = appCodeOf(err);
      // Domain errors name no field; these two are about one.
      if (code === "CONFLICT") setErrors({ form: "", fields: { email: fe.form } });
      else if (code === "BAD_REQUEST" && Object.keys(fe.fields).length === 0) setErrors({ form: "", fields: { password: fe.form } });
      else setErrors(fe);
    }
  }

  const pending = signUp.isPending || signingIn;
  return (
    <form onSubmit={(e) => void onSubmit(e)} className="mt-6 space-y-4" noValidate>
      <TextInput
        id="resellerName"
        name="resellerName"
        label="Company name"
        autoComplete="organization"
        required
        error={errors.fields.resellerName}
      />
      <TextInput id="name" name="name" label="Your name" autoComplete="name" required error={errors.fields.name} />
      <TextInput id="email" name="email" type="email" label="Work email" autoComplete="email" required error={errors.fields.email} />
      <TextInput
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        hint="At least 10 characters; not a common password and not your email."
        required
        error={errors.fields.password}
      />
      <div aria-live="polite">{errors.form ? <FormAlert>{errors.form}</FormAlert> : null}</div>
      <Button type="submit" className="w-full" disabled={pending}>
        {signingIn ? "Signing you in…" : signUp.isPending ? "Creating your account…" : "Create reseller account"}
      </Button>
    </form>
  );
}

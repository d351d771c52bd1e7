"use client";
// The sign-up form. The server decides (account.signUp: zod + AppError); this shows its messages
// next to the fields, keeps what was typed, moves the focus to the first field to fix, and on
// success signs the new owner in and opens the dashboard.
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert, TextArea, TextInput } from "@/components/ui/fields";
import type { FormErrors } from "@/components/ui/form-errors";
import { useFormMutation } from "@/components/ui/use-form-mutation";
import { formatCents, PLAN_LIST } from "@/lib/plans";
import { useTRPC } from "@/lib/trpc";

const FIELDS = ["businessName", "ownerName", "email", "password", "plan", "allowedDomains"] as const;
type Field = (typeof FIELDS)[number];
type PlanId = (typeof PLAN_LIST)[number]["id"];

export const AFTER_SIGN_UP = "/dashboard";

type ErrorShape = {
  message: string;
  data?: { code?: string; appCode?: string | null; zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | null;
};

// Each field's first issue; a taken email by the email field; the form's line only when no field
// is to blame, and then the server's words only for an app error (an internal one says nothing useful).
function signUpErrors(err: unknown): FormErrors {
  const { message, data } = err as ErrorShape;
  const fields: Partial<Record<Field, string>> = {};
  for (const f of FIELDS) {
    const m = data?.zodError?.fieldErrors?.[f]?.[0];
    if (m) fields[f] = m;
  }
  if (data?.appCode === "CONFLICT") fields.email = message;
  if (Object.keys(fields).length > 0) return { form: "", fields };
  return { form: data?.appCode ? message : "We couldn't create your account. Please try again.", fields };
}

export function SignUpForm({ initialPlan }: { initialPlan: PlanId }) {
  const trpc = useTRPC();
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [signingIn, setSigningIn] = useState(false);
  const signUp = useFormMutation(trpc.account.signUp.mutationOptions(), { read: signUpErrors });
  const errors = signUp.errors.fields as Partial<Record<Field, string>>;
  const formError = signUp.errors.form;
  const pending = signUp.isPending || signingIn;

  function focusFirst(fieldErrors: Partial<Record<string, string>>) {
    const first = FIELDS.find((f) => fieldErrors[f]);
    if (!first) return;
    const el = formRef.current?.querySelector<HTMLElement>(first === "plan" ? "input[name=plan]" : `#${first}`);
    el?.focus();
  }

  async function signInAs(email: string, password: string) {
    setSigningIn(true);
    const res = await signIn("credentials", { email, password, redirect: false });
    if (!res || res.error) {
      setSigningIn(false);
      signUp.fail("Your account is ready, but signing you in failed. Please sign in.");
      return;
    }
    router.replace(AFTER_SIGN_UP);
    router.refresh();
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = (k: Field) => String(form.get(k) ?? "");
    const input = {
      businessName: value("businessName"),
      ownerName: value("ownerName"),
      email: value("email"),
      password: value("password"),
      plan: (value("plan") || initialPlan) as PlanId,
      allowedDomains: value("allowedDomains"),
    };
    signUp.mutate(input, {
      onSuccess: () => void signInAs(input.email, input.password),
      onError: (err) => focusFirst(signUpErrors(err).fields),
    });
  }

  return (
    <form ref={formRef} method="post" onSubmit={onSubmit} noValidate className="space-y-5" aria-describedby="sign-up-note">
      <TextInput
        id="businessName"
        name="businessName"
        label="Business name"
        autoComplete="organization"
        required
        maxLength={100}
        error={errors.businessName}
      />
      <TextInput id="ownerName" name="ownerName" label="Your name" autoComplete="name" required maxLength={100} error={errors.ownerName} />
      <TextInput
        id="email"
        name="email"
        type="email"
        label="Work email"
        autoComplete="email"
        required
        maxLength={254}
        error={errors.email}
      />
      <TextInput
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters. Not a common password, and not your email address."
        error={errors.password}
      />

      <fieldset aria-describedby={errors.plan ? "plan-error" : undefined}>
        <legend className="text-sm font-medium text-slate-700">Plan</legend>
        <div className="mt-1.5 grid gap-3 sm:grid-cols-2">
          {PLAN_LIST.map((p) => (
            <label
              key={p.id}
              className="flex cursor-pointer gap-3 rounded-xl border border-slate-300 bg-white p-3.5 shadow-sm transition-colors hover:border-slate-400 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50 has-[:checked]:ring-1 has-[:checked]:ring-brand-600 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600"
            >
              <input
                type="radio"
                name="plan"
                value={p.id}
                defaultChecked={p.id === initialPlan}
                className="mt-1 size-4 accent-brand-600 focus-visible:outline-none"
              />
              <span className="min-w-0">
                <span className="block text-sm font-semibold text-slate-900">{p.name}</span>
                <span className="block text-sm text-slate-600">
                  {formatCents(p.unitPriceCents, p.currency)} per {p.unitLabel}
                </span>
              </span>
            </label>
          ))}
        </div>
        {errors.plan ? (
          <p id="plan-error" className="mt-1.5 text-sm text-red-700">
            {errors.plan}
          </p>
        ) : null}
      </fieldset>

      <TextArea
        id="allowedDomains"
        name="allowedDomains"
        label="Your web site's domains"
        required
        rows={3}
        placeholder={"example.com\n*.example.com"}
        spellCheck={false}
        autoCapitalize="none"
        hint="One per line or separated by commas. *.example.com covers every subdomain (but not example.com itself). Live help opens only from these sites."
        error={errors.allowedDomains}
        className="min-h-24 font-mono"
      />

      <div aria-live="polite">{formError ? <FormAlert>{formError}</FormAlert> : null}</div>

      <Button type="submit" className="h-11 w-full" disabled={pending}>
        {signingIn ? "Signing you in…" : signUp.isPending ? "Creating your account…" : "Create account"}
      </Button>
      <p id="sign-up-note" className="text-center text-sm text-slate-500">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-brand-700 underline-offset-2 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}

import type { Metadata } from "next";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { AuthShell } from "@/components/auth/auth-shell";

export const metadata: Metadata = { title: "Sign out" };

export default function SignOutPage() {
  return (
    <AuthShell width="sm" center>
      <h1 className="text-xl font-semibold">Sign out of iSession?</h1>
      <p className="mt-1 text-sm text-slate-500">Sessions you hold stay open for your colleagues.</p>
      <SignOutButton className="mt-6 w-full" />
    </AuthShell>
  );
}

import type { Metadata } from "next";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { Logo } from "@/components/ui/logo";

export const metadata: Metadata = { title: "Sign out" };

export default function SignOutPage() {
  return (
    <main className="grid min-h-dvh place-items-center px-4 py-12">
      <div className="w-full max-w-sm text-center">
        <div className="mb-8 flex justify-center">
          <Logo />
        </div>
        <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
          <h1 className="text-xl font-semibold">Sign out of iSession?</h1>
          <p className="mt-1 text-sm text-slate-500">Sessions you hold stay open for your colleagues.</p>
          <SignOutButton className="mt-6 w-full" />
        </div>
      </div>
    </main>
  );
}

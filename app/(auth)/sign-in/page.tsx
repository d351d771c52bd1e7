import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { AuthShell } from "@/components/auth/auth-shell";
import { localPath } from "@/lib/local-path";
import { getSessionUser } from "@/server/auth";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // Only a path on this site is followed after sign-in, never another host.
  const callbackUrl = localPath(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const error = typeof params.error === "string" ? params.error : undefined;
  return (
    <AuthShell width="sm">
      <h1 className="text-xl font-semibold">Sign in</h1>
      <p className="mt-1 text-sm text-slate-500">Agents, managers and administrators of iSession clients.</p>
      {params.unlocked === "1" ? (
        <p role="status" className="mt-4 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Sign-in is unlocked on this device. Sign in with your password.
        </p>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} initialError={error} />
    </AuthShell>
  );
}

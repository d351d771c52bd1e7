import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ResellerSignUpForm } from "@/components/reseller/sign-up-form";
import { AuthShell } from "@/components/auth/auth-shell";
import { getSessionUser } from "@/server/auth";
import { formatBps, DEFAULT_REVENUE_SHARE_BPS } from "@/server/resellers/config";
import { resellerOfUser } from "@/server/resellers/seat";

export const metadata: Metadata = { title: "Become a reseller" };
export const dynamic = "force-dynamic";

export default async function ResellerSignUpPage() {
  const user = await getSessionUser();
  if (user && (await resellerOfUser(user.id))) redirect("/reseller");
  return (
    <AuthShell>
      <h1 className="text-xl font-semibold">Become an iSession reseller</h1>
      <p className="mt-1 text-sm text-slate-500">
        Sign up your own clients, manage them in one place, and earn {formatBps(DEFAULT_REVENUE_SHARE_BPS)} of their usage.
      </p>
      {user ? (
        <p className="mt-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          You are signed in as {user.email}. A reseller account needs an email of its own; creating it signs you in with the new account.
        </p>
      ) : null}
      <ResellerSignUpForm />
      <p className="mt-6 text-center text-sm text-slate-500">
        Already a reseller?{" "}
        <Link href="/sign-in?callbackUrl=/reseller" className="font-medium text-brand-700 hover:underline">
          Sign in
        </Link>
      </p>
    </AuthShell>
  );
}

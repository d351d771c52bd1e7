// The link in the "sign-in was paused" email (server/accounts/sign-in-unlock.ts). Opening it changes
// nothing; the button unlocks sign-in and makes this browser a known device for the account.
import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { AuthShell } from "@/components/auth/auth-shell";
import { UNLOCK_TTL_HOURS } from "@/server/accounts/sign-in-unlock";
import { unlockAction } from "./actions";

export const dynamic = "force-dynamic";

// The token is in the URL: never send it to another site as a Referer. Not no-referrer: under it a
// plain form post (the button without JavaScript) carries `Origin: null`, which the web server refuses.
export const metadata: Metadata = { title: "Unlock sign-in", referrer: "same-origin", robots: { index: false, follow: false } };

const RESULTS: Record<string, { title: string; body: string }> = {
  used: { title: "This link has already been used", body: "Each unlock link works once. If sign-in is paused again, we email a new link." },
  expired: {
    title: "This link has expired",
    body: `Unlock links work for ${UNLOCK_TTL_HOURS} hours, and only the newest one works. Devices you signed in with before still work.`,
  },
  invalid: {
    title: "This link is not valid",
    body: "Check that you opened the whole link from the email. If it was split over two lines, copy both parts.",
  },
};

export default async function UnlockSignInPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ token }, query] = await Promise.all([params, searchParams]);
  const result = typeof query.result === "string" ? RESULTS[query.result] : undefined;
  return (
    <AuthShell>
      {result ? (
        <>
          <h1 className="text-xl font-semibold">{result.title}</h1>
          <p className="mt-2 text-slate-600">{result.body}</p>
          <Link href="/sign-in" className="mt-6 inline-flex h-11 items-center font-semibold text-brand-700 underline">
            Go to sign-in
          </Link>
        </>
      ) : (
        <>
          <h1 className="text-xl font-semibold">Unlock sign-in on this device</h1>
          <p className="mt-2 text-slate-600">
            Sign-in to your account was paused for new devices after many failed attempts. Unlocking lets you sign in here with your
            password, and this browser will be remembered as one of your devices.
          </p>
          <form action={unlockAction} className="mt-6">
            <input type="hidden" name="token" value={token} />
            <Button type="submit" className="h-11 w-full">
              Unlock sign-in
            </Button>
          </form>
        </>
      )}
    </AuthShell>
  );
}

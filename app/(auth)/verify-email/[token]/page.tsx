// The link in the verification email. Opening it confirms the address (once; mail scanners that
// open it first only make the owner's own click say "already confirmed").
import type { Metadata } from "next";
import Link from "next/link";
import { ResendVerificationButton } from "@/components/auth/verify-email-banner";
import { AuthShell } from "@/components/auth/auth-shell";
import { verifyEmailToken, VERIFY_EMAIL_TTL_HOURS } from "@/server/accounts/email-verification";
import { getSessionUser } from "@/server/auth";

export const dynamic = "force-dynamic";

// The token is in the URL: never send it on as a Referer.
export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer", robots: { index: false, follow: false } };

const link =
  "inline-flex h-11 items-center justify-center rounded-xl bg-brand-600 px-5 text-sm font-semibold text-white hover:bg-brand-700";

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [result, user] = await Promise.all([verifyEmailToken(token), getSessionUser()]);
  const next = user ? { href: "/dashboard", label: "Go to your dashboard" } : { href: "/sign-in?callbackUrl=/dashboard", label: "Sign in" };

  let title: string;
  let body: React.ReactNode;
  let ok = false;
  if (result.status === "verified") {
    ok = true;
    title = "Your email address is confirmed";
    body = <>Thank you. {result.email} is confirmed for your iSession account.</>;
  } else if (result.status !== "invalid" && result.verified) {
    ok = true;
    title = "Your email address is already confirmed";
    body = <>This link has been used before, and {result.email} is confirmed. There is nothing more to do.</>;
  } else if (result.status === "already_used") {
    title = "This link has already been used";
    body = <>Each confirmation link works once. Sign in and ask for a new link if your address still needs confirming.</>;
  } else if (result.status === "expired") {
    title = "This link has expired";
    body = (
      <>
        Confirmation links work for {VERIFY_EMAIL_TTL_HOURS} hours, and only the newest one works.{" "}
        {user ? "Ask for a new link below." : "Sign in, then ask for a new link from the banner at the top of your dashboard."}
      </>
    );
  } else {
    title = "This link is not valid";
    body = <>Check that you opened the whole link from the email. If it was split over two lines, copy both parts.</>;
  }

  return (
    <AuthShell>
      <span
        aria-hidden
        className={`grid size-11 place-items-center rounded-full text-lg font-bold ${ok ? "bg-emerald-100 text-emerald-700" : "bg-amber-100 text-amber-700"}`}
      >
        {ok ? "✓" : "!"}
      </span>
      <h1 className="mt-4 text-xl font-semibold">{title}</h1>
      <p className="mt-2 text-slate-600">{body}</p>
      {!ok && user && result.status !== "invalid" ? <ResendVerificationButton className="mt-4" /> : null}
      <div className="mt-6">
        <Link href={next.href} className={link}>
          {next.label}
        </Link>
      </div>
    </AuthShell>
  );
}

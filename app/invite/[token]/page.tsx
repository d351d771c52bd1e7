// An invitation link from an email: who invited you where, and the way in that fits who you are.
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AcceptButton, NewAccountForm } from "@/components/invite/accept-invitation";
import { AuthShell } from "@/components/auth/auth-shell";
import { getServerApi } from "@/server/api/server";
import { getSessionUser } from "@/server/auth";

export const metadata: Metadata = { title: "Invitation", robots: { index: false } };
export const dynamic = "force-dynamic";

function Frame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <AuthShell>
      <h1 className="text-xl font-semibold">{title}</h1>
      {children}
    </AuthShell>
  );
}

const link = "font-medium text-brand-700 underline";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [user, api] = await Promise.all([getSessionUser(), getServerApi()]);
  const inv = await api.invitations.view({ token });

  if (inv.state === "not_found") {
    return (
      <Frame title="This invitation link doesn't work">
        <p className="mt-2 text-sm text-slate-600">
          It may have been replaced by a newer invitation, or mistyped. Ask the person who invited you to send it again.
        </p>
      </Frame>
    );
  }
  const role = inv.role.toLowerCase();
  if (inv.state === "expired") {
    return (
      <Frame title="This invitation has expired">
        <p className="mt-2 text-sm text-slate-600">
          The invitation to join {inv.orgName} as {role} ran out on {inv.expiresAt.toLocaleDateString("en")}. Ask an admin of {inv.orgName}{" "}
          to send a new one.
        </p>
      </Frame>
    );
  }
  if (inv.state === "revoked") {
    return (
      <Frame title="This invitation was withdrawn">
        <p className="mt-2 text-sm text-slate-600">
          An admin of {inv.orgName} withdrew it. If that was a mistake, ask them to invite you again.
        </p>
      </Frame>
    );
  }
  if (inv.state === "accepted") {
    return (
      <Frame title="This invitation has already been used">
        <p className="mt-2 text-sm text-slate-600">
          {inv.email} has joined {inv.orgName}.{" "}
          <Link className={link} href={user ? "/app" : "/sign-in?callbackUrl=/app"}>
            {user ? "Go to your console" : "Sign in"}
          </Link>
          .
        </p>
      </Frame>
    );
  }

  const intro = (
    <p className="mt-2 text-sm text-slate-600">
      You are invited to join <strong className="text-slate-900">{inv.orgName}</strong> on iSession as{" "}
      <strong className="text-slate-900">{role}</strong>.
    </p>
  );
  if (user && user.email.toLowerCase() === inv.email) {
    return (
      <Frame title={`Join ${inv.orgName}`}>
        {intro}
        <AcceptButton token={token} orgName={inv.orgName} />
      </Frame>
    );
  }
  if (user) {
    return (
      <Frame title={`Join ${inv.orgName}`}>
        {intro}
        <p role="alert" className="mt-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          This invitation is for {inv.email}, but you are signed in as {user.email}.{" "}
          <Link className={link} href="/sign-out">
            Sign out
          </Link>{" "}
          and open the link again.
        </p>
      </Frame>
    );
  }
  if (inv.accountExists) {
    return (
      <Frame title={`Join ${inv.orgName}`}>
        {intro}
        <p className="mt-4 text-sm text-slate-600">You already have an iSession account as {inv.email}.</p>
        <Link
          href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}
          className="mt-4 inline-flex h-10 w-full items-center justify-center rounded-lg bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700"
        >
          Sign in to accept
        </Link>
      </Frame>
    );
  }
  return (
    <Frame title={`Join ${inv.orgName}`}>
      {intro}
      <NewAccountForm token={token} email={inv.email} orgName={inv.orgName} />
    </Frame>
  );
}

"use client";
// "Please confirm your email address", with a rate-limited "send the link again". Shows nothing
// for verified users or while `me` loads, so any signed-in page can mount it at the top.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";

export function ResendVerificationButton({ className = "" }: { className?: string }) {
  const trpc = useTRPC();
  const resend = useMutation(trpc.account.resendVerification.mutationOptions());
  return (
    <span className={`inline-flex flex-wrap items-center gap-x-3 gap-y-1 ${className}`}>
      <button
        type="button"
        onClick={() => resend.mutate()}
        disabled={resend.isPending}
        className="rounded-md font-semibold text-amber-900 underline underline-offset-2 hover:text-amber-950 disabled:cursor-wait disabled:opacity-60"
      >
        {resend.isPending ? "Sending…" : "Send the link again"}
      </button>
      <span role="status" className="text-sm">
        {resend.isSuccess ? `Sent. Check your inbox at ${resend.data.sentTo}.` : resend.isError ? resend.error.message : ""}
      </span>
    </span>
  );
}

export function VerifyEmailBanner() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.queryOptions());
  if (!me.data || me.data.emailVerified) return null;
  return (
    <section aria-label="Confirm your email address" className="border-b border-amber-200 bg-amber-50 text-sm text-amber-900">
      <div className="mx-auto flex max-w-6xl flex-col gap-1 px-4 py-2.5 sm:flex-row sm:items-center sm:gap-3">
        <p>
          <span className="font-semibold">Please confirm your email address.</span> We sent a link to{" "}
          <span className="font-medium [overflow-wrap:anywhere]">{me.data.email}</span>.
        </p>
        <ResendVerificationButton />
      </div>
    </section>
  );
}

"use client";
// The sub-client's pending owner invitation: send it again (fresh link), withdraw it, or invite
// someone else while the client has no owner yet. The link goes only to the invitee's mailbox:
// showing it here would let a reseller accept it and create an account under the client's address.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert, TextInput } from "@/components/ui/fields";
import { formErrors } from "@/components/ui/form-errors";
import { useNotice } from "@/components/ui/use-notice";
import { useTRPC } from "@/lib/trpc";

const formMessage = (e: unknown) => formErrors(e).form;

export function InvitationActions({
  orgId,
  invitation,
  canInvite,
}: {
  orgId: string;
  invitation: { id: string; email: string; expired: boolean } | null;
  /** False once the client has an owner. */
  canInvite: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const { notice: message, ok: say, failed } = useNotice(formMessage);
  const handlers = (ok: string | ((data: { email: string } | { ok: true }) => string)) => ({
    onSuccess: (data: { email: string } | { ok: true }) => {
      say(typeof ok === "function" ? ok(data) : ok);
      router.refresh();
    },
    onError: failed,
  });
  const resend = useMutation(
    trpc.reseller.resendInvitation.mutationOptions(
      handlers((d) => `We emailed ${"email" in d ? d.email : "them"} a new link; the old one no longer works.`),
    ),
  );
  const revoke = useMutation(trpc.reseller.revokeInvitation.mutationOptions(handlers("Invitation withdrawn; its link no longer works.")));
  const invite = useMutation(
    trpc.reseller.inviteOwner.mutationOptions(handlers((d) => `We emailed an invitation to ${"email" in d ? d.email : "them"}.`)),
  );
  const busy = resend.isPending || revoke.isPending || invite.isPending;

  function onInvite(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    invite.mutate({ orgId, email: String(new FormData(form).get("email") ?? "") }, { onSuccess: () => form.reset() });
  }

  return (
    <div className="space-y-4">
      <div aria-live="polite" className="space-y-3">
        {message ? <FormAlert tone={message.tone === "ok" ? "info" : "error"}>{message.text}</FormAlert> : null}
      </div>
      {invitation ? (
        <div className="flex flex-wrap items-center gap-3">
          <p className="min-w-0 flex-1 text-sm">
            Waiting for <span className="font-medium break-all">{invitation.email}</span> to accept
            {invitation.expired ? <span className="ml-1 text-amber-700">(the link has expired)</span> : null}.
          </p>
          <Button type="button" variant="secondary" disabled={busy} onClick={() => resend.mutate({ orgId, invitationId: invitation.id })}>
            {resend.isPending ? "Sending…" : "Resend"}
          </Button>
          <Button type="button" variant="ghost" disabled={busy} onClick={() => revoke.mutate({ orgId, invitationId: invitation.id })}>
            {revoke.isPending ? "Withdrawing…" : "Withdraw"}
          </Button>
        </div>
      ) : null}
      {canInvite ? (
        <form onSubmit={onInvite} className="flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
          <div className="flex-1">
            <TextInput
              id={`invite-${orgId}`}
              name="email"
              type="email"
              label={invitation ? "Invite someone else instead" : "Invite the client's first admin"}
              required
            />
          </div>
          <Button type="submit" disabled={busy}>
            {invite.isPending ? "Sending…" : "Send invitation"}
          </Button>
        </form>
      ) : (
        <p className="text-sm text-slate-500">The client has an owner; they invite their own team from their dashboard.</p>
      )}
    </div>
  );
}

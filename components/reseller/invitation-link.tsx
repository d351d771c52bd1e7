"use client";
// The accept link of an invitation just sent, for the reseller to pass on another way (chat, phone).
// The server keeps only a hash of the token, so the link exists in this page's memory alone: it is
// gone after a reload, and the page says so.
import { CopyField } from "@/components/dashboard/ui";

export function InvitationLink({ id, email, url }: { id: string; email: string; url: string }) {
  return (
    <div className="space-y-2 rounded-xl border border-slate-200 bg-slate-50/60 p-3">
      <CopyField id={id} label={`Invitation link for ${email}`} value={url} />
      <p id={`${id}-note`} className="text-xs text-slate-500">
        We emailed this link to {email}; you can also send it another way. It is shown only now: we don&apos;t keep it,
        so it won&apos;t be here after you reload. If it gets lost, use Resend for a new link (the old one then stops
        working).
      </p>
    </div>
  );
}

"use client";
// "Invite" in a collaboration room's header: asks the server for a signed link to this room
// (rooms.invite, a POST: it mints a token) and offers it to copy. Whoever opens it gives a name,
// and the passcode where the room has one (app/s/[sessionId]/join).
import { useMutation } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { useTRPC } from "@/lib/trpc";

export function InviteButton({ sessionId, className }: { sessionId: string; className: string }) {
  const trpc = useTRPC();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  // The header and the Who tab each have one (one hidden by screen size): ids must not clash.
  const id = useId();
  const invite = useMutation(trpc.rooms.invite.mutationOptions());
  const url = invite.data ? new URL(invite.data.path, window.location.origin).toString() : "";

  const open = () => {
    setCopied(null);
    invite.mutate({ sessionId });
    dialogRef.current?.showModal();
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("yes");
    } catch {
      // No clipboard permission (or an old browser): the link is selected for Ctrl+C instead.
      inputRef.current?.select();
      setCopied("no");
    }
  };

  return (
    <>
      <button type="button" className={className} onClick={open} aria-haspopup="dialog">
        Invite
      </button>
      <dialog
        ref={dialogRef}
        aria-labelledby={`${id}-title`}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-2xl p-0 backdrop:bg-slate-900/40"
      >
        <div className="p-6">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            Invite someone to this room
          </h2>
          <p className="mt-2 text-sm text-slate-600">
            Send them this link. It works for a day, and only for this room; they give their name (and the room&apos;s passcode, if it has
            one) to come in.
          </p>
          {invite.isError ? (
            <p role="alert" className="mt-3 text-sm text-red-700">
              {invite.error.message}
            </p>
          ) : (
            <div className="mt-4 flex gap-2 max-sm:flex-col">
              <label htmlFor={`${id}-link`} className="sr-only">
                Invitation link
              </label>
              <input
                ref={inputRef}
                id={`${id}-link`}
                readOnly
                value={invite.isPending ? "Making a link…" : url}
                onFocus={(e) => e.currentTarget.select()}
                className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs max-sm:min-h-11 max-sm:text-base"
              />
              <button
                type="button"
                disabled={!url}
                onClick={copy}
                className="shrink-0 rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white disabled:opacity-60 max-sm:min-h-11"
              >
                Copy link
              </button>
            </div>
          )}
          <p role="status" className="mt-2 min-h-5 text-sm text-slate-600">
            {copied === "yes"
              ? "Copied. Paste it into an email or a message."
              : copied === "no"
                ? "Press Ctrl+C (or ⌘C) to copy the selected link."
                : ""}
          </p>
          <form method="dialog" className="mt-3 text-right">
            <button className="rounded-lg border border-slate-300 px-4 py-2 text-sm max-sm:min-h-11">Done</button>
          </form>
        </div>
      </dialog>
    </>
  );
}

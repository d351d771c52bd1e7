"use client";
// The console's Monitor and Prompt: buttons, not links, so joining is a POST from our own page
// (sessions.joinAsStaff) and a GET of the session's URL never seats anyone. Barge in stays a link
// to the confirmation page ("Join visibly?"), which joins only from its own button.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/lib/trpc";

export function JoinSessionButtons({ sessionId, className }: { sessionId: string; className: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const path = `/s/${encodeURIComponent(sessionId)}`;
  const join = useMutation(trpc.sessions.joinAsStaff.mutationOptions({ onSuccess: () => router.push(path) }));
  const busy = join.isPending || join.isSuccess;
  return (
    <>
      <button type="button" className={className} disabled={busy} onClick={() => join.mutate({ sessionId, role: "MONITOR" })}>
        Monitor
      </button>
      <button type="button" className={className} disabled={busy} onClick={() => join.mutate({ sessionId, role: "PROMPTER" })}>
        Prompt
      </button>
      <a className={className} href={`${path}?join=agent`}>
        Barge in
      </a>
      {join.error ? (
        <p role="alert" className="w-full text-xs text-red-700">
          {join.error.message}
        </p>
      ) : null}
    </>
  );
}

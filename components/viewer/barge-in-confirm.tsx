"use client";
// Where a "Barge in" link lands (/s/{id}?join=agent). Opening a URL changes nothing: a link from
// the manager's console, a bookmark or the browser's history must never announce the manager to
// the visitor. Only this button joins visibly.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useTRPC } from "@/lib/trpc";

export function BargeInConfirm({ sessionId }: { sessionId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const path = `/s/${encodeURIComponent(sessionId)}`;
  const join = useMutation(
    trpc.sessions.joinAsStaff.mutationOptions({
      // The session's own URL, without ?join=agent: reopening it later shows the seat, joins nothing.
      onSuccess: () => router.replace(path),
      // The only precondition left once seen is an ended session, which can still be replayed.
      onError: (e) => {
        if (e.data?.code === "PRECONDITION_FAILED") router.replace(`${path}/replay`);
      },
    }),
  );
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 p-4">
      <section aria-labelledby="barge-confirm-title" className="w-full max-w-sm rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 id="barge-confirm-title" className="text-lg font-semibold text-slate-900">
          Join visibly?
        </h1>
        <p className="mt-2 text-sm text-slate-600">The visitor will see you join, and you can&apos;t become unseen again in this session.</p>
        {join.error ? (
          <p role="alert" className="mt-3 text-sm text-red-700">
            {join.error.message}
          </p>
        ) : null}
        <div className="mt-5 flex flex-wrap justify-end gap-2">
          <a href="/manager" className="rounded-lg border border-slate-300 px-4 py-2 text-sm">
            Cancel
          </a>
          <a href={`${path}?join=monitor`} className="rounded-lg border border-slate-300 px-4 py-2 text-sm">
            Monitor unseen
          </a>
          <button
            type="button"
            disabled={join.isPending}
            onClick={() => join.mutate({ sessionId, role: "AGENT" })}
            className="rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white disabled:opacity-60"
          >
            Barge in
          </button>
        </div>
      </section>
    </main>
  );
}

/** Already seen in the session: drops ?join=agent from the address so history holds the plain URL. */
export function DropJoinParam({ sessionId }: { sessionId: string }) {
  useEffect(() => {
    window.history.replaceState(null, "", `/s/${encodeURIComponent(sessionId)}`);
  }, [sessionId]);
  return null;
}

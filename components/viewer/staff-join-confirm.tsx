"use client";
// Where a staff link lands (/s/{id}?join=monitor|prompter|agent|room). Opening a URL joins nothing: a
// link from another site (Lax cookies go along with a top-level GET), a bookmark or the browser's
// history must never seat a manager, seen or unseen. Only these buttons join, with a POST from our
// own pages (sessions.joinAsStaff, a tRPC mutation).
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { StaffRole } from "@/lib/roles";
import { useTRPC } from "@/lib/trpc";

export type JoinRole = StaffRole;

const COPY: Record<JoinRole, { title: string; body: string; action: string }> = {
  MONITOR: {
    title: "Monitor this session?",
    body: "You'll read the conversation and see live typing. Nobody in the session sees you.",
    action: "Monitor unseen",
  },
  PROMPTER: {
    title: "Prompt in this session?",
    body: "Your lines reach only the leading agent, as suggestions. Nobody else in the session sees you.",
    action: "Prompt unseen",
  },
  AGENT: {
    title: "Join visibly?",
    body: "The visitor will see you join, and you can't become unseen again in this session.",
    action: "Barge in",
  },
};

/** ?join=room, from the Rooms list: joining a collaboration room is taking part, seen by everyone. */
const ROOM_COPY = {
  title: "Join this room?",
  body: "Everyone in the room will see you join and can talk with you. Leaving is the way out.",
  action: "Join the room",
};

const btn =
  "rounded-lg px-4 py-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60";

export function StaffJoinConfirm({ sessionId, role, room = false }: { sessionId: string; role: JoinRole; room?: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const path = `/s/${encodeURIComponent(sessionId)}`;
  const join = useMutation(
    trpc.sessions.joinAsStaff.mutationOptions({
      // The session's own URL, without ?join=: reopening it later shows the seat and joins nothing.
      onSuccess: () => router.replace(path),
      // The only precondition left is an ended session, which can still be replayed.
      onError: (e) => {
        if (e.data?.code === "PRECONDITION_FAILED") router.replace(`${path}/replay`);
      },
    }),
  );
  const copy = room ? ROOM_COPY : COPY[role];
  const titleId = "staff-join-title";
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 p-4">
      <section aria-labelledby={titleId} className="w-full max-w-sm rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 id={titleId} className="text-lg font-semibold text-slate-900">
          {copy.title}
        </h1>
        <p className="mt-2 text-sm text-slate-600">{copy.body}</p>
        {join.error ? (
          <p role="alert" className="mt-3 text-sm text-red-700">
            {join.error.message}
          </p>
        ) : null}
        <div className="mt-5 flex flex-wrap justify-end gap-2">
          <a href={room ? "/agent" : "/manager"} className={`${btn} border border-slate-300`}>
            Cancel
          </a>
          {role === "AGENT" && !room ? (
            <button
              type="button"
              disabled={join.isPending}
              onClick={() => join.mutate({ sessionId, role: "MONITOR" })}
              className={`${btn} border border-slate-300`}
            >
              {COPY.MONITOR.action}
            </button>
          ) : null}
          <button
            type="button"
            disabled={join.isPending}
            onClick={() => join.mutate({ sessionId, role })}
            className={`${btn} font-medium text-white ${role === "AGENT" && !room ? "bg-red-600" : "bg-brand-600"}`}
          >
            {copy.action}
          </button>
        </div>
      </section>
    </main>
  );
}

/** Already seated in the session: drops ?join= from the address so history holds the plain URL. */
export function DropJoinParam({ sessionId }: { sessionId: string }) {
  useEffect(() => {
    window.history.replaceState(null, "", `/s/${encodeURIComponent(sessionId)}`);
  }, [sessionId]);
  return null;
}

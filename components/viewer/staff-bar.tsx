"use client";
// For a manager inside a session unseen: which role they hold, and the switch to another one
// (monitor -> prompter -> barge in). Barging in makes them visible, so it asks first.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef } from "react";
import { STAFF_JOIN_ROLES, type StaffRole } from "@/lib/roles";
import { useTRPC, useTRPCClient } from "@/lib/trpc";
import { beginRoleChange, roleChanged, roleChangeFailed } from "./line-outbox";

const LABEL: Record<StaffRole, string> = { MONITOR: "Monitor", PROMPTER: "Prompt", AGENT: "Barge in" };

export function StaffBar({ sessionId, role }: { sessionId: string; role: "MONITOR" | "PROMPTER" }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const confirmRef = useRef<HTMLDialogElement>(null);
  const join = useMutation(
    trpc.sessions.joinAsStaff.mutationOptions({
      // Lines typed meanwhile follow the new role (line-outbox.ts): held until the server has it.
      onMutate: (v) => beginRoleChange(sessionId, v.role),
      onError: (e) => roleChangeFailed(sessionId, e.message),
      // The page re-renders for the new role (the viewer is keyed by it), at the session's plain
      // URL: a URL never joins (the seat is what the page shows).
      onSuccess: (r) => {
        roleChanged(sessionId, r.role, (line) => client.sessions.send.mutate({ sessionId, ...line }));
        window.history.replaceState(null, "", `/s/${encodeURIComponent(sessionId)}`);
        router.refresh();
      },
    }),
  );
  const choose = (next: StaffRole) => {
    if (next === role || join.isPending) return;
    if (next === "AGENT") confirmRef.current?.showModal();
    else join.mutate({ sessionId, role: next });
  };
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-violet-200 bg-violet-50 px-3 py-1.5 text-sm text-violet-900">
      <p className="min-w-0 flex-1">
        {role === "MONITOR"
          ? "You are monitoring. Nobody in the session sees you."
          : "You are prompting. Your lines reach only the leader."}
      </p>
      <div role="group" aria-label="Your role in this session" className="flex gap-1">
        {STAFF_JOIN_ROLES.map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={r === role}
            disabled={join.isPending}
            onClick={() => choose(r)}
            className={`rounded-lg px-2 py-1 text-xs font-semibold max-sm:min-h-11 max-sm:px-3 ${r === role ? "bg-violet-700 text-white" : r === "AGENT" ? "bg-white text-red-700 ring-1 ring-red-200 hover:bg-red-50" : "bg-white text-violet-900 ring-1 ring-violet-200 hover:bg-violet-100"}`}
          >
            {LABEL[r]}
          </button>
        ))}
      </div>
      <dialog
        ref={confirmRef}
        aria-labelledby="barge-title"
        className="m-auto max-w-sm rounded-2xl p-0 text-slate-900 backdrop:bg-slate-900/40"
      >
        <form
          method="dialog"
          className="p-6"
          onSubmit={(e) => {
            if ((e.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "barge") join.mutate({ sessionId, role: "AGENT" });
          }}
        >
          <h2 id="barge-title" className="text-lg font-semibold">
            Barge in?
          </h2>
          <p className="mt-2 text-sm text-slate-600">Everyone in the session will see you join, and you can&apos;t become unseen again.</p>
          <div className="mt-5 flex justify-end gap-2">
            <button value="stay" className="rounded-lg border border-slate-300 px-4 py-2 text-sm">
              Stay unseen
            </button>
            <button value="barge" className="rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white">
              Barge in
            </button>
          </div>
        </form>
      </dialog>
      {join.error ? (
        <p role="alert" className="w-full text-xs text-red-700">
          {join.error.message}
        </p>
      ) : null}
    </div>
  );
}

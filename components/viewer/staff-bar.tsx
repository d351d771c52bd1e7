"use client";
// For a manager inside a session unseen: which role they hold, and the switch to another one
// (monitor -> prompter -> barge in). Barging in makes them visible, so it asks first.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/lib/trpc";

type StaffRole = "MONITOR" | "PROMPTER" | "AGENT";
const LABEL: Record<StaffRole, string> = { MONITOR: "Monitor", PROMPTER: "Prompt", AGENT: "Barge in" };
const QUERY: Record<StaffRole, string> = { MONITOR: "monitor", PROMPTER: "prompter", AGENT: "agent" };

export function StaffBar({ sessionId, role }: { sessionId: string; role: "MONITOR" | "PROMPTER" }) {
  const trpc = useTRPC();
  const router = useRouter();
  const join = useMutation(
    trpc.sessions.joinAsStaff.mutationOptions({
      // The page re-renders for the new role (the viewer is keyed by it).
      onSuccess: (r) => router.replace(`/s/${encodeURIComponent(sessionId)}?join=${QUERY[r.role]}`),
    }),
  );
  const choose = (next: StaffRole) => {
    if (next === role || join.isPending) return;
    if (next === "AGENT" && !window.confirm("Barge in? Everyone in the session will see you join.")) return;
    join.mutate({ sessionId, role: next });
  };
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-violet-200 bg-violet-50 px-3 py-1.5 text-sm text-violet-900">
      <p className="min-w-0 flex-1">
        {role === "MONITOR" ? "You are monitoring. Nobody in the session sees you." : "You are prompting. Your lines reach only the leader."}
      </p>
      <div role="group" aria-label="Your role in this session" className="flex gap-1">
        {(["MONITOR", "PROMPTER", "AGENT"] as const).map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={r === role}
            disabled={join.isPending}
            onClick={() => choose(r)}
            className={`rounded-lg px-2 py-1 text-xs font-semibold ${r === role ? "bg-violet-700 text-white" : r === "AGENT" ? "bg-white text-red-700 ring-1 ring-red-200 hover:bg-red-50" : "bg-white text-violet-900 ring-1 ring-violet-200 hover:bg-violet-100"}`}
          >
            {LABEL[r]}
          </button>
        ))}
      </div>
      {join.error ? (
        <p role="alert" className="w-full text-xs text-red-700">
          {join.error.message}
        </p>
      ) : null}
    </div>
  );
}

// Moves one session from an agent to another; agents who are not routable or are full are listed
// but disabled, so the manager sees why they cannot be chosen.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc";
import type { AgentRow } from "./agent-card";

export function ReassignDialog({
  orgId,
  sessionId,
  from,
  agents,
  onClose,
}: {
  orgId: string;
  sessionId: string;
  from: AgentRow;
  agents: AgentRow[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ref = useRef<HTMLDialogElement>(null);
  const [to, setTo] = useState("");
  const reassign = useMutation(trpc.manager.reassign.mutationOptions());
  useEffect(() => {
    const d = ref.current;
    d?.showModal();
    return () => d?.close();
  }, []);
  const targets = agents.filter((a) => a.membershipId !== from.membershipId);
  return (
    <dialog
      ref={ref}
      aria-labelledby="reassign-title"
      onClose={onClose}
      className="m-auto w-[min(26rem,92vw)] rounded-2xl p-0 backdrop:bg-slate-900/40"
    >
      <form
        className="p-5"
        onSubmit={(e) => {
          e.preventDefault();
          if (!to) return;
          reassign.mutate(
            { orgId, sessionId, fromMembershipId: from.membershipId, toMembershipId: to },
            {
              onSuccess: () => {
                void qc.invalidateQueries({ queryKey: trpc.manager.overview.queryKey({ orgId }) });
                onClose();
              },
            },
          );
        }}
      >
        <h2 id="reassign-title" className="text-lg font-semibold">
          Reassign from {from.name}
        </h2>
        <label htmlFor="reassign-to" className="mt-3 block text-sm text-slate-600">
          To
        </label>
        <select
          id="reassign-to"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          className="mt-1 h-10 w-full rounded-lg border border-slate-300 bg-white px-2 text-sm"
        >
          <option value="">Choose an agent</option>
          {targets.map((a) => {
            const ok = a.routable && a.load < a.capacity;
            return (
              <option key={a.membershipId} value={a.membershipId} disabled={!ok}>
                {a.name} — {a.statusLabel}, {a.load}/{a.capacity}
                {ok ? "" : " (not available)"}
              </option>
            );
          })}
        </select>
        {reassign.isError ? (
          <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {reassign.error.message}
          </p>
        ) : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={!to || reassign.isPending}>
            {reassign.isPending ? "Reassigning…" : "Reassign"}
          </Button>
        </div>
      </form>
    </dialog>
  );
}

// Moves one session from an agent to another; agents who are not routable or are full are listed
// but disabled, so the manager sees why they cannot be chosen.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { FormDialog } from "@/components/ui/form-dialog";
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
    <FormDialog
      dialogRef={ref}
      id="reassign"
      title={`Reassign from ${from.name}`}
      error={reassign.isError ? reassign.error.message : null}
      submitLabel="Reassign"
      busyLabel="Reassigning…"
      busy={reassign.isPending}
      ready={to !== ""}
      onSubmit={() =>
        reassign.mutate(
          { orgId, sessionId, fromMembershipId: from.membershipId, toMembershipId: to },
          {
            onSuccess: () => {
              void qc.invalidateQueries({ queryKey: trpc.manager.overview.queryKey({ orgId }) });
              onClose();
            },
          },
        )
      }
      onCancel={onClose}
      onClose={onClose}
    >
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
    </FormDialog>
  );
}

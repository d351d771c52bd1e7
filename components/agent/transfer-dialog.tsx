"use client";
// Hand a session to a ready colleague with spare capacity, or back to the queue (the visitor waits
// in the same room for the next agent). The server re-checks readiness and capacity on submit.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { FormDialog } from "@/components/ui/form-dialog";
import { useTRPC } from "@/lib/trpc";

export function transferNotice(kind: "agent" | "queue"): string {
  return kind === "queue"
    ? "The session went back to the queue; the visitor waits in the room for the next agent."
    : "Session handed over.";
}

export function TransferButton({
  orgId,
  sessionId,
  disabled,
  onDone,
}: {
  orgId: string;
  sessionId: string;
  disabled: boolean;
  onDone: (message: string) => void;
}) {
  const trpc = useTRPC();
  const ref = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<string>("");
  const targets = useQuery({ ...trpc.agent.transferTargets.queryOptions({ orgId }), enabled: open, refetchInterval: open ? 5000 : false });
  const transfer = useMutation(trpc.agent.transfer.mutationOptions());
  const name = `transfer-${sessionId}`;
  return (
    <>
      <button
        type="button"
        disabled={disabled}
        onClick={() => {
          setChoice("");
          transfer.reset();
          setOpen(true);
          ref.current?.showModal();
        }}
        className="rounded-lg px-2 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600 disabled:text-slate-400"
      >
        Transfer
      </button>
      <FormDialog
        dialogRef={ref}
        id={name}
        title="Transfer this session"
        error={transfer.isError ? transfer.error.message : null}
        submitLabel="Transfer"
        busyLabel="Transferring…"
        busy={transfer.isPending}
        ready={choice !== ""}
        onSubmit={() =>
          transfer.mutate(
            { orgId, sessionId, to: choice === "queue" ? { kind: "queue" } : { kind: "agent", membershipId: choice } },
            {
              onSuccess: (r) => {
                ref.current?.close();
                setOpen(false);
                onDone(transferNotice(r.kind));
              },
            },
          )
        }
        onCancel={() => ref.current?.close()}
        onClose={() => setOpen(false)}
      >
        <fieldset className="mt-3 space-y-1.5">
          <legend className="text-sm text-slate-600">Ready colleagues with room for another session</legend>
          {targets.isLoading ? <p className="text-sm text-slate-500">Loading…</p> : null}
          {targets.data?.length === 0 ? <p className="text-sm text-slate-500">Nobody is ready with spare capacity right now.</p> : null}
          {targets.data?.map((t) => (
            <label
              key={t.membershipId}
              className="flex items-center gap-2 rounded-lg border border-slate-200 px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
            >
              <input
                type="radio"
                name={name}
                value={t.membershipId}
                checked={choice === t.membershipId}
                onChange={() => setChoice(t.membershipId)}
              />
              <span className="font-medium">{t.name}</span>
              <span className="ml-auto text-xs text-slate-500 tabular-nums">
                {t.load} / {t.capacity}
              </span>
            </label>
          ))}
          <label className="flex items-center gap-2 rounded-lg border border-slate-200 px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
            <input type="radio" name={name} value="queue" checked={choice === "queue"} onChange={() => setChoice("queue")} />
            <span className="font-medium">Back to the queue</span>
            <span className="ml-auto text-xs text-slate-500">next agent joins this room</span>
          </label>
        </fieldset>
      </FormDialog>
    </>
  );
}

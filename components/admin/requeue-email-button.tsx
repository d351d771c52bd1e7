"use client";
// "Send again" for a message that was not delivered (no SMTP server at the time, or refused):
// the worker picks it up on its next pass. The page re-renders from the server afterwards.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc";

export function RequeueEmailButton({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const requeue = useMutation(trpc.admin.requeueEmail.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <div className="mt-4 flex flex-wrap items-center gap-3">
      <Button type="button" variant="secondary" onClick={() => requeue.mutate({ id })} disabled={requeue.isPending}>
        {requeue.isPending ? "Queuing…" : "Send again"}
      </Button>
      <span role="status" className="text-sm text-slate-600">
        {requeue.isSuccess ? "Queued: the worker sends it on its next pass." : requeue.isError ? requeue.error.message : ""}
      </span>
    </div>
  );
}

"use client";
// Suspend (with a reason the org's admins will see) or reactivate an organization, from the
// operator console or, for its own sub-clients, the reseller portal. The page re-renders from the
// server afterwards, so what is shown is what is stored.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert, TextArea } from "@/components/ui/fields";
import { useTRPC } from "@/lib/trpc";
import { formErrors } from "./errors";

export function OrgStatusControl({
  scope,
  orgId,
  orgName,
  status,
}: {
  scope: "admin" | "reseller";
  orgId: string;
  orgName: string;
  status: "ACTIVE" | "SUSPENDED";
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const onSettled = {
    onSuccess: (r: { status: string; changed: boolean }) => {
      setError("");
      setDone(r.status === "SUSPENDED" ? `${orgName} is suspended.` : `${orgName} is active again.`);
      router.refresh();
    },
    onError: (e: unknown) => setError(formErrors(e).form),
  };
  const suspendAdmin = useMutation(trpc.admin.suspendOrg.mutationOptions(onSettled));
  const reactivateAdmin = useMutation(trpc.admin.reactivateOrg.mutationOptions(onSettled));
  const suspendReseller = useMutation(trpc.reseller.suspend.mutationOptions(onSettled));
  const reactivateReseller = useMutation(trpc.reseller.reactivate.mutationOptions(onSettled));
  const pending = suspendAdmin.isPending || reactivateAdmin.isPending || suspendReseller.isPending || reactivateReseller.isPending;

  function onSuspend(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get("reason") ?? "").trim();
    if (!reason) {
      setError("Give a reason: the organization's admins will see it.");
      return;
    }
    setDone("");
    if (scope === "admin") suspendAdmin.mutate({ orgId, reason });
    else suspendReseller.mutate({ orgId, reason });
  }

  function onReactivate() {
    setDone("");
    if (scope === "admin") reactivateAdmin.mutate({ orgId });
    else reactivateReseller.mutate({ orgId });
  }

  return (
    <div className="space-y-3">
      <div aria-live="polite">{done ? <FormAlert tone="info">{done}</FormAlert> : null}</div>
      {error ? <FormAlert>{error}</FormAlert> : null}
      {status === "ACTIVE" ? (
        <form onSubmit={onSuspend} className="space-y-3" noValidate>
          <TextArea
            id={`suspend-reason-${orgId}`}
            name="reason"
            label="Reason for suspending"
            hint="Visitors see “not available”; sessions already running finish normally."
            maxLength={500}
            required
            className="min-h-20"
          />
          <Button type="submit" variant="secondary" disabled={pending} className="border-red-300 text-red-700 hover:bg-red-50">
            {pending ? "Suspending…" : "Suspend organization"}
          </Button>
        </form>
      ) : (
        <Button type="button" onClick={onReactivate} disabled={pending}>
          {pending ? "Reactivating…" : "Reactivate organization"}
        </Button>
      )}
    </div>
  );
}

"use client";
// Suspend (with a reason the org's admins will see) or reactivate an organization, from the
// operator console or, for its own sub-clients, the reseller portal. The page re-renders from the
// server afterwards, so what is shown is what is stored.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert, TextArea } from "@/components/ui/fields";
import { useFormMutation } from "@/components/ui/use-form-mutation";
import { useTRPC } from "@/lib/trpc";

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
  const [done, setDone] = useState("");
  const onSettled = {
    onSuccess: (r: { status: string; changed: boolean }) => {
      setDone(r.status === "SUSPENDED" ? `${orgName} is suspended.` : `${orgName} is active again.`);
      router.refresh();
    },
  };
  const suspendAdmin = useFormMutation(trpc.admin.suspendOrg.mutationOptions(onSettled));
  const reactivateAdmin = useFormMutation(trpc.admin.reactivateOrg.mutationOptions(onSettled));
  const suspendReseller = useFormMutation(trpc.reseller.suspend.mutationOptions(onSettled));
  const reactivateReseller = useFormMutation(trpc.reseller.reactivate.mutationOptions(onSettled));
  const suspend = scope === "admin" ? suspendAdmin : suspendReseller;
  const reactivate = scope === "admin" ? reactivateAdmin : reactivateReseller;
  const pending = suspend.isPending || reactivate.isPending;
  const error = suspend.errors.form || reactivate.errors.form;

  function onSuspend(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get("reason") ?? "").trim();
    if (!reason) {
      suspend.fail("Give a reason: the organization's admins will see it.");
      return;
    }
    setDone("");
    suspend.mutate({ orgId, reason });
  }

  function onReactivate() {
    setDone("");
    reactivate.mutate({ orgId });
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

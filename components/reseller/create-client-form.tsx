"use client";
// Create a sub-client and invite its first admin. The invitee becomes the owner on accepting; the
// reseller's own account joins no client org.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert, Select, TextArea, TextInput } from "@/components/ui/fields";
import { useFormMutation } from "@/components/ui/use-form-mutation";
import { PLAN_LIST, formatCents } from "@/lib/plans";
import { useTRPC } from "@/lib/trpc";

export function CreateClientForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [created, setCreated] = useState<{ orgId: string; name: string; email: string } | null>(null);
  const create = useFormMutation(trpc.reseller.createClient.mutationOptions());
  const { errors } = create;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const name = String(f.get("name") ?? "");
    const domains = String(f.get("allowedDomains") ?? "")
      .split(/[\s,]+/)
      .map((d) => d.trim())
      .filter(Boolean);
    create.mutate(
      {
        name,
        plan: f.get("plan") === "PER_HIT" ? "PER_HIT" : "PER_MINUTE",
        allowedDomains: domains,
        adminEmail: String(f.get("adminEmail") ?? ""),
      },
      {
        onSuccess: (r) => {
          setCreated({ orgId: r.orgId, name: name.trim(), email: r.invitation.email });
          form.reset();
          router.refresh();
        },
      },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-describedby="create-client-note">
      <p id="create-client-note" className="text-sm text-slate-500">
        The client gets its own organization with default scenarios and a website button. Its first admin is invited by email and becomes
        the owner on accepting.
      </p>
      <TextInput id="client-name" name="name" label="Client name" autoComplete="off" required error={create.fieldError("name")} />
      <Select
        id="client-plan"
        name="plan"
        label="Plan"
        defaultValue="PER_MINUTE"
        hint={PLAN_LIST.map((p) => `${p.name}: ${formatCents(p.unitPriceCents)} per ${p.unitLabel}`).join(" · ")}
        error={create.fieldError("plan")}
      >
        {PLAN_LIST.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </Select>
      <TextArea
        id="client-domains"
        name="allowedDomains"
        label="Allowed domains"
        optional
        hint="Sites that may send visitors, one per line: example.com or *.example.com. The client can change them later."
        error={create.fieldError("allowedDomains")}
        className="min-h-20"
      />
      <TextInput
        id="client-admin"
        name="adminEmail"
        type="email"
        label="First admin's email"
        autoComplete="off"
        required
        error={create.fieldError("adminEmail")}
      />
      <div aria-live="polite" className="space-y-2">
        {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
        {created ? (
          <FormAlert tone="info">
            <strong>{created.name}</strong> is ready. We emailed an invitation to {created.email}; the link reaches only that mailbox.{" "}
            <a href={`/reseller/clients/${created.orgId}`} className="font-medium text-brand-700 underline">
              Open {created.name}
            </a>
          </FormAlert>
        ) : null}
      </div>
      <Button type="submit" disabled={create.isPending} className="w-full sm:w-auto">
        {create.isPending ? "Creating…" : "Create client and send invitation"}
      </Button>
    </form>
  );
}

"use client";
// The dashboard's API keys (owners and admins): create one (its secret shown once, in a dialog with
// Copy), see each key's scope, prefix and last use, and revoke it. docs/api.md.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select, TextInput } from "@/components/ui/fields";
import { useTRPC } from "@/lib/trpc";
import { CopyField, QueryState } from "./ui";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { sentenceErrors } from "@/components/ui/form-errors";
import { useFormMutation } from "@/components/ui/use-form-mutation";

type Scope = "READ" | "READ_WRITE";
const SCOPE_LABEL: Record<Scope, string> = { READ: "Read", READ_WRITE: "Read and write" };

function when(d: Date | null): string {
  return d ? d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "Never";
}

export function ApiKeysManager({ orgId, origin }: { orgId: string; origin: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.apiKeys.list.queryOptions({ orgId }));
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey({ orgId }) });

  const [name, setName] = useState("");
  const [scope, setScope] = useState<Scope>("READ");
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const shown = useRef<HTMLDialogElement>(null);
  const create = useFormMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (k) => {
        setCreated({ name: k.name, key: k.key });
        setName("");
        setScope("READ");
        void refresh();
      },
    }),
    { read: sentenceErrors },
  );

  // Opened once React rendered the new key into it.
  useEffect(() => {
    if (created && !shown.current?.open) shown.current?.showModal();
  }, [created]);

  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const confirm = useRef<HTMLDialogElement>(null);
  const revoke = useFormMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: () => void refresh() }), { read: sentenceErrors });

  const closeShown = () => {
    shown.current?.close();
    setCreated(null);
  };

  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Keys let your own systems read sessions, the queue, visitors, usage and statements through the{" "}
            <Link href="/docs/api" className="text-brand-700 underline">
              REST API
            </Link>
            . Send a key as <code className="text-xs">Authorization: Bearer …</code>.
          </>
        }
      />
      <div className="space-y-5">
        <Card title="Create a key" id="new-key">
          <form
            className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ orgId, name, scope });
            }}
          >
            <TextInput
              id="api-key-name"
              label="Name"
              hint="What will use it, e.g. “CRM sync”."
              value={name}
              maxLength={60}
              required
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <Select id="api-key-scope" label="Access" value={scope} onChange={(e) => setScope(e.currentTarget.value as Scope)}>
              <option value="READ">Read</option>
              <option value="READ_WRITE">Read and write</option>
            </Select>
            <Button type="submit" disabled={create.isPending} className="sm:mt-[1.625rem]">
              {create.isPending ? "Creating…" : "Create key"}
            </Button>
          </form>
          {create.errors.form ? <Notice tone="error">{create.errors.form}</Notice> : null}
        </Card>

        <QueryState
          query={q}
          isEmpty={q.data?.length === 0}
          empty="No keys yet. Create one for each system that calls the API, so you can revoke one without stopping the others."
        >
          <Card title="Keys" id="keys">
            {revoke.errors.form ? <Notice tone="error">{revoke.errors.form}</Notice> : null}
            <ul className="divide-y divide-slate-200" aria-label="API keys">
              {q.data?.map((k) => (
                <li key={k.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="api-key-row">
                  <div className="min-w-0">
                    <p className="text-sm font-medium">
                      {k.name}{" "}
                      <span
                        className={`ml-1 rounded-full px-2 py-0.5 text-xs ${k.revokedAt ? "bg-slate-100 text-slate-500" : "bg-brand-50 text-brand-700"}`}
                      >
                        {k.revokedAt ? "Revoked" : SCOPE_LABEL[k.scope]}
                      </span>
                    </p>
                    <p className="mt-0.5 text-xs break-all text-slate-500">
                      <code>{k.prefix}…</code> · created {when(k.createdAt)} · last used {when(k.lastUsedAt)}
                      {k.revokedAt ? ` · revoked ${when(k.revokedAt)}` : ""}
                    </p>
                  </div>
                  {k.revokedAt ? null : (
                    <Button
                      variant="secondary"
                      aria-label={`Revoke “${k.name}”`}
                      disabled={revoke.isPending}
                      onClick={() => {
                        setRevoking({ id: k.id, name: k.name });
                        confirm.current?.showModal();
                      }}
                    >
                      Revoke
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          </Card>
        </QueryState>
        <p className="text-sm text-slate-500">
          The reference and the OpenAPI document are at{" "}
          <Link href="/docs/api" className="text-brand-700 underline">
            /docs/api
          </Link>{" "}
          and <code className="text-xs">{origin}/api/v1/openapi.json</code>.
        </p>
      </div>

      <dialog
        ref={shown}
        aria-labelledby="api-key-shown-title"
        onClose={() => setCreated(null)}
        className="m-auto w-[min(36rem,calc(100%-2rem))] rounded-2xl p-0 backdrop:bg-slate-900/40"
      >
        {created ? (
          <div className="space-y-4 p-6">
            <h2 id="api-key-shown-title" className="text-lg font-semibold">
              Your new key “{created.name}”
            </h2>
            <Notice tone="ok">Copy it now: it is shown only once. We keep only a fingerprint of it and cannot show it again.</Notice>
            <CopyField id="api-key-secret" label="API key" value={created.key} />
            <div className="flex justify-end">
              <Button onClick={closeShown}>I have copied it</Button>
            </div>
          </div>
        ) : null}
      </dialog>

      <ConfirmDialog
        dialogRef={confirm}
        id="revoke-key"
        title={`Revoke “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke"
        onConfirm={() => {
          if (revoking) revoke.mutate({ orgId, keyId: revoking.id });
        }}
      >
        Anything using this key gets 401 from its next call. This cannot be undone; create a new key if it is needed again.
      </ConfirmDialog>
    </>
  );
}

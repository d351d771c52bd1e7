"use client";
// Privacy requests (docs/privacy.md): find a visitor, download everything held about them as JSON
// (subject access), or erase them after a confirmation. A request may also name the visitor by an
// exact identifier (id, email, cookie id): an email covers every browser the visitor used with us.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select, TextInput } from "@/components/ui/fields";
import { useTRPC } from "@/lib/trpc";
import { QueryState } from "./ui";
import { useNotice } from "@/components/ui/use-notice";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";

type Kind = "visitorId" | "email" | "cookieId";
type Identifier = { kind: Kind; value: string };

const KIND_LABELS: Record<Kind, string> = { email: "Email address", visitorId: "Visitor id", cookieId: "Cookie id" };
const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

function saveFile(filename: string, body: string) {
  const url = URL.createObjectURL(new Blob([body], { type: "application/json" }));
  const a = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function PrivacyConsole({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const org = useQuery(trpc.org.get.queryOptions({ orgId }));
  const retention = org.data ? `${org.data.retentionDays} days` : "for the period set in Preferences";
  const qc = useQueryClient();
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState("");
  const [kind, setKind] = useState<Kind>("email");
  const [value, setValue] = useState("");
  const [pending, setPending] = useState<{ identifier: Identifier; label: string } | null>(null);
  const { notice: result, ok, fail, failed, clear } = useNotice();
  const dialog = useRef<HTMLDialogElement>(null);

  const found = useQuery({ ...trpc.privacy.findVisitors.queryOptions({ orgId, query }), enabled: query.length >= 2 });
  const exportVisitor = useMutation(
    trpc.privacy.exportVisitor.mutationOptions({
      onSuccess: (r) => {
        saveFile(r.filename, r.body);
        ok(`Downloaded ${r.filename}.`);
      },
      onError: failed,
    }),
  );
  const erase = useMutation(
    trpc.privacy.eraseVisitor.mutationOptions({
      onSuccess: (r) => {
        ok(`Erased. ${r.total} ${r.total === 1 ? "row was" : "rows were"} changed; the request is in the audit log.`);
        void qc.invalidateQueries({ queryKey: trpc.privacy.pathKey() });
      },
      onError: failed,
    }),
  );

  function search(e: FormEvent) {
    e.preventDefault();
    clear();
    if (draft.trim().length < 2) return fail("Type at least 2 characters of a name, an email, a visitor id or a cookie id.");
    setQuery(draft.trim());
  }
  function askErase(identifier: Identifier, label: string) {
    clear();
    setPending({ identifier, label });
    dialog.current?.showModal();
  }
  function byIdentifier(e: FormEvent, action: "export" | "erase") {
    e.preventDefault();
    clear();
    if (!value.trim()) return fail(`Enter the ${KIND_LABELS[kind].toLowerCase()}.`);
    const identifier = { kind, value: value.trim() };
    if (action === "export") exportVisitor.mutate({ orgId, identifier });
    else askErase(identifier, `the visitor with ${KIND_LABELS[kind].toLowerCase()} ${identifier.value}`);
  }
  const busy = exportVisitor.isPending || erase.isPending;

  return (
    <>
      <PageHeader
        title="Privacy"
        description={`Answer a visitor's request: export what we hold about them, or erase it. Transcripts and visitor details are kept ${retention}, then erased by a nightly job; usage and statements are kept.`}
      />
      <div className="space-y-5">
        <div aria-live="polite">{result ? <Notice tone={result.tone}>{result.text}</Notice> : null}</div>

        <Card title="Find a visitor" id="privacy-find">
          <form onSubmit={search} className="flex flex-wrap items-end gap-2" role="search">
            <div className="min-w-0 flex-1 basis-64">
              <TextInput
                id="privacy-query"
                label="Name, email, visitor id or cookie id"
                value={draft}
                onChange={(e) => setDraft(e.currentTarget.value)}
                maxLength={320}
                autoComplete="off"
                spellCheck={false}
              />
            </div>
            <Button type="submit" className="max-sm:w-full">
              Search
            </Button>
          </form>
          {query ? (
            <div className="mt-4">
              <QueryState query={found} isEmpty={found.data?.length === 0} empty={`No visitor matches “${query}”.`}>
                <ul className="divide-y divide-slate-100" aria-label="Visitors found">
                  {found.data?.map((v) => {
                    const label = v.name ?? v.email ?? `visitor ${v.id}`;
                    return (
                      <li key={v.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                        <div className="min-w-0">
                          <p className="truncate font-medium">
                            {v.erased ? (
                              <span className="text-slate-500">Erased visitor</span>
                            ) : (
                              (v.name ?? <span className="text-slate-500">No name given</span>)
                            )}
                            {v.email ? <span className="ml-2 text-sm font-normal text-slate-500">{v.email}</span> : null}
                          </p>
                          <p className="text-xs text-slate-500">
                            <span className="font-mono">{v.id}</span> · first seen {dateFmt.format(v.firstSeenAt)} · last seen{" "}
                            {dateFmt.format(v.lastSeenAt)} · {v.sessions} {v.sessions === 1 ? "seat in a session" : "seats in sessions"},{" "}
                            {v.queueEntries} {v.queueEntries === 1 ? "request" : "requests"}
                          </p>
                        </div>
                        <div className="flex gap-2">
                          <Button
                            variant="secondary"
                            disabled={busy}
                            onClick={() => exportVisitor.mutate({ orgId, identifier: { kind: "visitorId", value: v.id } })}
                            aria-label={`Export the data of ${label} as JSON`}
                          >
                            Export JSON
                          </Button>
                          <Button
                            variant="secondary"
                            className="text-red-700"
                            disabled={busy || v.erased}
                            onClick={() => askErase({ kind: "visitorId", value: v.id }, label)}
                            aria-label={`Erase ${label}`}
                          >
                            {v.erased ? "Erased" : "Erase…"}
                          </Button>
                        </div>
                      </li>
                    );
                  })}
                </ul>
              </QueryState>
            </div>
          ) : null}
        </Card>

        <Card title="A request by identifier" id="privacy-request">
          <p className="mb-3 text-sm text-slate-500">
            When the visitor writes to you with their email address, a request by email covers every browser they used with you.
          </p>
          <form onSubmit={(e) => byIdentifier(e, "export")} className="grid items-end gap-3 sm:grid-cols-[12rem_1fr_auto_auto]">
            <Select id="privacy-kind" label="Identifier" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
              {(Object.keys(KIND_LABELS) as Kind[]).map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </Select>
            <TextInput
              id="privacy-value"
              label={KIND_LABELS[kind]}
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              maxLength={320}
              autoComplete="off"
              spellCheck={false}
              inputMode={kind === "email" ? "email" : "text"}
            />
            <Button type="submit" variant="secondary" disabled={busy}>
              Export JSON
            </Button>
            <Button type="button" variant="secondary" className="text-red-700" disabled={busy} onClick={(e) => byIdentifier(e, "erase")}>
              Erase…
            </Button>
          </form>
        </Card>
      </div>

      <ConfirmDialog
        dialogRef={dialog}
        id="privacy-erase"
        title="Erase this visitor?"
        confirmLabel="Erase"
        cancelLabel="Keep"
        onConfirm={() => {
          if (pending) erase.mutate({ orgId, identifier: pending.identifier });
        }}
      >
        This removes the name, email, notes, questions and lines of {pending?.label ?? "this visitor"} everywhere, and masks their name in
        what others said. Session times, usage and statements stay. It cannot be undone.
      </ConfirmDialog>
    </>
  );
}

"use client";
// List, create, edit and delete macros: the team's (managers and admins) and one's own. The form
// checks with the same rules as the server (lib/macros.ts) and shows the server's answer per field.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert, Select, TextArea, TextInput } from "@/components/ui/fields";
import type { FormErrors } from "@/components/ui/form-errors";
import { useFormMutation } from "@/components/ui/use-form-mutation";
import { macroInput, type MacroItem } from "@/lib/macros";
import { useTRPC } from "@/lib/trpc";

type Draft = { id: string | null; scope: "org" | "personal"; kind: "TEXT" | "URL"; title: string; shortcut: string; body: string };
const EMPTY: Draft = { id: null, scope: "personal", kind: "TEXT", title: "", shortcut: "", body: "" };

export function MacrosManager({ orgId, canWriteTeam }: { orgId: string; canWriteTeam: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.macros.list.queryOptions({ orgId }));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.macros.list.queryKey({ orgId }) });
  const remove = useMutation(trpc.macros.delete.mutationOptions({ onSuccess: refresh }));

  const groups: { scope: "org" | "personal"; title: string; hint: string }[] = [
    {
      scope: "org",
      title: "Team macros",
      hint: canWriteTeam
        ? "Everyone in the team can use these."
        : "Everyone in the team can use these; managers and administrators edit them.",
    },
    { scope: "personal", title: "My macros", hint: "Only you see these. Your shortcut wins over a team one with the same name." },
  ];

  return (
    <div className="mt-6 space-y-8">
      {message ? <FormAlert tone="info">{message}</FormAlert> : null}
      {remove.isError ? <FormAlert>{remove.error.message}</FormAlert> : null}
      {list.isLoading ? <p className="text-sm text-slate-500">Loading macros…</p> : null}
      {list.isError ? <FormAlert>Couldn&apos;t load macros: {list.error.message}</FormAlert> : null}
      {list.data
        ? groups.map((g) => {
            const items = list.data.filter((m) => m.scope === g.scope);
            const editable = g.scope === "personal" || canWriteTeam;
            return (
              <section key={g.scope} aria-labelledby={`h-${g.scope}`}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <div>
                    <h2 id={`h-${g.scope}`} className="text-lg font-semibold">
                      {g.title}
                    </h2>
                    <p className="text-sm text-slate-500">{g.hint}</p>
                  </div>
                  {editable ? (
                    <Button variant="secondary" onClick={() => (setMessage(null), setDraft({ ...EMPTY, scope: g.scope }))}>
                      New {g.scope === "org" ? "team" : "personal"} macro
                    </Button>
                  ) : null}
                </div>
                {draft && draft.scope === g.scope && draft.id === null ? (
                  <MacroForm orgId={orgId} draft={draft} onDone={(m) => (setDraft(null), m && setMessage(m), refresh())} />
                ) : null}
                {items.length === 0 ? (
                  <p className="mt-3 rounded-2xl border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-500">
                    No macros yet.
                  </p>
                ) : (
                  <ul className="mt-3 divide-y divide-slate-200 overflow-hidden rounded-2xl border border-slate-200 bg-white">
                    {items.map((m) =>
                      draft?.id === m.id ? (
                        <li key={m.id} className="p-3">
                          <MacroForm orgId={orgId} draft={draft} onDone={(msg) => (setDraft(null), msg && setMessage(msg), refresh())} />
                        </li>
                      ) : (
                        <MacroRow
                          key={m.id}
                          macro={m}
                          editable={editable}
                          busy={remove.isPending}
                          onEdit={() => (
                            setMessage(null),
                            setDraft({ id: m.id, scope: m.scope, kind: m.kind, title: m.title, shortcut: m.shortcut ?? "", body: m.body })
                          )}
                          onDelete={() => {
                            if (window.confirm(`Delete the macro “${m.title}”?`))
                              remove.mutate({ orgId, id: m.id }, { onSuccess: () => setMessage(`Deleted “${m.title}”.`) });
                          }}
                        />
                      ),
                    )}
                  </ul>
                )}
              </section>
            );
          })
        : null}
    </div>
  );
}

function MacroRow({
  macro,
  editable,
  busy,
  onEdit,
  onDelete,
}: {
  macro: MacroItem;
  editable: boolean;
  busy: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3">
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium">
          {macro.title}
          {macro.shortcut ? <span className="ml-2 font-mono text-xs text-slate-500">/{macro.shortcut}</span> : null}
          {macro.kind === "URL" ? <span className="ml-2 rounded bg-brand-50 px-1.5 text-xs text-brand-700">Leads to a page</span> : null}
        </p>
        <p className="truncate text-sm text-slate-500">{macro.body}</p>
      </div>
      {editable ? (
        <div className="flex gap-1">
          <Button variant="ghost" className="h-8 px-2" onClick={onEdit} aria-label={`Edit ${macro.title}`}>
            Edit
          </Button>
          <Button variant="ghost" className="h-8 px-2 text-red-700" disabled={busy} onClick={onDelete} aria-label={`Delete ${macro.title}`}>
            Delete
          </Button>
        </div>
      ) : null}
    </li>
  );
}

// A clashing shortcut comes back as CONFLICT; show it by the field.
function macroErrors(e: unknown): FormErrors {
  const { message } = e as { message: string };
  return /shortcut/i.test(message) ? { form: "", fields: { shortcut: message } } : { form: message, fields: {} };
}

function MacroForm({ orgId, draft, onDone }: { orgId: string; draft: Draft; onDone: (message: string | null) => void }) {
  const trpc = useTRPC();
  const [d, setD] = useState(draft);
  const create = useFormMutation(trpc.macros.create.mutationOptions(), { read: macroErrors });
  const update = useFormMutation(trpc.macros.update.mutationOptions(), { read: macroErrors });
  const pending = create.isPending || update.isPending;
  const save = d.id ? update : create;
  const errors = save.errors.fields;
  const key = d.id ?? `new-${d.scope}`;

  const submit = () => {
    const macro = { kind: d.kind, title: d.title, shortcut: d.shortcut || null, body: d.body };
    const checked = macroInput.safeParse(macro);
    if (!checked.success) {
      save.fail("", Object.fromEntries(checked.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message])));
      return;
    }
    if (d.id) update.mutate({ orgId, id: d.id, macro }, { onSuccess: (m) => onDone(`Saved “${m.title}”.`) });
    else create.mutate({ orgId, scope: d.scope, macro }, { onSuccess: (m) => onDone(`Added “${m.title}”.`) });
  };

  return (
    <form
      aria-label={d.id ? `Edit ${draft.title}` : `New ${d.scope === "org" ? "team" : "personal"} macro`}
      className="border-brand-200 mt-3 grid gap-3 rounded-2xl border bg-brand-50/40 p-4 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <TextInput
        id={`${key}-title`}
        label="Title"
        value={d.title}
        maxLength={80}
        error={errors.title}
        onChange={(e) => setD({ ...d, title: e.target.value })}
      />
      <TextInput
        id={`${key}-shortcut`}
        label="Shortcut"
        optional
        hint="Type /shortcut in the chat, e.g. thanks"
        value={d.shortcut}
        error={errors.shortcut}
        onChange={(e) => setD({ ...d, shortcut: e.target.value })}
      />
      <Select id={`${key}-kind`} label="Kind" value={d.kind} onChange={(e) => setD({ ...d, kind: e.target.value as Draft["kind"] })}>
        <option value="TEXT">Text to send</option>
        <option value="URL">Web page to lead to</option>
      </Select>
      <div className="sm:col-span-2">
        {d.kind === "URL" ? (
          <TextInput
            id={`${key}-body`}
            label="Web address"
            inputMode="url"
            placeholder="https://example.com/pricing"
            value={d.body}
            error={errors.body}
            onChange={(e) => setD({ ...d, body: e.target.value })}
          />
        ) : (
          <TextArea
            id={`${key}-body`}
            label="Text"
            value={d.body}
            maxLength={2000}
            error={errors.body}
            onChange={(e) => setD({ ...d, body: e.target.value })}
          />
        )}
      </div>
      {save.errors.form ? (
        <div className="sm:col-span-2">
          <FormAlert>{save.errors.form}</FormAlert>
        </div>
      ) : null}
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
        <Button type="button" variant="secondary" onClick={() => onDone(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

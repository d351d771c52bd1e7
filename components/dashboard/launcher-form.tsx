"use client";
// One launcher's form in the editor (./launchers-editor.tsx): create or update its name, scenario,
// button label, direct visits and avatar.
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent } from "react";
import { Select, TextInput } from "@/components/ui/fields";
import { useTRPC } from "@/lib/trpc";
import type { AppRouter } from "@/server/api/root";
import { AvatarPicker } from "./avatar-picker";
import type { Scenario } from "./scenario-draft";
import { EditorActions } from "./editor-actions";
import { Checkbox } from "./ui";
import { useSaveMutations } from "./use-save-mutations";

export type Launcher = inferRouterOutputs<AppRouter>["launchers"]["list"][number];

export function LauncherForm({
  orgId,
  launcher,
  scenarios,
  onDone,
}: {
  orgId: string;
  launcher: Launcher | null;
  scenarios: Scenario[];
  onDone: (msg: string) => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState(launcher?.name ?? "");
  const [scenarioId, setScenarioId] = useState(launcher?.scenarioId ?? scenarios[0]?.id ?? "");
  const [buttonLabel, setButtonLabel] = useState(launcher?.buttonLabel ?? "Talk to us live");
  const [direct, setDirect] = useState(launcher?.allowDirectVisits ?? false);
  const [avatarUrl, setAvatarUrl] = useState<string | null>(launcher?.avatarUrl ?? null);
  const { create, update, errors, pending } = useSaveMutations(
    trpc.launchers.create.mutationOptions(),
    trpc.launchers.update.mutationOptions(),
    {
      editing: launcher !== null,
      listKey: trpc.launchers.list.queryKey({ orgId }),
      noun: "Launcher",
      onDone,
    },
  );
  const error = errors.form;
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const fields = { name, scenarioId, buttonLabel, allowDirectVisits: direct, avatarUrl };
    if (launcher) update.mutate({ orgId, launcherId: launcher.id, fields });
    else create.mutate({ orgId, fields });
  }
  const p = launcher ? `l-${launcher.id}` : "l-new";
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={launcher ? `Edit ${launcher.name}` : "New launcher"}>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextInput id={`${p}-name`} label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={80} required />
        <Select id={`${p}-scenario`} label="Scenario" value={scenarioId} onChange={(e) => setScenarioId(e.currentTarget.value)}>
          {scenarios.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
        <TextInput
          id={`${p}-button`}
          label="Button label"
          value={buttonLabel}
          onChange={(e) => setButtonLabel(e.currentTarget.value)}
          maxLength={60}
        />
      </div>
      <Checkbox
        id={`${p}-direct`}
        label="Allow direct visits"
        hint="Let visitors in without a referring page, e.g. from a link in an email."
        checked={direct}
        onChange={setDirect}
      />
      <AvatarPicker orgId={orgId} label="Avatar (overrides the scenario's)" value={avatarUrl} onChange={setAvatarUrl} />
      <EditorActions
        submitLabel={launcher ? "Save launcher" : "Create launcher"}
        pending={pending}
        error={error}
        onCancel={() => onDone("")}
      />
    </form>
  );
}

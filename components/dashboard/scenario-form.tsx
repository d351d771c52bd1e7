"use client";
// One scenario's form in the editor (./scenarios-editor.tsx): create or update, saved as a whole.
import { useState, type FormEvent } from "react";
import { Select, TextInput } from "@/components/ui/fields";
import { useTRPC } from "@/lib/trpc";
import { AvatarPicker } from "./avatar-picker";
import { ScenarioBannerFields } from "./scenario-banner-fields";
import { ScenarioSurveyFields } from "./scenario-survey-fields";
import { BATON, KINDS, TYPING, draftOf, fieldsOf, type Draft, type Scenario } from "./scenario-draft";
import { EditorActions } from "./editor-actions";
import { Checkbox } from "./ui";
import { useSaveMutations } from "./use-save-mutations";

export function ScenarioForm({ orgId, scenario, onDone }: { orgId: string; scenario: Scenario | null; onDone: (msg: string) => void }) {
  const trpc = useTRPC();
  const [d, setD] = useState<Draft>(() => draftOf(scenario));
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const { create, update, errors, fail, pending } = useSaveMutations(
    trpc.scenarios.create.mutationOptions(),
    trpc.scenarios.update.mutationOptions(),
    { editing: scenario !== null, listKey: trpc.scenarios.list.queryKey({ orgId }), noun: "Scenario", onDone },
  );
  const error = errors.form;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const out = fieldsOf(d, scenario);
    if ("error" in out) return fail(out.error);
    if (scenario) update.mutate({ orgId, scenarioId: scenario.id, fields: out.fields });
    else create.mutate({ orgId, fields: out.fields });
  }
  const p = scenario ? `sc-${scenario.id}` : "sc-new";

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label={scenario ? `Edit ${scenario.name}` : "New scenario"}>
      {scenario ? <h2 className="text-base font-semibold">Edit “{scenario.name}”</h2> : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <TextInput
          id={`${p}-name`}
          label="Name"
          value={d.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          maxLength={80}
          required
        />
        <Select id={`${p}-kind`} label="Kind" value={d.kind} onChange={(e) => set({ kind: e.currentTarget.value as Draft["kind"] })}>
          {Object.entries(KINDS).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </Select>
        <TextInput
          id={`${p}-seats`}
          label="Seats per session"
          inputMode="numeric"
          value={d.maxSeats}
          onChange={(e) => set({ maxSeats: e.currentTarget.value })}
          hint="Empty = the org's cap"
          optional
        />
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <AvatarPicker
          orgId={orgId}
          label="Agent avatar (when the agent chose none)"
          value={d.agentAvatar}
          onChange={(v) => set({ agentAvatar: v })}
        />
        <AvatarPicker
          orgId={orgId}
          label="Visitor avatar (when no page rule picks one)"
          value={d.visitorAvatar}
          onChange={(v) => set({ visitorAvatar: v })}
        />
      </div>

      <ScenarioBannerFields p={p} d={d} set={set} />

      <div className="grid gap-4 sm:grid-cols-2">
        <Select
          id={`${p}-baton`}
          label="Leader rules"
          value={d.batonPolicy}
          onChange={(e) => set({ batonPolicy: e.currentTarget.value as Draft["batonPolicy"] })}
        >
          {Object.entries(BATON).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </Select>
        <Select
          id={`${p}-typing`}
          label="Typing preview"
          value={d.typingPreview}
          onChange={(e) => set({ typingPreview: e.currentTarget.value as Draft["typingPreview"] })}
        >
          {Object.entries(TYPING).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </Select>
      </div>

      <div className="grid gap-3 sm:grid-cols-2">
        <Checkbox
          id={`${p}-who`}
          label="“Who” button"
          hint="Participants can see who else is in the session."
          checked={d.showWho}
          onChange={(v) => set({ showWho: v })}
        />
        <Checkbox
          id={`${p}-rooms`}
          label="“Rooms” button"
          hint="Participants can open side rooms."
          checked={d.showRooms}
          onChange={(v) => set({ showRooms: v })}
        />
        <Checkbox
          id={`${p}-signin`}
          label="Sign-in required"
          hint="Visitors must sign in before joining."
          checked={d.requireSignIn}
          onChange={(v) => set({ requireSignIn: v })}
        />
        <Checkbox
          id={`${p}-code`}
          label="Invitation code required"
          hint={scenario?.hasInvitationCode ? "A code is set; type a new one to change it." : "Visitors must type the code to join."}
          checked={d.requireCode}
          onChange={(v) => set({ requireCode: v })}
        />
      </div>
      {d.requireCode ? (
        <TextInput
          id={`${p}-codevalue`}
          label={scenario?.hasInvitationCode ? "New invitation code" : "Invitation code"}
          value={d.code}
          onChange={(e) => set({ code: e.currentTarget.value })}
          autoComplete="off"
          maxLength={100}
          optional={scenario?.hasInvitationCode}
          hint="Stored hashed: it can't be shown again."
        />
      ) : null}

      <div className="grid gap-4 sm:grid-cols-2">
        <TextInput
          id={`${p}-question`}
          label="Pre-chat question"
          value={d.preChatQuestion}
          onChange={(e) => set({ preChatQuestion: e.currentTarget.value })}
          maxLength={300}
        />
        <div className="space-y-2 sm:pt-7">
          <Checkbox id={`${p}-askname`} label="Ask for the visitor's name" checked={d.askName} onChange={(v) => set({ askName: v })} />
          <Checkbox id={`${p}-askemail`} label="Ask for the visitor's email" checked={d.askEmail} onChange={(v) => set({ askEmail: v })} />
        </div>
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <Select
          id={`${p}-routing`}
          label="Routing mode"
          value={d.routingMode}
          onChange={(e) => set({ routingMode: e.currentTarget.value as Draft["routingMode"] })}
        >
          <option value="">Organization default</option>
          <option value="LONGEST_IDLE">Longest idle agent first</option>
          <option value="RING_ALL">Ring all ready agents</option>
        </Select>
        <TextInput
          id={`${p}-ring`}
          label="Ring timeout (seconds)"
          inputMode="numeric"
          value={d.ringTimeout}
          onChange={(e) => set({ ringTimeout: e.currentTarget.value })}
          hint="Empty = organization default"
          optional
        />
      </div>

      <ScenarioSurveyFields p={p} d={d} set={set} />

      <EditorActions
        submitLabel={pending ? "Saving…" : scenario ? "Save scenario" : "Create scenario"}
        pending={pending}
        error={error}
        onCancel={() => onDone("")}
      />
    </form>
  );
}

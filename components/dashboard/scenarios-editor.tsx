"use client";
// The scenario editor: what kind of session a launcher starts and how it looks and behaves.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Select, TextArea, TextInput } from "@/components/ui/fields";
import { useTRPC } from "@/lib/trpc";
import { normalizeLeadUrl } from "@/lib/urls";
import type { AppRouter } from "@/server/api/root";
import { AvatarPicker } from "./avatar-picker";
import { Card, Checkbox, Notice, PageHeader, QueryState, errorText } from "./ui";

type Scenario = inferRouterOutputs<AppRouter>["scenarios"]["list"][number];

const KINDS = { ONE_ON_ONE: "One-on-one", COLLABORATION: "Collaboration", AUDITORIUM: "Auditorium" } as const;
const BATON = {
  LEADER_PASSES: "Only the leader passes the lead",
  STAFF_TAKES: "Agents may take the lead",
  ANYONE_TAKES: "Anyone may take the lead",
} as const;
const TYPING = {
  FULL_TEXT: "Show text as it is typed",
  INDICATOR: "Show only “is typing…”",
  NONE: "Show nothing",
} as const;

type Draft = {
  name: string;
  kind: keyof typeof KINDS;
  maxSeats: string;
  showWho: boolean;
  showRooms: boolean;
  batonPolicy: keyof typeof BATON;
  requireSignIn: boolean;
  requireCode: boolean;
  code: string;
  typingPreview: keyof typeof TYPING;
  preChatQuestion: string;
  askName: boolean;
  askEmail: boolean;
  agentAvatar: string | null;
  bannerText: string;
  links: { label: string; url: string }[];
  routingMode: "" | "LONGEST_IDLE" | "RING_ALL";
  ringTimeout: string;
};

function draftOf(s: Scenario | null): Draft {
  return {
    name: s?.name ?? "",
    kind: s?.kind ?? "ONE_ON_ONE",
    maxSeats: s?.maxSeats == null ? "" : String(s.maxSeats),
    showWho: s?.showWho ?? true,
    showRooms: s?.showRooms ?? false,
    batonPolicy: s?.batonPolicy ?? "STAFF_TAKES",
    requireSignIn: s?.requireSignIn ?? false,
    requireCode: s?.hasInvitationCode ?? false,
    code: "",
    typingPreview: s?.typingPreview ?? "FULL_TEXT",
    preChatQuestion: s?.preChatQuestion ?? "How can we help you today?",
    askName: s?.askName ?? true,
    askEmail: s?.askEmail ?? false,
    agentAvatar: s?.avatars.agent ?? null,
    bannerText: s?.banner.text ?? "",
    links: s?.banner.links ?? [],
    routingMode: s?.routingMode ?? "",
    ringTimeout: s?.ringTimeoutSec == null ? "" : String(s.ringTimeoutSec),
  };
}

function ScenarioForm({
  orgId,
  scenario,
  onDone,
}: {
  orgId: string;
  scenario: Scenario | null;
  onDone: (msg: string) => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [d, setD] = useState<Draft>(() => draftOf(scenario));
  const [error, setError] = useState("");
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const opts = {
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: trpc.scenarios.list.queryKey({ orgId }) });
      onDone(scenario ? "Scenario saved." : "Scenario created.");
    },
    onError: (e: unknown) => setError(errorText(e)),
  };
  const create = useMutation(trpc.scenarios.create.mutationOptions(opts));
  const update = useMutation(trpc.scenarios.update.mutationOptions(opts));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError("");
    const seats = d.maxSeats.trim() === "" ? null : Number(d.maxSeats);
    const ring = d.ringTimeout.trim() === "" ? null : Number(d.ringTimeout);
    if (seats !== null && !Number.isInteger(seats))
      return setError("Seats must be a whole number, or empty for no cap.");
    if (ring !== null && !Number.isInteger(ring))
      return setError("Ring timeout must be a whole number of seconds, or empty.");
    if (d.requireCode && !d.code.trim() && !scenario?.hasInvitationCode)
      return setError("Enter the invitation code visitors must type.");
    const links = d.links.filter((l) => l.label.trim() || l.url.trim());
    // The server has the same rule (server/scenarios/manage.ts); this only says so before a round trip.
    for (const [i, l] of links.entries()) {
      const url = normalizeLeadUrl(l.url);
      if (!url.ok) return setError(`Banner link ${i + 1}: ${url.error}`);
      if (!l.label.trim()) return setError(`Banner link ${i + 1} needs a label.`);
    }
    const fields = {
      name: d.name,
      kind: d.kind,
      maxSeats: seats,
      showWho: d.showWho,
      showRooms: d.showRooms,
      batonPolicy: d.batonPolicy,
      requireSignIn: d.requireSignIn,
      typingPreview: d.typingPreview,
      preChatQuestion: d.preChatQuestion,
      askName: d.askName,
      askEmail: d.askEmail,
      // No visitor avatar here: leaving it out keeps the stored one (null would clear it).
      avatars: { agent: d.agentAvatar },
      banner: { text: d.bannerText, links },
      routingMode: d.routingMode === "" ? null : d.routingMode,
      ringTimeoutSec: ring,
      invitationCode: !d.requireCode ? null : d.code.trim() ? d.code : undefined,
    };
    if (scenario) update.mutate({ orgId, scenarioId: scenario.id, fields });
    else create.mutate({ orgId, fields });
  }
  const pending = create.isPending || update.isPending;
  const p = scenario ? `sc-${scenario.id}` : "sc-new";

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-5"
      aria-label={scenario ? `Edit ${scenario.name}` : "New scenario"}
    >
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
        <Select
          id={`${p}-kind`}
          label="Kind"
          value={d.kind}
          onChange={(e) => set({ kind: e.currentTarget.value as Draft["kind"] })}
        >
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

      <AvatarPicker
        orgId={orgId}
        label="Agent avatar shown to visitors"
        value={d.agentAvatar}
        onChange={(v) => set({ agentAvatar: v })}
      />

      <div className="grid gap-4 sm:grid-cols-2">
        <TextArea
          id={`${p}-banner`}
          label="Banner text"
          value={d.bannerText}
          onChange={(e) => set({ bannerText: e.currentTarget.value })}
          maxLength={300}
          optional
          className="min-h-20"
        />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Banner links</legend>
          {d.links.map((l, i) => (
            <div key={i} className="flex gap-2">
              <input
                aria-label={`Link ${i + 1} label`}
                placeholder="Label"
                value={l.label}
                maxLength={40}
                onChange={(e) =>
                  set({ links: d.links.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)) })
                }
                className="h-10 w-28 min-w-0 rounded-lg border border-slate-300 px-2 text-sm"
              />
              <input
                aria-label={`Link ${i + 1} address`}
                placeholder="example.com/help"
                value={l.url}
                onChange={(e) =>
                  set({ links: d.links.map((x, j) => (j === i ? { ...x, url: e.target.value } : x)) })
                }
                className="h-10 min-w-0 flex-1 rounded-lg border border-slate-300 px-2 text-sm"
              />
              <Button
                type="button"
                variant="ghost"
                aria-label={`Remove link ${i + 1}`}
                onClick={() => set({ links: d.links.filter((_, j) => j !== i) })}
              >
                ✕
              </Button>
            </div>
          ))}
          {d.links.length < 5 ? (
            <Button
              type="button"
              variant="secondary"
              onClick={() => set({ links: [...d.links, { label: "", url: "" }] })}
            >
              Add a link
            </Button>
          ) : null}
        </fieldset>
      </div>

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
          hint={
            scenario?.hasInvitationCode
              ? "A code is set; type a new one to change it."
              : "Visitors must type the code to join."
          }
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
          <Checkbox
            id={`${p}-askname`}
            label="Ask for the visitor's name"
            checked={d.askName}
            onChange={(v) => set({ askName: v })}
          />
          <Checkbox
            id={`${p}-askemail`}
            label="Ask for the visitor's email"
            checked={d.askEmail}
            onChange={(v) => set({ askEmail: v })}
          />
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

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : scenario ? "Save scenario" : "Create scenario"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => onDone("")}>
          Cancel
        </Button>
      </div>
      <div aria-live="polite">{error ? <Notice tone="error">{error}</Notice> : null}</div>
    </form>
  );
}

export function ScenariosEditor({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.scenarios.list.queryOptions({ orgId }));
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.scenarios.list.queryKey({ orgId }) });
  const remove = useMutation(
    trpc.scenarios.remove.mutationOptions({
      onSuccess: (r) => {
        setMessage({
          tone: "ok",
          text:
            r.outcome === "deleted"
              ? "Scenario deleted."
              : "Scenario archived: it has history, so it is kept.",
        });
        refresh();
      },
      onError: (e) => setMessage({ tone: "error", text: errorText(e) }),
    }),
  );
  const restore = useMutation(
    trpc.scenarios.restore.mutationOptions({
      onSuccess: refresh,
      onError: (e) => setMessage({ tone: "error", text: errorText(e) }),
    }),
  );
  const done = (msg: string) => {
    setEditing(null);
    setMessage(msg ? { tone: "ok", text: msg } : null);
  };
  const live = list.data?.filter((s) => !s.archivedAt) ?? [];
  const archived = list.data?.filter((s) => s.archivedAt) ?? [];

  return (
    <>
      <PageHeader
        title="Scenarios"
        description="What kind of session a launcher starts, and what visitors see and may do in it."
        action={
          editing === "new" ? null : (
            <Button onClick={() => setEditing("new")} disabled={editing !== null}>
              New scenario
            </Button>
          )
        }
      />
      <div aria-live="polite" className="mb-4 empty:hidden">
        {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      </div>
      {editing === "new" ? (
        <div className="mb-5">
          <Card title="New scenario" id="new-scenario">
            <ScenarioForm orgId={orgId} scenario={null} onDone={done} />
          </Card>
        </div>
      ) : null}
      <QueryState query={list} isEmpty={list.data?.length === 0} empty="No scenarios yet.">
        <ul className="space-y-3">
          {live.map((s) => (
            <li key={s.id}>
              <Card>
                {editing === s.id ? (
                  <ScenarioForm orgId={orgId} scenario={s} onDone={done} />
                ) : (
                  <div className="flex flex-wrap items-center justify-between gap-3">
                    <div className="flex min-w-0 items-center gap-3">
                      {s.avatars.agent ? (
                        // eslint-disable-next-line @next/next/no-img-element -- gallery or the org's upload
                        <img src={s.avatars.agent} alt="" className="size-10 shrink-0 rounded-full" />
                      ) : (
                        <span aria-hidden className="size-10 shrink-0 rounded-full bg-slate-100" />
                      )}
                      <div className="min-w-0">
                        <h2 className="truncate font-medium">{s.name}</h2>
                        <p className="text-sm text-slate-500">
                          {KINDS[s.kind]} · {s.maxSeats ?? "no"} seat cap · {s.launcherCount} launcher
                          {s.launcherCount === 1 ? "" : "s"}
                          {s.hasInvitationCode ? " · code required" : ""}
                          {s.requireSignIn ? " · sign-in required" : ""}
                        </p>
                      </div>
                    </div>
                    <div className="flex gap-2">
                      <Button
                        variant="secondary"
                        onClick={() => setEditing(s.id)}
                        disabled={editing !== null}
                        aria-label={`Edit ${s.name}`}
                      >
                        Edit
                      </Button>
                      <Button
                        variant="ghost"
                        onClick={() => remove.mutate({ orgId, scenarioId: s.id })}
                        disabled={remove.isPending}
                        aria-label={`Archive or delete ${s.name}`}
                      >
                        {s.sessionCount > 0 ? "Archive" : "Delete"}
                      </Button>
                    </div>
                  </div>
                )}
              </Card>
            </li>
          ))}
        </ul>
        {archived.length ? (
          <div className="mt-6">
            <h2 className="mb-2 text-sm font-semibold text-slate-500">Archived</h2>
            <ul className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white">
              {archived.map((s) => (
                <li key={s.id} className="flex items-center justify-between gap-3 px-4 py-3">
                  <span className="truncate text-sm text-slate-600">{s.name}</span>
                  <Button
                    variant="secondary"
                    onClick={() => restore.mutate({ orgId, scenarioId: s.id })}
                    aria-label={`Restore ${s.name}`}
                  >
                    Restore
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </QueryState>
    </>
  );
}

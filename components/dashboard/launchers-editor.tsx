"use client";
// Launchers: the link and embed snippet a client puts on its site, which scenario they start, and
// page rules that pick another scenario or avatar by the page the visitor came from.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Select, TextInput } from "@/components/ui/fields";
import { embedSnippet, launcherLink, previewLink } from "@/lib/embed";
import { useTRPC } from "@/lib/trpc";
import type { AppRouter } from "@/server/api/root";
import { AvatarPicker } from "./avatar-picker";
import { CobrowseLauncherSettings } from "@/components/cobrowse/launcher-settings";
import { Checkbox, CopyField, QueryState, errorText } from "./ui";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";

type Outputs = inferRouterOutputs<AppRouter>;
type Launcher = Outputs["launchers"]["list"][number];
type Scenario = Outputs["scenarios"]["list"][number];
type Rule = { urlPattern: string; scenarioId: string | null; avatarUrl: string | null };

function LauncherForm({
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
  const qc = useQueryClient();
  const [name, setName] = useState(launcher?.name ?? "");
  const [scenarioId, setScenarioId] = useState(launcher?.scenarioId ?? scenarios[0]?.id ?? "");
  const [buttonLabel, setButtonLabel] = useState(launcher?.buttonLabel ?? "Talk to us live");
  const [direct, setDirect] = useState(launcher?.allowDirectVisits ?? false);
  const [avatarUrl, setAvatarUrl] = useState<string | null>(launcher?.avatarUrl ?? null);
  const [error, setError] = useState("");
  const opts = {
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: trpc.launchers.list.queryKey({ orgId }) });
      onDone(launcher ? "Launcher saved." : "Launcher created.");
    },
    onError: (e: unknown) => setError(errorText(e)),
  };
  const create = useMutation(trpc.launchers.create.mutationOptions(opts));
  const update = useMutation(trpc.launchers.update.mutationOptions(opts));
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError("");
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
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={create.isPending || update.isPending}>
          {launcher ? "Save launcher" : "Create launcher"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => onDone("")}>
          Cancel
        </Button>
      </div>
      <div aria-live="polite">{error ? <Notice tone="error">{error}</Notice> : null}</div>
    </form>
  );
}

function PageRules({
  orgId,
  launcher,
  scenarios,
  gallery,
}: {
  orgId: string;
  launcher: Launcher;
  scenarios: Scenario[];
  gallery: { path: string; label: string }[];
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [rules, setRules] = useState<Rule[]>(
    launcher.pageRules.map(({ urlPattern, scenarioId, avatarUrl }) => ({
      urlPattern,
      scenarioId,
      avatarUrl,
    })),
  );
  const [result, setResult] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const save = useMutation(
    trpc.launchers.setPageRules.mutationOptions({
      onSuccess: () => {
        setResult({ tone: "ok", text: "Page rules saved." });
        void qc.invalidateQueries({ queryKey: trpc.launchers.list.queryKey({ orgId }) });
      },
      onError: (e) => setResult({ tone: "error", text: errorText(e) }),
    }),
  );
  const set = (i: number, patch: Partial<Rule>) => setRules((r) => r.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const move = (i: number, by: -1 | 1) =>
    setRules((r) => {
      const next = [...r];
      const [item] = next.splice(i, 1);
      next.splice(i + by, 0, item!);
      return next;
    });
  const avatarChoices = [...gallery];
  for (const r of rules)
    if (r.avatarUrl && !avatarChoices.some((g) => g.path === r.avatarUrl))
      avatarChoices.push({ path: r.avatarUrl, label: "Uploaded picture" });
  const p = `rules-${launcher.id}`;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-500">
        The first rule whose pattern matches the visitor&apos;s page wins. <code>/pricing*</code> matches paths,{" "}
        <code>shop.example.com</code> a whole site, <code>*</code> any run of characters.
      </p>
      {rules.length === 0 ? (
        <p className="text-sm text-slate-500">No page rules: every visitor gets the launcher&apos;s scenario.</p>
      ) : null}
      <ol className="space-y-2">
        {rules.map((r, i) => (
          <li key={i} className="grid gap-2 rounded-xl bg-slate-50 p-3 sm:grid-cols-[1.4fr_1fr_1fr_auto]">
            <TextInput
              id={`${p}-${i}-pattern`}
              label={`Rule ${i + 1}: page pattern`}
              value={r.urlPattern}
              onChange={(e) => set(i, { urlPattern: e.currentTarget.value })}
              placeholder="/pricing*"
              spellCheck={false}
            />
            <Select
              id={`${p}-${i}-scenario`}
              label="Scenario"
              value={r.scenarioId ?? ""}
              onChange={(e) => set(i, { scenarioId: e.currentTarget.value || null })}
            >
              <option value="">Launcher&apos;s scenario</option>
              {scenarios.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </Select>
            <Select
              id={`${p}-${i}-avatar`}
              label="Avatar"
              value={r.avatarUrl ?? ""}
              onChange={(e) => set(i, { avatarUrl: e.currentTarget.value || null })}
            >
              <option value="">Launcher&apos;s avatar</option>
              {avatarChoices.map((g) => (
                <option key={g.path} value={g.path}>
                  {g.label}
                </option>
              ))}
            </Select>
            <div className="flex items-end gap-1">
              <Button
                type="button"
                variant="ghost"
                className="px-2"
                disabled={i === 0}
                onClick={() => move(i, -1)}
                aria-label={`Move rule ${i + 1} up`}
              >
                ↑
              </Button>
              <Button
                type="button"
                variant="ghost"
                className="px-2"
                disabled={i === rules.length - 1}
                onClick={() => move(i, 1)}
                aria-label={`Move rule ${i + 1} down`}
              >
                ↓
              </Button>
              <Button
                type="button"
                variant="ghost"
                className="px-2"
                onClick={() => setRules((x) => x.filter((_, j) => j !== i))}
                aria-label={`Remove rule ${i + 1}`}
              >
                ✕
              </Button>
            </div>
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant="secondary"
          onClick={() => setRules((x) => [...x, { urlPattern: "", scenarioId: null, avatarUrl: null }])}
        >
          Add a rule
        </Button>
        <Button type="button" onClick={() => save.mutate({ orgId, launcherId: launcher.id, rules })} disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save page rules"}
        </Button>
      </div>
      <div aria-live="polite">{result ? <Notice tone={result.tone}>{result.text}</Notice> : null}</div>
    </div>
  );
}

export function LaunchersEditor({ orgId, origin }: { orgId: string; origin: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const launchers = useQuery(trpc.launchers.list.queryOptions({ orgId }));
  const scenarios = useQuery(trpc.scenarios.list.queryOptions({ orgId }));
  const gallery = useQuery(trpc.org.avatarGallery.queryOptions({ orgId }, { staleTime: Infinity }));
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const [rulesOpen, setRulesOpen] = useState<string | null>(null);
  const [cobrowseOpen, setCobrowseOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const archive = useMutation(
    trpc.launchers.setArchived.mutationOptions({
      onSuccess: (l) => {
        setMessage({
          tone: "ok",
          text: l.archivedAt ? `“${l.name}” archived: its link now tells visitors it is closed.` : `“${l.name}” restored.`,
        });
        void qc.invalidateQueries({ queryKey: trpc.launchers.list.queryKey({ orgId }) });
      },
      onError: (e) => setMessage({ tone: "error", text: errorText(e) }),
    }),
  );
  const liveScenarios = scenarios.data?.filter((s) => !s.archivedAt) ?? [];
  const scenarioName = (id: string) => scenarios.data?.find((s) => s.id === id)?.name ?? "—";
  const done = (msg: string) => {
    setEditing(null);
    setMessage(msg ? { tone: "ok", text: msg } : null);
  };

  return (
    <>
      <PageHeader
        title="Launchers"
        description="Each launcher is a link and a button for your site. Page rules change the scenario or avatar by page."
        actions={
          <Button onClick={() => setEditing("new")} disabled={editing !== null || !scenarios.data}>
            New launcher
          </Button>
        }
      />
      <div aria-live="polite" className="mb-4 empty:hidden">
        {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      </div>
      {editing === "new" && scenarios.data ? (
        <div className="mb-5">
          <Card title="New launcher" id="new-launcher">
            <LauncherForm orgId={orgId} launcher={null} scenarios={liveScenarios} onDone={done} />
          </Card>
        </div>
      ) : null}
      <QueryState
        query={launchers}
        isEmpty={launchers.data?.length === 0}
        empty="No launchers yet. Create one to get a link for your site."
      >
        <ul className="space-y-4">
          {launchers.data?.map((l) => (
            <li key={l.id} data-launcher={l.key}>
              <Card>
                {editing === l.id ? (
                  <LauncherForm
                    orgId={orgId}
                    launcher={l}
                    scenarios={
                      liveScenarios.some((s) => s.id === l.scenarioId)
                        ? liveScenarios
                        : [...liveScenarios, ...(scenarios.data ?? []).filter((s) => s.id === l.scenarioId)]
                    }
                    onDone={done}
                  />
                ) : (
                  <div className="space-y-4">
                    <div className="flex flex-wrap items-start justify-between gap-3">
                      <div className="min-w-0">
                        <h2 className="truncate font-medium">
                          {l.name}{" "}
                          {l.archivedAt ? (
                            <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-500">Archived</span>
                          ) : null}
                        </h2>
                        <p className="text-sm text-slate-500">
                          Key <code>{l.key}</code> · {scenarioName(l.scenarioId)} · {l.pageRules.length} page rule
                          {l.pageRules.length === 1 ? "" : "s"}
                          {l.allowDirectVisits ? " · direct visits allowed" : ""}
                        </p>
                      </div>
                      <div className="flex flex-wrap gap-2">
                        <a
                          href={previewLink(l.key)}
                          target="_blank"
                          rel="noopener"
                          className="inline-flex h-10 items-center rounded-lg px-3 text-sm font-medium text-brand-700 hover:bg-brand-50"
                        >
                          Preview<span className="sr-only"> {l.name} (opens in a new tab)</span>
                        </a>
                        {!l.archivedAt ? (
                          <Button
                            variant="secondary"
                            onClick={() => setEditing(l.id)}
                            disabled={editing !== null}
                            aria-label={`Edit ${l.name}`}
                          >
                            Edit
                          </Button>
                        ) : null}
                        <Button
                          variant="ghost"
                          onClick={() => archive.mutate({ orgId, launcherId: l.id, archived: !l.archivedAt })}
                          aria-label={`${l.archivedAt ? "Restore" : "Archive"} ${l.name}`}
                        >
                          {l.archivedAt ? "Restore" : "Archive"}
                        </Button>
                      </div>
                    </div>
                    {!l.archivedAt ? (
                      <>
                        <div className="grid gap-3 md:grid-cols-2">
                          <CopyField id={`link-${l.id}`} label="Link" value={launcherLink(origin, l.key)} />
                          <CopyField id={`snippet-${l.id}`} label="Embed snippet" value={embedSnippet(origin, l.key)} multiline />
                        </div>
                        <div>
                          <Button
                            variant="secondary"
                            aria-expanded={rulesOpen === l.id}
                            aria-controls={`rules-panel-${l.id}`}
                            onClick={() => setRulesOpen(rulesOpen === l.id ? null : l.id)}
                          >
                            {rulesOpen === l.id ? "Hide page rules" : "Page rules"}
                          </Button>
                          {rulesOpen === l.id ? (
                            <div id={`rules-panel-${l.id}`} className="mt-3">
                              <PageRules orgId={orgId} launcher={l} scenarios={liveScenarios} gallery={gallery.data ?? []} />
                            </div>
                          ) : null}
                        </div>
                        <div>
                          <Button
                            variant="secondary"
                            aria-expanded={cobrowseOpen === l.id}
                            aria-controls={`cobrowse-panel-${l.id}`}
                            onClick={() => setCobrowseOpen(cobrowseOpen === l.id ? null : l.id)}
                          >
                            {cobrowseOpen === l.id ? "Hide co-browsing" : "Co-browsing"}
                          </Button>
                          {cobrowseOpen === l.id ? (
                            <div id={`cobrowse-panel-${l.id}`} className="mt-3">
                              <CobrowseLauncherSettings orgId={orgId} launcherId={l.id} />
                            </div>
                          ) : null}
                        </div>
                      </>
                    ) : null}
                  </div>
                )}
              </Card>
            </li>
          ))}
        </ul>
      </QueryState>
    </>
  );
}

"use client";
// A launcher's page rules: the first pattern that matches the visitor's page picks another scenario
// or avatar. Edited as a list and saved as a whole.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Select, TextInput } from "@/components/ui/fields";
import { Notice } from "@/components/ui/notice";
import { useNotice } from "@/components/ui/use-notice";
import { useTRPC } from "@/lib/trpc";
import type { Launcher } from "./launcher-form";
import type { Scenario } from "./scenario-draft";

type Rule = { urlPattern: string; scenarioId: string | null; avatarUrl: string | null };

export function LauncherPageRules({
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
  const { notice: result, ok, failed } = useNotice();
  const save = useMutation(
    trpc.launchers.setPageRules.mutationOptions({
      onSuccess: () => {
        ok("Page rules saved.");
        void qc.invalidateQueries({ queryKey: trpc.launchers.list.queryKey({ orgId }) });
      },
      onError: failed,
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

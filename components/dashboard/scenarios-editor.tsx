"use client";
// The scenario editor: what kind of session a launcher starts and how it looks and behaves. The
// form itself is ./scenario-form.tsx (its state: ./scenario-draft.ts).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc";
import { KINDS } from "./scenario-draft";
import { ScenarioForm } from "./scenario-form";
import { QueryState } from "./ui";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { useNotice } from "@/components/ui/use-notice";

export function ScenariosEditor({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.scenarios.list.queryOptions({ orgId }));
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const { notice: message, ok, failed } = useNotice();
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.scenarios.list.queryKey({ orgId }) });
  const remove = useMutation(
    trpc.scenarios.remove.mutationOptions({
      onSuccess: (r) => {
        ok(r.outcome === "deleted" ? "Scenario deleted." : "Scenario archived: it has history, so it is kept.");
        refresh();
      },
      onError: failed,
    }),
  );
  const restore = useMutation(
    trpc.scenarios.restore.mutationOptions({
      onSuccess: refresh,
      onError: failed,
    }),
  );
  const done = (msg: string) => {
    setEditing(null);
    ok(msg);
  };
  const live = list.data?.filter((s) => !s.archivedAt) ?? [];
  const archived = list.data?.filter((s) => s.archivedAt) ?? [];

  return (
    <>
      <PageHeader
        title="Scenarios"
        description="What kind of session a launcher starts, and what visitors see and may do in it."
        actions={
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
                          {s.monitoringNotice ? " · monitoring notice" : ""}
                          {s.survey === "STARS" ? " · star survey" : s.survey === "THUMBS" ? " · thumbs survey" : ""}
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
                  <Button variant="secondary" onClick={() => restore.mutate({ orgId, scenarioId: s.id })} aria-label={`Restore ${s.name}`}>
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

"use client";
// Launchers: the link and embed snippet a client puts on its site, which scenario they start, and
// page rules that pick another scenario or avatar by the page the visitor came from. The list is
// here; one launcher's view is ./launcher-card.tsx, its form ./launcher-form.tsx and its page rules
// ./launcher-page-rules.tsx.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { useNotice } from "@/components/ui/use-notice";
import { useTRPC } from "@/lib/trpc";
import { LauncherCard } from "./launcher-card";
import { LauncherForm } from "./launcher-form";
import { QueryState } from "./ui";

export function LaunchersEditor({ orgId, origin }: { orgId: string; origin: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const launchers = useQuery(trpc.launchers.list.queryOptions({ orgId }));
  const scenarios = useQuery(trpc.scenarios.list.queryOptions({ orgId }));
  const gallery = useQuery(trpc.org.avatarGallery.queryOptions({ orgId }, { staleTime: Infinity }));
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const [rulesOpen, setRulesOpen] = useState<string | null>(null);
  const [cobrowseOpen, setCobrowseOpen] = useState<string | null>(null);
  const { notice: message, ok, failed } = useNotice();
  const archive = useMutation(
    trpc.launchers.setArchived.mutationOptions({
      onSuccess: (l) => {
        ok(l.archivedAt ? `“${l.name}” archived: its link now tells visitors it is closed.` : `“${l.name}” restored.`);
        void qc.invalidateQueries({ queryKey: trpc.launchers.list.queryKey({ orgId }) });
      },
      onError: failed,
    }),
  );
  const liveScenarios = scenarios.data?.filter((s) => !s.archivedAt) ?? [];
  const scenarioName = (id: string) => scenarios.data?.find((s) => s.id === id)?.name ?? "—";
  const done = (msg: string) => {
    setEditing(null);
    ok(msg);
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
                  <LauncherCard
                    orgId={orgId}
                    origin={origin}
                    launcher={l}
                    scenarioName={scenarioName(l.scenarioId)}
                    scenarios={liveScenarios}
                    gallery={gallery.data ?? []}
                    editLocked={editing !== null}
                    rulesOpen={rulesOpen === l.id}
                    cobrowseOpen={cobrowseOpen === l.id}
                    onEdit={() => setEditing(l.id)}
                    onArchive={() => archive.mutate({ orgId, launcherId: l.id, archived: !l.archivedAt })}
                    onToggle={(panel) =>
                      panel === "rules"
                        ? setRulesOpen(rulesOpen === l.id ? null : l.id)
                        : setCobrowseOpen(cobrowseOpen === l.id ? null : l.id)
                    }
                  />
                )}
              </Card>
            </li>
          ))}
        </ul>
      </QueryState>
    </>
  );
}

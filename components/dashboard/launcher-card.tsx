"use client";
// One launcher as the editor lists it: what it starts, its link and embed snippet to copy, and the
// page-rules and co-browsing panels. Which panel is open is the editor's, so the list keeps it.
import { CobrowseLauncherSettings } from "@/components/cobrowse/launcher-settings";
import { Button } from "@/components/ui/button";
import { embedSnippet, launcherLink, previewLink } from "@/lib/embed";
import type { Launcher } from "./launcher-form";
import { LauncherPageRules } from "./launcher-page-rules";
import type { Scenario } from "./scenario-draft";
import { CopyField } from "./ui";

export type LauncherPanel = "rules" | "cobrowse";

export function LauncherCard({
  orgId,
  origin,
  launcher: l,
  scenarioName,
  scenarios,
  gallery,
  editLocked,
  rulesOpen,
  cobrowseOpen,
  onEdit,
  onArchive,
  onToggle,
}: {
  orgId: string;
  origin: string;
  launcher: Launcher;
  scenarioName: string;
  /** What a page rule may pick. */
  scenarios: Scenario[];
  gallery: { path: string; label: string }[];
  /** Another launcher is being edited or created. */
  editLocked: boolean;
  rulesOpen: boolean;
  cobrowseOpen: boolean;
  onEdit: () => void;
  onArchive: () => void;
  onToggle: (panel: LauncherPanel) => void;
}) {
  return (
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
            Key <code>{l.key}</code> · {scenarioName} · {l.pageRules.length} page rule
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
            <Button variant="secondary" onClick={onEdit} disabled={editLocked} aria-label={`Edit ${l.name}`}>
              Edit
            </Button>
          ) : null}
          <Button variant="ghost" onClick={onArchive} aria-label={`${l.archivedAt ? "Restore" : "Archive"} ${l.name}`}>
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
            <Button variant="secondary" aria-expanded={rulesOpen} aria-controls={`rules-panel-${l.id}`} onClick={() => onToggle("rules")}>
              {rulesOpen ? "Hide page rules" : "Page rules"}
            </Button>
            {rulesOpen ? (
              <div id={`rules-panel-${l.id}`} className="mt-3">
                <LauncherPageRules orgId={orgId} launcher={l} scenarios={scenarios} gallery={gallery} />
              </div>
            ) : null}
          </div>
          <div>
            <Button
              variant="secondary"
              aria-expanded={cobrowseOpen}
              aria-controls={`cobrowse-panel-${l.id}`}
              onClick={() => onToggle("cobrowse")}
            >
              {cobrowseOpen ? "Hide co-browsing" : "Co-browsing"}
            </Button>
            {cobrowseOpen ? (
              <div id={`cobrowse-panel-${l.id}`} className="mt-3">
                <CobrowseLauncherSettings orgId={orgId} launcherId={l.id} />
              </div>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}

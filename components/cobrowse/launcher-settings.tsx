"use client";
// A launcher's co-browsing settings in the dashboard (docs/cobrowse.md): on/off and the extra CSS
// selectors masked in the visitor's browser. Bad selectors come back with their line number.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox, QueryState } from "@/components/dashboard/ui";
import { Notice } from "@/components/ui/notice";
import { useNotice } from "@/components/ui/use-notice";
import { useTRPC } from "@/lib/trpc";

export function CobrowseLauncherSettings({ orgId, launcherId }: { orgId: string; launcherId: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.cobrowse.settings.queryOptions({ orgId, launcherId }));
  return (
    <QueryState query={settings}>
      {settings.data ? (
        <Form
          key={`${settings.data.enabled}${settings.data.maskSelectors}`}
          orgId={orgId}
          launcherId={launcherId}
          initial={settings.data}
        />
      ) : null}
    </QueryState>
  );
}

function Form({ orgId, launcherId, initial }: { orgId: string; launcherId: string; initial: { enabled: boolean; maskSelectors: string } }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [enabled, setEnabled] = useState(initial.enabled);
  const [selectors, setSelectors] = useState(initial.maskSelectors);
  const { notice: result, ok, failed } = useNotice();
  const save = useMutation(
    trpc.cobrowse.setSettings.mutationOptions({
      onSuccess: () => {
        ok("Co-browsing settings saved.");
        void qc.invalidateQueries({ queryKey: trpc.cobrowse.settings.queryKey({ orgId, launcherId }) });
      },
      onError: failed,
    }),
  );
  const id = `cobrowse-${launcherId}`;
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ orgId, launcherId, enabled, maskSelectors: selectors });
      }}
    >
      <Checkbox
        id={`${id}-on`}
        label="Visitors may share their tab with the agent"
        hint="Visitors are always asked first in their own tab. Passwords and card numbers are never shared."
        checked={enabled}
        onChange={setEnabled}
      />
      <div>
        <label htmlFor={`${id}-mask`} className="text-sm font-medium text-slate-700">
          Also hide these parts of your pages
        </label>
        <p id={`${id}-mask-hint`} className="text-xs text-slate-500">
          One CSS selector per line, e.g. <code>.account-number</code> or <code>#iban</code>. Hidden in the visitor&apos;s browser: the text
          never leaves it. You can also mark elements with <code>data-isession-mask</code>.
        </p>
        <textarea
          id={`${id}-mask`}
          aria-describedby={`${id}-mask-hint`}
          value={selectors}
          onChange={(e) => setSelectors(e.currentTarget.value)}
          rows={4}
          spellCheck={false}
          className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 font-mono text-sm focus-visible:outline-2 focus-visible:outline-brand-600"
        />
      </div>
      {result ? <Notice tone={result.tone}>{result.text}</Notice> : null}
      <Button type="submit" variant="secondary" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save co-browsing settings"}
      </Button>
    </form>
  );
}

"use client";
// Preferences and defaults for the org's end users: name, brand colour, routing, seat cap, agent
// statuses and allowed domains. One Save; a refused value is named and nothing is changed.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Select, TextArea, TextInput } from "@/components/ui/fields";
import { useTRPC } from "@/lib/trpc";
import type { AppRouter } from "@/server/api/root";
import { Checkbox, QueryState } from "./ui";
import { useNotice } from "@/components/ui/use-notice";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";

type Status = { key: string; label: string; routable: boolean };
const BUILT_IN = ["available", "away", "on_break", "offline"];

type Org = inferRouterOutputs<AppRouter>["org"]["get"];

/** Suggestions for the time zone field; any IANA name the server knows is accepted. */
const TIME_ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  } catch {
    return [];
  }
})();

export function PreferencesForm({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const org = useQuery(trpc.org.get.queryOptions({ orgId }));
  const statuses = useQuery(trpc.org.statuses.queryOptions({ orgId }));
  return (
    <>
      <PageHeader
        title="Preferences"
        description="Defaults for everyone in your organization and the sites allowed to use your launchers."
      />
      <QueryState query={org.isSuccess ? statuses : org}>
        {org.data && statuses.data ? <PreferencesFields orgId={orgId} org={org.data} statuses={statuses.data} /> : null}
      </QueryState>
    </>
  );
}

function PreferencesFields({ orgId, org, statuses }: { orgId: string; org: Org; statuses: Status[] }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [name, setName] = useState(org.name);
  const [brandColor, setBrandColor] = useState(org.brandColor);
  const [routingMode, setRoutingMode] = useState<"LONGEST_IDLE" | "RING_ALL">(org.routingMode);
  const [ringTimeout, setRingTimeout] = useState(String(org.ringTimeoutSec));
  const [seatCap, setSeatCap] = useState(org.maxConcurrentSeats === null ? "" : String(org.maxConcurrentSeats));
  const [domains, setDomains] = useState(org.allowedDomains.join("\n"));
  const [list, setList] = useState<Status[]>(statuses);
  const [timeZone, setTimeZone] = useState(org.timeZone);
  const [slSeconds, setSlSeconds] = useState(String(org.serviceLevelSeconds));
  const [slPercent, setSlPercent] = useState(String(org.serviceLevelPercent));
  const [retention, setRetention] = useState(String(org.retentionDays));
  const { notice: result, ok, fail, failed, clear } = useNotice();

  const save = useMutation(
    trpc.org.updatePreferences.mutationOptions({
      onSuccess: () => {
        ok("Saved.");
        void qc.invalidateQueries({ queryKey: trpc.org.pathKey() });
      },
      onError: failed,
    }),
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    clear();
    const timeout = Number(ringTimeout);
    const cap = seatCap.trim() === "" ? null : Number(seatCap);
    if (!Number.isInteger(timeout)) return fail("Ring timeout must be a whole number of seconds.");
    if (cap !== null && !Number.isInteger(cap)) return fail("Seat cap must be a whole number, or empty for no cap.");
    const seconds = Number(slSeconds);
    const percent = Number(slPercent);
    if (!Number.isInteger(seconds) || !Number.isInteger(percent))
      return fail("The service-level target is whole seconds and a whole percentage.");
    const retentionDays = Number(retention);
    if (retention.trim() === "" || !Number.isInteger(retentionDays))
      return fail("Retention is a whole number of days, 30 to 2557 (7 years).");
    save.mutate({
      orgId,
      name,
      brandColor,
      routingMode,
      ringTimeoutSec: timeout,
      maxConcurrentSeats: cap,
      allowedDomains: domains
        .split(/\n/)
        .map((d) => d.trim())
        .filter(Boolean),
      agentStatuses: list,
      timeZone: timeZone.trim(),
      serviceLevelSeconds: seconds,
      serviceLevelPercent: percent,
      retentionDays,
    });
  }

  const setRow = (i: number, patch: Partial<Status>) => setList((l) => l.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <Card title="Organization" id="org">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextInput id="pref-name" label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={100} />
          <div className="space-y-1.5">
            <label htmlFor="pref-color" className="text-sm font-medium text-slate-700">
              Brand colour
            </label>
            <div className="flex items-center gap-2">
              <input
                type="color"
                aria-label="Pick the brand colour"
                value={/^#[0-9a-f]{6}$/i.test(brandColor) ? brandColor : "#2563eb"}
                onChange={(e) => setBrandColor(e.currentTarget.value)}
                className="h-10 w-12 shrink-0 cursor-pointer rounded-lg border border-slate-300 bg-white p-1"
              />
              <input
                id="pref-color"
                value={brandColor}
                onChange={(e) => setBrandColor(e.currentTarget.value)}
                className="h-10 w-full min-w-0 rounded-lg border border-slate-300 px-3 font-mono text-sm"
              />
            </div>
          </div>
        </div>
      </Card>

      <Card title="Reports" id="reports">
        <div className="grid gap-4 sm:grid-cols-3">
          <TextInput
            id="pref-timezone"
            label="Time zone"
            value={timeZone}
            onChange={(e) => setTimeZone(e.currentTarget.value)}
            maxLength={64}
            list="pref-timezones"
            hint="Days and hours in reports, e.g. America/New_York"
          />
          <datalist id="pref-timezones">
            {TIME_ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <TextInput
            id="pref-sl-seconds"
            label="Answer within (seconds)"
            inputMode="numeric"
            value={slSeconds}
            onChange={(e) => setSlSeconds(e.currentTarget.value)}
            hint="Service-level target, 1 to 300"
          />
          <TextInput
            id="pref-sl-percent"
            label="Share of visitors (%)"
            inputMode="numeric"
            value={slPercent}
            onChange={(e) => setSlPercent(e.currentTarget.value)}
            hint="e.g. 80 % answered within 20 s"
          />
        </div>
      </Card>

      <Card title="Privacy" id="privacy">
        <div className="grid gap-4 sm:grid-cols-3">
          <TextInput
            id="pref-retention"
            label="Keep transcripts and visitor data (days)"
            inputMode="numeric"
            value={retention}
            onChange={(e) => setRetention(e.currentTarget.value)}
            hint="30 to 2557 (7 years); 365 unless you change it"
          />
          <p className="text-sm text-slate-500 sm:col-span-2 sm:pt-7">
            Each night, what is older loses its words and names: chat lines, questions, visitor names, emails and notes. Session times,
            usage and statements are kept for billing. Erase one visitor at once from{" "}
            <Link href="/dashboard/privacy" className="text-brand-700 underline">
              Privacy
            </Link>
            .
          </p>
        </div>
      </Card>

      <Card title="Routing" id="routing">
        <div className="grid gap-4 sm:grid-cols-3">
          <Select
            id="pref-routing"
            label="Routing mode"
            value={routingMode}
            onChange={(e) => setRoutingMode(e.currentTarget.value as typeof routingMode)}
          >
            <option value="LONGEST_IDLE">Longest idle agent first</option>
            <option value="RING_ALL">Ring all ready agents</option>
          </Select>
          <TextInput
            id="pref-timeout"
            label="Ring timeout (seconds)"
            inputMode="numeric"
            value={ringTimeout}
            onChange={(e) => setRingTimeout(e.currentTarget.value)}
            hint="5 to 300"
          />
          <TextInput
            id="pref-seats"
            label="Seat cap"
            inputMode="numeric"
            value={seatCap}
            onChange={(e) => setSeatCap(e.currentTarget.value)}
            hint="Participants in live sessions at once; empty = no cap"
            optional
          />
        </div>
      </Card>

      <Card title="Allowed domains" id="domains">
        <TextArea
          id="pref-domains"
          label="Sites that may send visitors to your launchers"
          hint="One per line: example.com, or *.example.com for every subdomain (list both to allow both)."
          value={domains}
          onChange={(e) => setDomains(e.currentTarget.value)}
          spellCheck={false}
          className="font-mono"
        />
      </Card>

      <Card
        title="Agent statuses"
        id="statuses"
        actions={
          <Button type="button" variant="secondary" onClick={() => setList((l) => [...l, { key: "", label: "", routable: false }])}>
            Add a status
          </Button>
        }
      >
        <p className="mb-3 text-sm text-slate-500">
          The four built-in states can be renamed. Your own states can take chats (ready) or not.
        </p>
        <ul className="space-y-3">
          {list.map((s, i) => {
            const builtIn = BUILT_IN.includes(s.key) && i < 4;
            return (
              <li key={i} className="grid items-end gap-2 rounded-xl bg-slate-50 p-3 sm:grid-cols-[10rem_1fr_auto_auto]">
                {builtIn ? (
                  <p className="text-sm sm:pb-2.5">
                    <code className="text-slate-700">{s.key}</code> <span className="text-xs text-slate-400">built in</span>
                  </p>
                ) : (
                  <TextInput
                    id={`st-key-${i}`}
                    label="Key"
                    value={s.key}
                    onChange={(e) => setRow(i, { key: e.currentTarget.value })}
                    placeholder="training"
                  />
                )}
                <TextInput
                  id={`st-label-${i}`}
                  label="Label"
                  value={s.label}
                  onChange={(e) => setRow(i, { label: e.currentTarget.value })}
                  placeholder="In training"
                />
                <div className="pb-2">
                  <Checkbox
                    id={`st-routable-${i}`}
                    label="Takes chats"
                    checked={s.routable}
                    disabled={builtIn}
                    onChange={(v) => setRow(i, { routable: v })}
                  />
                </div>
                {builtIn ? (
                  <span aria-hidden className="hidden sm:block sm:w-16" />
                ) : (
                  <Button
                    type="button"
                    variant="ghost"
                    onClick={() => setList((l) => l.filter((_, j) => j !== i))}
                    aria-label={`Remove status ${s.label || s.key || i + 1}`}
                  >
                    Remove
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      </Card>

      <div className="sticky bottom-0 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-slate-50/90 py-3 backdrop-blur">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save preferences"}
        </Button>
        <div aria-live="polite" className="min-w-0 flex-1">
          {result ? <Notice tone={result.tone}>{result.text}</Notice> : null}
        </div>
      </div>
    </form>
  );
}

"use client";
// What visitors read above the conversation: the scenario's banner (a line and up to 5 links) and
// the optional "may be monitored or recorded" notice (components/viewer/monitoring-notice.tsx).
import { Button } from "@/components/ui/button";
import { TextArea } from "@/components/ui/fields";
import { MONITORING_NOTICE } from "@/components/viewer/monitoring-notice";
import type { Draft } from "./scenario-draft";
import { Checkbox } from "./ui";

export function ScenarioBannerFields({ p, d, set }: { p: string; d: Draft; set: (patch: Partial<Draft>) => void }) {
  return (
    <>
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
                onChange={(e) => set({ links: d.links.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)) })}
                className="h-10 w-28 min-w-0 rounded-lg border border-slate-300 px-2 text-sm"
              />
              <input
                aria-label={`Link ${i + 1} address`}
                placeholder="example.com/help"
                value={l.url}
                onChange={(e) => set({ links: d.links.map((x, j) => (j === i ? { ...x, url: e.target.value } : x)) })}
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
            <Button type="button" variant="secondary" onClick={() => set({ links: [...d.links, { label: "", url: "" }] })}>
              Add a link
            </Button>
          ) : null}
        </fieldset>
      </div>
      <Checkbox
        id={`${p}-monitoring`}
        label="Monitoring notice"
        hint={`Visitors read “${MONITORING_NOTICE}” before they join and at the top of the session.`}
        checked={d.monitoringNotice}
        onChange={(v) => set({ monitoringNotice: v })}
      />
    </>
  );
}

"use client";
// The longest-wait alert's threshold, for those who may edit the org's settings.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";

export function AlertSettings({ orgId, current }: { orgId: string; current: number }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [value, setValue] = useState(String(current));
  const save = useMutation(
    trpc.manager.setSettings.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.manager.overview.queryKey({ orgId }) }),
    }),
  );
  const n = Number(value);
  const invalid = !Number.isInteger(n) || n < 10 || n > 3600;
  return (
    <form
      className="rounded-2xl border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) save.mutate({ orgId, longestWaitAlertSec: n });
      }}
    >
      <h2 className="text-sm font-semibold">Alert settings</h2>
      <div className="mt-2 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="wait-alert" className="block text-sm text-slate-600">
            Alert when a visitor waits longer than (seconds)
          </label>
          <input
            id="wait-alert"
            type="number"
            min={10}
            max={3600}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={invalid}
            aria-describedby="wait-alert-hint"
            className="mt-1 h-10 w-32 rounded-lg border border-slate-300 px-2 text-sm"
          />
        </div>
        <button
          type="submit"
          disabled={invalid || save.isPending || n === current}
          className="h-10 rounded-lg bg-brand-600 px-4 text-sm font-medium text-white disabled:bg-slate-300"
        >
          Save
        </button>
        <span role="status" className="text-xs text-slate-600">
          {save.isPending ? "Saving…" : save.isError ? save.error.message : save.isSuccess && n === current ? "Saved" : ""}
        </span>
      </div>
      <p id="wait-alert-hint" className={`mt-1 text-xs ${invalid ? "text-red-700" : "text-slate-500"}`}>
        From 10 to 3600 seconds. Default 120.
      </p>
    </form>
  );
}

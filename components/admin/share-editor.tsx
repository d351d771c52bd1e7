"use client";
// Edit one reseller's revenue share, in percent with up to two decimals (stored as basis points).
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useFormMutation } from "@/components/ui/use-form-mutation";
import { useTRPC } from "@/lib/trpc";

export function ShareEditor({ resellerId, resellerName, bps }: { resellerId: string; resellerName: string; bps: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [saved, setSaved] = useState("");
  const save = useFormMutation(
    trpc.admin.setRevenueShare.mutationOptions({
      onSuccess: (r) => {
        setSaved(`Saved: ${r.revenueShareBps / 100} %`);
        router.refresh();
      },
    }),
  );
  const message = save.errors.form ? { ok: false, text: save.errors.form } : saved ? { ok: true, text: saved } : null;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const percent = Number(String(new FormData(e.currentTarget).get("percent") ?? "").replace(",", "."));
    const next = Math.round(percent * 100);
    if (!Number.isFinite(percent) || percent < 0 || percent > 100 || Math.abs(percent * 100 - next) > 1e-6) {
      save.fail("Enter a percentage from 0 to 100 with at most two decimals.");
      return;
    }
    setSaved("");
    save.mutate({ resellerId, bps: next });
  }

  const id = `share-${resellerId}`;
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-center gap-2" noValidate>
      <label htmlFor={id} className="sr-only">
        Revenue share of {resellerName}, in percent
      </label>
      <span className="inline-flex items-center rounded-lg border border-slate-300 bg-white pr-2 focus-within:ring-2 focus-within:ring-brand-500/30">
        <input
          id={id}
          name="percent"
          inputMode="decimal"
          defaultValue={String(bps / 100)}
          aria-describedby={message ? `${id}-msg` : undefined}
          className="h-9 w-20 rounded-lg bg-transparent px-2 text-right text-sm tabular-nums focus:outline-none"
        />
        <span aria-hidden className="text-sm text-slate-500">
          %
        </span>
      </span>
      <button
        type="submit"
        disabled={save.isPending}
        className="h-9 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium hover:bg-slate-50 disabled:text-slate-400"
      >
        {save.isPending ? "Saving…" : "Save"}
      </button>
      <span id={`${id}-msg`} role="status" className={`text-xs ${message?.ok ? "text-emerald-700" : "text-red-700"}`}>
        {message?.text}
      </span>
    </form>
  );
}

"use client";
// Edit one reseller's revenue share, in percent with up to two decimals (stored as basis points).
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { formErrors } from "@/components/console/errors";
import { useTRPC } from "@/lib/trpc";

export function ShareEditor({ resellerId, resellerName, bps }: { resellerId: string; resellerName: string; bps: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const save = useMutation(
    trpc.admin.setRevenueShare.mutationOptions({
      onSuccess: (r) => {
        setMessage({ ok: true, text: `Saved: ${r.revenueShareBps / 100} %` });
        router.refresh();
      },
      onError: (e) => setMessage({ ok: false, text: formErrors(e).form }),
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const percent = Number(String(new FormData(e.currentTarget).get("percent") ?? "").replace(",", "."));
    const next = Math.round(percent * 100);
    if (!Number.isFinite(percent) || percent < 0 || percent > 100 || Math.abs(percent * 100 - next) > 1e-6) {
      setMessage({ ok: false, text: "Enter a percentage from 0 to 100 with at most two decimals." });
      return;
    }
    setMessage(null);
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

"use client";
import { useState } from "react";
import { normalizeLeadUrl } from "@/lib/urls";

/** The leader's address bar: checks the address as typed, leads on Enter. */
export function AddressBar({
  onLead,
  busy,
  error,
}: {
  onLead: (url: string, opts: { notToSelf: boolean; newWindow: boolean }) => void;
  busy: boolean;
  error: string | null;
}) {
  const [url, setUrl] = useState("");
  const [notToSelf, setNotToSelf] = useState(false);
  const [newWindow, setNewWindow] = useState(false);
  const [local, setLocal] = useState<string | null>(null);
  const message = local ?? error;
  return (
    <form
      className="border-b border-slate-200 bg-white px-3 py-2"
      onSubmit={(e) => {
        e.preventDefault();
        const r = normalizeLeadUrl(url);
        if (!r.ok) return setLocal(r.error);
        setLocal(null);
        onLead(r.url, { notToSelf, newWindow });
      }}
    >
      <div className="flex gap-2">
        <label htmlFor="lead-url" className="sr-only">
          Lead everyone to
        </label>
        <input
          id="lead-url"
          type="text"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          value={url}
          onChange={(e) => {
            setUrl(e.target.value);
            setLocal(null);
          }}
          placeholder="Lead everyone to… (e.g. example.com/pricing)"
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? "lead-error" : undefined}
          className="h-9 min-w-0 flex-1 rounded-lg border border-slate-300 px-3 font-mono text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none max-sm:h-11 max-sm:text-base"
        />
        <button
          type="submit"
          disabled={busy || !url.trim()}
          className="h-9 rounded-lg bg-slate-900 px-3 text-sm font-medium text-white disabled:bg-slate-300 max-sm:h-11 max-sm:px-4"
        >
          {busy ? "Leading…" : "Lead"}
        </button>
      </div>
      <div className="mt-1.5 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 max-sm:mt-0 max-sm:gap-y-0">
        <label className="flex items-center gap-1.5 max-sm:min-h-11">
          <input type="checkbox" checked={notToSelf} onChange={(e) => setNotToSelf(e.target.checked)} /> Don&apos;t send it to me
        </label>
        <label className="flex items-center gap-1.5 max-sm:min-h-11">
          <input type="checkbox" checked={newWindow} onChange={(e) => setNewWindow(e.target.checked)} /> Open in a new window for others
        </label>
      </div>
      {message ? (
        <p id="lead-error" role="alert" className="mt-1.5 text-xs text-red-700">
          {message}
        </p>
      ) : null}
    </form>
  );
}

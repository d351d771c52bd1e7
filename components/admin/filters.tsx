// A GET form of filters: the page re-renders on the server with them in the URL, so a filtered
// view can be bookmarked and works without JavaScript.
import type { ReactNode } from "react";

export function FilterBar({ action, children }: { action: string; children: ReactNode }) {
  return (
    <form
      action={action}
      method="get"
      role="search"
      className="mb-4 flex flex-col gap-3 rounded-2xl border border-slate-200 bg-white p-3 sm:flex-row sm:flex-wrap sm:items-end"
    >
      {children}
      <button type="submit" className="h-10 rounded-lg bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
        Apply
      </button>
    </form>
  );
}

const control = "block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm shadow-sm sm:w-auto";

export function FilterInput({ id, label, ...props }: { id: string; label: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label htmlFor={id} className="block text-sm font-medium text-slate-700 sm:min-w-56 sm:flex-1">
      {label}
      <input id={id} className={`${control} mt-1 sm:w-full`} {...props} />
    </label>
  );
}

export function FilterSelect({
  id,
  label,
  options,
  ...props
}: { id: string; label: string; options: { value: string; label: string }[] } & React.SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <label htmlFor={id} className="block text-sm font-medium text-slate-700">
      {label}
      <select id={id} className={`${control} mt-1`} {...props}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** "Next page" for cursor paging, keeping the filters. */
export function NextPage({ base, params, cursor }: { base: string; params: Record<string, string | undefined>; cursor: string | null }) {
  if (!cursor) return null;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  q.set("cursor", cursor);
  return (
    <p className="mt-4 text-center">
      <a
        href={`${base}?${q.toString()}`}
        className="inline-block rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
      >
        Next page
      </a>
    </p>
  );
}

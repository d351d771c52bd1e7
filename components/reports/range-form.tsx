// The date range every report page takes: two calendar days in the org's time zone, sent as a GET
// so a report's address can be bookmarked and shared. Other filters ride along as hidden fields.
export function RangeForm({
  from,
  to,
  timeZone,
  hidden = {},
  children,
}: {
  from: string;
  to: string;
  timeZone: string;
  /** Query parameters to keep (e.g. `org`). */
  hidden?: Record<string, string | undefined>;
  /** Extra filter fields placed before the button. */
  children?: React.ReactNode;
}) {
  return (
    <form method="get" className="mt-4 flex flex-wrap items-end gap-3 rounded-2xl border border-slate-200 bg-white p-4">
      {Object.entries(hidden).map(([k, v]) => (v === undefined ? null : <input key={k} type="hidden" name={k} value={v} />))}
      <label className="text-sm">
        <span className="block text-xs font-medium text-slate-600">From</span>
        <input type="date" name="from" defaultValue={from} required className="mt-1 h-10 rounded-lg border border-slate-300 px-3" />
      </label>
      <label className="text-sm">
        <span className="block text-xs font-medium text-slate-600">To</span>
        <input type="date" name="to" defaultValue={to} required className="mt-1 h-10 rounded-lg border border-slate-300 px-3" />
      </label>
      {children}
      <button type="submit" className="h-10 rounded-lg bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
        Show
      </button>
      <p className="w-full text-xs text-slate-500">Days in {timeZone}.</p>
    </form>
  );
}

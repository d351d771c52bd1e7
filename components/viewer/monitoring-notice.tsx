// "This session may be monitored or recorded for quality": the 1999 design's "your call may be
// monitored at any time", turned on per scenario (Scenario.monitoringNotice). Shown to the visitor
// on the entry page before they join, in the waiting room and at the top of the session. It says
// that monitoring may happen, never whether someone watches now: unseen staff stay unseen.
export const MONITORING_NOTICE = "This session may be monitored or recorded for quality.";

export function MonitoringNotice({ show, variant = "bar" }: { show: boolean | undefined; variant?: "bar" | "card" }) {
  if (!show) return null;
  if (variant === "card") {
    return (
      <p
        data-testid="monitoring-notice"
        className="mb-4 flex items-start gap-2 rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700"
      >
        <EyeIcon />
        {MONITORING_NOTICE}
      </p>
    );
  }
  return (
    <p
      data-testid="monitoring-notice"
      className="flex min-h-7 shrink-0 items-center gap-2 border-b border-slate-200 bg-slate-50 px-3 py-1 text-xs text-slate-600"
    >
      <EyeIcon />
      {MONITORING_NOTICE}
    </p>
  );
}

function EyeIcon() {
  return (
    <svg
      aria-hidden
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      className="mt-px size-4 shrink-0 text-slate-500"
    >
      <path d="M1.5 10s3-6 8.5-6 8.5 6 8.5 6-3 6-8.5 6-8.5-6-8.5-6Z" />
      <circle cx="10" cy="10" r="2.5" />
    </svg>
  );
}

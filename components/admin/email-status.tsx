const STYLE = {
  PENDING: "bg-amber-50 text-amber-800 ring-amber-200",
  SENT: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  FAILED: "bg-red-50 text-red-800 ring-red-200",
  // No SMTP_URL: kept here for the operator instead of delivered.
  NOT_SENT: "bg-slate-100 text-slate-700 ring-slate-200",
} as const;

export function EmailStatusBadge({ status }: { status: keyof typeof STYLE }) {
  return (
    <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STYLE[status]}`}>
      {status === "NOT_SENT" ? "Not sent" : status.charAt(0) + status.slice(1).toLowerCase()}
    </span>
  );
}

/** An indeterminate progress bar: something is on its way. */
export function ProgressBar({ label, className = "" }: { label: string; className?: string }) {
  return (
    <div className={`h-1 overflow-hidden bg-brand-100 ${className}`} role="progressbar" aria-label={label}>
      <div className="h-full w-1/2 animate-[loading_1.2s_ease-in-out_infinite] bg-brand-600" />
    </div>
  );
}

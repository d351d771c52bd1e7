// The first thing a visitor sees while the session opens.
export default function Loading() {
  return (
    <main className="grid min-h-dvh place-items-center px-4" aria-busy="true">
      <div className="w-full max-w-xs text-center">
        <p className="text-sm font-medium text-slate-700">Connecting you to your session…</p>
        <div className="mt-4 h-1.5 overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-label="Opening the session">
          <div className="h-full w-1/2 animate-[loading_1.2s_ease-in-out_infinite] rounded-full bg-brand-600" />
        </div>
      </div>
    </main>
  );
}

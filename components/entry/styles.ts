// Link-as-button styles for the visitor pages (the ui/Button is a <button>).
export const primaryLink =
  "inline-flex h-11 items-center justify-center gap-2 rounded-xl bg-brand-600 px-5 text-sm font-semibold text-white shadow-sm transition-colors hover:bg-brand-700";
export const secondaryLink =
  "inline-flex h-11 items-center justify-center gap-2 rounded-xl border border-slate-300 bg-white px-5 text-sm font-medium text-slate-800 transition-colors hover:bg-slate-50";
export const textLink = "font-medium text-brand-700 underline-offset-2 hover:underline";

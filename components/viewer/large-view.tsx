"use client";
// The large view: the led page in a frame, which may float over the chat or pop out into a window
// of its own. Pages that refuse framing (found by the server's probe) get a one-click new window.
// Below the lg breakpoint the chat comes first: the page gets a fixed share of the height, folds to
// its bar in a short window (the on-screen keyboard is up), and "Hide page" / "Show page" overrides.
import { useState } from "react";

/** A window this short is a phone with its keyboard up: the page folds so the chat stays in view. */
const SHORT_WINDOW = "(max-height: 32rem)";
const barButton = "inline-flex items-center rounded px-2 py-0.5 hover:bg-slate-200 max-sm:min-h-11 max-sm:px-3";
import type { NavigatePayload } from "@/lib/session-events";

export function LargeView({
  current,
  newWindowOffer,
  floating,
  onToggleFloat,
}: {
  current: NavigatePayload | null;
  /** The leader sent a page to open in a new window (a browser only opens one on a click). */
  newWindowOffer: { url: string } | null;
  floating: boolean;
  onToggleFloat: () => void;
}) {
  const [loadedUrl, setLoadedUrl] = useState<string | null>(null);
  const url = current?.url ?? null;
  // Small screens only: null follows the window's height; a choice holds until the next page.
  const [choice, setChoice] = useState<{ url: string | null; shown: boolean } | null>(null);
  const shown = choice && choice.url === url ? choice.shown : null;
  const bodySize =
    shown === false
      ? "max-lg:hidden"
      : `max-lg:h-[42dvh] max-lg:flex-none ${shown === null ? "max-lg:[@media(max-height:32rem)]:hidden" : ""}`;
  const loading = url !== null && loadedUrl !== url && current?.framable !== false;

  return (
    <section
      aria-label="Shared view"
      className={
        floating
          ? "fixed bottom-4 right-4 z-30 flex h-72 w-[min(28rem,calc(100vw-2rem))] flex-col overflow-hidden rounded-2xl border border-slate-300 bg-white shadow-2xl"
          : "flex flex-col overflow-hidden bg-white lg:h-full lg:min-h-56"
      }
    >
      <div className="flex items-center gap-2 border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs text-slate-600 max-sm:py-0">
        <span className="truncate font-mono" title={url ?? undefined} data-testid="view-url">
          {url ?? "Nothing shared yet"}
        </span>
        <span className="ml-auto flex shrink-0 gap-1">
          {url ? (
            <a href={url} target="_blank" rel="noopener noreferrer" className={barButton}>
              Pop out
            </a>
          ) : null}
          {url && !floating ? (
            <button
              type="button"
              className={`${barButton} lg:hidden`}
              onClick={() => setChoice({ url, shown: shown === null ? window.matchMedia(SHORT_WINDOW).matches : !shown })}
            >
              {shown === null ? (
                <>
                  <span className="[@media(max-height:32rem)]:hidden">Hide page</span>
                  <span className="hidden [@media(max-height:32rem)]:inline">Show page</span>
                </>
              ) : shown ? (
                "Hide page"
              ) : (
                "Show page"
              )}
            </button>
          ) : null}
          {/* A floating window would cover a phone's chat. */}
          <button type="button" onClick={onToggleFloat} className={`${barButton} max-sm:hidden`} aria-pressed={floating}>
            {floating ? "Dock" : "Float"}
          </button>
        </span>
      </div>
      {newWindowOffer ? (
        <div className="flex items-center gap-3 border-b border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <span className="truncate">The leader opened a page in a new window.</span>
          <a href={newWindowOffer.url} target="_blank" rel="noopener noreferrer" className="ml-auto inline-flex shrink-0 items-center rounded-lg bg-amber-600 px-3 py-1 text-xs font-semibold text-white max-sm:min-h-11">
            Open it
          </a>
        </div>
      ) : null}
      <div className={`relative flex-1 ${floating ? "" : bodySize}`}>
        {url === null ? (
          <div className="grid h-full place-items-center p-6 text-center text-sm text-slate-500">
            When the leader takes you to a page, it appears here.
          </div>
        ) : current?.framable === false ? (
          <div className="grid h-full place-items-center p-6 text-center">
            <div>
              <p className="text-sm text-slate-700">This site doesn&apos;t allow itself to be shown inside iSession.</p>
              <a href={url} target="_blank" rel="noopener noreferrer" className="mt-3 inline-flex items-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white max-sm:min-h-11">
                Open it in a new window
              </a>
            </div>
          </div>
        ) : (
          <>
            <iframe
              key={url}
              src={url}
              title="Page shared by the leader"
              onLoad={() => setLoadedUrl(url)}
              className="absolute inset-0 h-full w-full border-0"
              // Same-origin is needed by most sites; top navigation is not given, so a page cannot take over the viewer.
              sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"
              referrerPolicy="no-referrer"
            />
            {loading ? (
              <div className="absolute inset-x-0 top-0 h-0.5 overflow-hidden bg-brand-100" role="progressbar" aria-label="Loading the page">
                <div className="h-full w-1/3 animate-[pulse_1s_ease-in-out_infinite] bg-brand-600" />
              </div>
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}

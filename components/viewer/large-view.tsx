"use client";
// The large view: the led page in a frame, which may float over the chat or pop out into a window
// of its own. Pages that refuse framing (found by the server's probe) get a one-click new window.
// Below the lg breakpoint the chat comes first: the page gets a fixed share of the height, folds to
// its bar in a short window (the on-screen keyboard is up), and "Hide page" / "Show page" overrides.
// An overlay above the frame carries the leader's marks (annotations/): it is told which part of
// the page the frame shows. A same-origin page's scroll is read from the frame; a cross-origin
// page hides it, so there the marks sit at the frame's own coordinates (docs/sessions.md).
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { OverlayGeometry } from "./annotations/geometry";

/** A window this short is a phone with its keyboard up: the page folds so the chat stays in view. */
const SHORT_WINDOW = "(max-height: 32rem)";
const barButton = "inline-flex items-center rounded px-2 py-0.5 hover:bg-slate-200 max-sm:min-h-11 max-sm:px-3";
import type { NavigatePayload } from "@/lib/session-events";

export function LargeView({
  current,
  newWindowOffer,
  floating,
  onToggleFloat,
  overlay,
}: {
  current: NavigatePayload | null;
  /**
   * The leader sent a page to open in a new window (a browser only opens one on a click).
   * `onOpen` records the follower's click; `opened`/`blocked`: what happened when it came in.
   */
  newWindowOffer: { url: string; onOpen?: () => void; opened?: boolean; blocked?: boolean } | null;
  floating: boolean;
  onToggleFloat: () => void;
  /** Drawn above the framed page, given the part of the page the frame shows. */
  overlay?: (geom: OverlayGeometry) => ReactNode;
}) {
  const [loadedUrl, setLoadedUrl] = useState<string | null>(null);
  const frameRef = useRef<HTMLIFrameElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [scroll, setScroll] = useState<{ url: string | null; x: number; y: number; known: boolean }>({
    url: null,
    x: 0,
    y: 0,
    known: false,
  });
  const hasOverlay = overlay !== undefined;
  useEffect(() => {
    const box = boxRef.current;
    if (!box || !hasOverlay) return;
    const ro = new ResizeObserver(() =>
      setSize((s) => (s.w === box.clientWidth && s.h === box.clientHeight ? s : { w: box.clientWidth, h: box.clientHeight })),
    );
    ro.observe(box);
    return () => ro.disconnect();
  }, [hasOverlay]);
  // A same-origin page (our own, e.g. a macro's page) lets us read its scroll; a cross-origin one throws.
  const watchScroll = useCallback((frameUrl: string) => {
    const win = frameRef.current?.contentWindow;
    try {
      if (!win) throw new Error("no frame");
      const read = () => setScroll({ url: frameUrl, x: win.scrollX, y: win.scrollY, known: true });
      read();
      // The listener goes with the frame's window when the next page replaces it (key={url}).
      win.addEventListener("scroll", read, { passive: true });
    } catch {
      setScroll({ url: frameUrl, x: 0, y: 0, known: false });
    }
  }, []);
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
          ? "fixed right-4 bottom-4 z-30 flex h-72 w-[min(28rem,calc(100vw-2rem))] flex-col overflow-hidden rounded-2xl border border-slate-300 bg-white shadow-2xl"
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
        <div
          className="flex items-center gap-3 border-b border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="popup-card"
          role="status"
        >
          <span className="min-w-0 truncate" title={newWindowOffer.url}>
            {newWindowOffer.opened
              ? "The page the leader sent is open in its own window."
              : newWindowOffer.blocked
                ? "The leader sent a page to open in its own window. Your browser held it back: open it here."
                : "The leader sent a page to open in its own window."}
          </span>
          <a
            href={newWindowOffer.url}
            target="_blank"
            rel="noopener noreferrer"
            onClick={() => newWindowOffer.onOpen?.()}
            className="ml-auto inline-flex shrink-0 items-center rounded-lg bg-amber-600 px-3 py-1 text-xs font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-700 max-sm:min-h-11"
          >
            {newWindowOffer.opened ? "Open again" : "Open"}
            <span className="sr-only"> {newWindowOffer.url} in a new window</span>
          </a>
        </div>
      ) : null}
      <div ref={boxRef} className={`relative flex-1 ${floating ? "" : bodySize}`}>
        {url === null ? (
          <div className="grid h-full place-items-center p-6 text-center text-sm text-slate-500">
            When the leader takes you to a page, it appears here.
          </div>
        ) : current?.framable === false ? (
          <div className="grid h-full place-items-center p-6 text-center">
            <div>
              <p className="text-sm text-slate-700">This site doesn&apos;t allow itself to be shown inside iSession.</p>
              <a
                href={url}
                target="_blank"
                rel="noopener noreferrer"
                className="mt-3 inline-flex items-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white max-sm:min-h-11"
              >
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
              ref={frameRef}
              onLoad={() => {
                setLoadedUrl(url);
                if (overlay) watchScroll(url);
              }}
              className="absolute inset-0 h-full w-full border-0"
              // Same-origin is needed by most sites; top navigation is not given, so a page cannot take over the viewer.
              sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"
              referrerPolicy="no-referrer"
            />
            {overlay && size.w > 0 ? (
              <div className="pointer-events-none absolute inset-0">
                {overlay({
                  scale: 1,
                  scrollX: scroll.url === url ? scroll.x : 0,
                  scrollY: scroll.url === url ? scroll.y : 0,
                  width: size.w,
                  height: size.h,
                  url,
                  scrollKnown: scroll.url === url && scroll.known,
                })}
              </div>
            ) : null}
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

"use client";
// The live mirror of the visitor's shared tab (docs/cobrowse.md). rrweb's Replayer rebuilds the
// page inside an iframe it sandboxes with exactly `allow-same-origin` (no allow-scripts): the page's
// own scripts, inline handlers and javascript: URLs never run, and rrweb's snapshot carries no
// script bodies. Events are applied as they arrive (live mode, baseline in the future), not
// re-timed. A late start, a reconnect or a gap in `seq` asks the visitor's tab for a fresh snapshot.
import "@rrweb/replay/dist/style.css";
import { Replayer } from "@rrweb/replay";
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import type { MirrorGeometry, StateMsg, VisitorToAgent } from "@/lib/cobrowse";
import { useCobrowseChannel } from "./use-cobrowse-channel";

export type { MirrorGeometry } from "@/lib/cobrowse";

type Status = { kind: "waiting" } | { kind: "live" } | { kind: "stopped"; reason: StateMsg["reason"] };

const SCROLL_SEND_MS = 150;

export function CobrowseMirror({
  channel,
  overlay,
  onReplayer,
  className,
}: {
  /** The session's co-browse channel (SessionViewData.channels.cobrowse). */
  channel: string;
  /** The agent's own seat (who is looking; kept for the caller's overlay and proposals). */
  participantId: string;
  /** Drawn above the mirror, in a box of the visitor's viewport size scaled to the mirror. */
  overlay?: (geom: MirrorGeometry) => ReactNode;
  /** The rrweb Replayer each time one is built for a snapshot (null when it goes): form proposals read the mirrored fields from it. */
  onReplayer?: (r: Replayer | null) => void;
  className?: string;
}) {
  const onReplayerRef = useRef(onReplayer);
  useEffect(() => {
    onReplayerRef.current = onReplayer;
  });
  const hostRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const replayerRef = useRef<Replayer | null>(null);
  const nextSeqRef = useRef<number | null>(null);
  const tabRef = useRef<string | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "waiting" });
  const [tab, setTab] = useState<StateMsg | null>(null);
  const [viewport, setViewport] = useState({ w: 0, h: 0 });
  const [scroll, setScroll] = useState({ x: 0, y: 0 });
  const [hostWidth, setHostWidth] = useState(0);

  const askSnapshot = useRef<() => void>(() => {});
  // A mirror that starts after the visitor began sharing has missed the snapshot, as has one whose
  // connection dropped: each subscription asks for one.
  const { state, error, send, subscribe } = useCobrowseChannel(channel, { catchUp: () => askSnapshot.current() });
  useEffect(() => {
    askSnapshot.current = () => {
      nextSeqRef.current = null;
      send({ t: "snapshot.request" });
    };
  });

  const readGeometry = useCallback(() => {
    const r = replayerRef.current;
    if (!r) return;
    const w = Number(r.iframe.width) || 0;
    const h = Number(r.iframe.height) || 0;
    setViewport((v) => (v.w === w && v.h === h ? v : { w, h }));
    const win = r.iframe.contentWindow;
    if (win) {
      const x = win.scrollX;
      const y = win.scrollY;
      setScroll((s) => (s.x === x && s.y === y ? s : { x, y }));
    }
  }, []);

  const destroy = useCallback(() => {
    if (replayerRef.current) onReplayerRef.current?.(null);
    replayerRef.current?.destroy();
    replayerRef.current = null;
    nextSeqRef.current = null;
  }, []);

  const onMessage = useCallback(
    (m: VisitorToAgent) => {
      if (m.t === "state") {
        setTab(m);
        if (!m.sharing) {
          destroy();
          tabRef.current = null;
          setStatus({ kind: "stopped", reason: m.reason });
        }
        return;
      }
      if (m.t !== "rr") return;
      if (m.full) {
        const stage = stageRef.current;
        if (!stage) return;
        destroy();
        // A baseline in the future makes every event "in the past": applied on arrival, never re-timed.
        // Such "sync" events go to rrweb's virtual DOM when it is on, which only a fast-forward
        // flushes: off, so each mutation lands in the frame at once.
        const r = new Replayer([], {
          root: stage,
          liveMode: true,
          mouseTail: false,
          showWarning: false,
          triggerFocus: false,
          useVirtualDom: false,
        });
        r.startLive(Number.MAX_SAFE_INTEGER);
        replayerRef.current = r;
        onReplayerRef.current?.(r);
        tabRef.current = m.tab;
        nextSeqRef.current = m.seq;
        setStatus({ kind: "live" });
      }
      const r = replayerRef.current;
      if (!r || tabRef.current !== m.tab) return;
      if (nextSeqRef.current !== m.seq) {
        // Something was lost (a reconnect on either side): rebuild from a fresh snapshot.
        askSnapshot.current();
        return;
      }
      nextSeqRef.current = m.seq + m.events.length;
      for (const e of m.events) r.addEvent(e as Parameters<Replayer["addEvent"]>[0]);
      // addEvent applies in a microtask; read the geometry after it.
      setTimeout(readGeometry, 0);
    },
    [destroy, readGeometry],
  );
  useEffect(() => subscribe(onMessage), [subscribe, onMessage]);
  useEffect(() => destroy, [destroy]);

  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const ro = new ResizeObserver(() => setHostWidth(host.clientWidth));
    ro.observe(host);
    setHostWidth(host.clientWidth);
    return () => ro.disconnect();
  }, []);

  const scale = viewport.w > 0 && hostWidth > 0 ? Math.min(1, hostWidth / viewport.w) : 1;
  const control = !!tab?.sharing && tab.control;

  // Follow-me: the agent's wheel over the mirror scrolls the visitor's page (when allowed); the
  // visitor's tab scrolls, and its scroll comes back as rrweb events.
  const lastScrollSent = useRef(0);
  /** Asks the visitor's tab to scroll by a wheel's deltas (`per`: host pixels per page pixel). */
  const sendScroll = useCallback(
    (dx: number, dy: number, per: number) => {
      if (!control) return;
      const now = Date.now();
      if (now - lastScrollSent.current < SCROLL_SEND_MS) return;
      lastScrollSent.current = now;
      send({ t: "scroll", x: Math.max(0, scroll.x + dx / per), y: Math.max(0, scroll.y + dy / per) });
    },
    [control, scroll.x, scroll.y, send],
  );
  // The frame's wheel listener (below) reads the newest through a ref, so it is not re-attached at every scroll.
  const followScroll = useRef(sendScroll);
  useEffect(() => {
    followScroll.current = sendScroll;
  }, [sendScroll]);
  const onWheel = useCallback((e: React.WheelEvent) => sendScroll(e.deltaX, e.deltaY, scale), [sendScroll, scale]);
  // Follow-me by keyboard, for agents who do not use a wheel: the mirror takes focus and the usual
  // scrolling keys move the visitor's page (arrows 40 px, Page Up/Down and Space most of a screen,
  // Home/End to the top and the bottom; the tab clamps what is past the end).
  const onKeyDown = useCallback(
    (e: Pick<KeyboardEvent, "key" | "shiftKey" | "altKey" | "ctrlKey" | "metaKey" | "preventDefault">) => {
      if (!control || e.altKey || e.ctrlKey || e.metaKey) return;
      const page = Math.max(40, Math.round(viewport.h * 0.9));
      const step: Record<string, [number, number]> = {
        ArrowDown: [0, 40],
        ArrowUp: [0, -40],
        ArrowRight: [40, 0],
        ArrowLeft: [-40, 0],
        PageDown: [0, page],
        PageUp: [0, -page],
        " ": [0, e.shiftKey ? -page : page],
        Home: [0, -scroll.y],
        End: [0, 1_000_000],
      };
      const d = step[e.key];
      if (!d) return;
      e.preventDefault();
      lastScrollSent.current = 0; // a key press is deliberate: never swallowed by the wheel's throttle
      sendScroll(d[0], d[1], 1);
    },
    [control, scroll.y, sendScroll, viewport.h],
  );
  const followKey = useRef(onKeyDown);
  useEffect(() => {
    followKey.current = onKeyDown;
  }, [onKeyDown]);

  // A click on a same-site link in the mirror asks the visitor's tab to follow it (checked there too).
  useEffect(() => {
    const r = replayerRef.current;
    if (!r || !control) return;
    r.enableInteract();
    const onClick = (ev: MouseEvent) => {
      ev.preventDefault();
      const a = (ev.target as Element | null)?.closest?.("a[href]");
      if (!a) return;
      const id = r.getMirror().getId(a as unknown as Parameters<ReturnType<Replayer["getMirror"]>["getId"]>[0]);
      if (id > 0) send({ t: "click", nodeId: id });
    };
    // With interaction on, the wheel lands in the mirror's own frame and never reaches the host's
    // onWheel: follow-me is sent from here, and the mirror itself scrolls only as the visitor's page does.
    const onDocWheel = (ev: WheelEvent) => {
      ev.preventDefault();
      followScroll.current(ev.deltaX, ev.deltaY, 1);
    };
    // A click in the mirror moves the focus into its frame: the scrolling keys keep working there.
    const onDocKey = (ev: KeyboardEvent) => followKey.current(ev);
    // rrweb rebuilds a full snapshot with document.open(), which erases every listener on the frame's
    // document: they are attached again after each rebuild, or follow-me would stop at the next
    // snapshot (a late viewer's, a reconnect's) and work or not depending on which came first.
    let doc: Document | null = null;
    const detach = () => {
      doc?.removeEventListener("keydown", onDocKey, true);
      doc?.removeEventListener("click", onClick, true);
      doc?.removeEventListener("wheel", onDocWheel, true);
      doc = null;
    };
    const attach = () => {
      detach();
      doc = r.iframe.contentDocument;
      doc?.addEventListener("click", onClick, true);
      doc?.addEventListener("wheel", onDocWheel, { capture: true, passive: false });
      doc?.addEventListener("keydown", onDocKey, true);
    };
    attach();
    r.on("fullsnapshot-rebuilded", attach);
    return () => {
      r.off("fullsnapshot-rebuilded", attach);
      detach();
      r.disableInteract();
    };
  }, [control, send, status]);

  const geom: MirrorGeometry = {
    scale,
    scrollX: scroll.x,
    scrollY: scroll.y,
    width: viewport.w,
    height: viewport.h,
    url: tab?.url ?? null,
  };
  const live = status.kind === "live";
  const notice =
    state === "error"
      ? `The co-browse channel is unavailable: ${error ?? "refused"}.`
      : status.kind === "stopped"
        ? stopText(status.reason)
        : !live
          ? "Waiting for the visitor to share their tab. They see a prompt on their own page and choose whether to share."
          : null;

  return (
    <section
      aria-label="Visitor's shared tab"
      className={`flex min-h-0 flex-col bg-white ${className ?? ""}`}
      data-testid="cobrowse-mirror"
    >
      <div className="flex items-center gap-2 border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs text-slate-600">
        <span aria-hidden className={`h-2 w-2 shrink-0 rounded-full ${live ? "bg-emerald-500" : "bg-slate-300"}`} />
        <span className="truncate font-mono" title={tab?.url} data-testid="cobrowse-url">
          {live && tab?.url ? tab.url : "Co-browsing"}
        </span>
        {live ? (
          <span className="ml-auto shrink-0 rounded bg-slate-200 px-1.5 py-0.5" data-testid="cobrowse-control">
            {control ? "You may scroll and follow links" : "View only"}
          </span>
        ) : null}
      </div>
      <div
        ref={hostRef}
        className="relative min-h-0 flex-1 overflow-hidden focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600"
        onWheel={onWheel}
        onKeyDown={onKeyDown}
        // Focusable only while the visitor allows follow-me: then the keys scroll their page.
        tabIndex={live && control ? 0 : undefined}
        role={live && control ? "group" : undefined}
        aria-label={live && control ? "Visitor's page: scroll it with the arrow keys, Page Up, Page Down, Home and End" : undefined}
        data-testid="cobrowse-scroller"
      >
        {notice ? (
          <p role="status" className="p-4 text-sm text-slate-600" data-testid="cobrowse-notice">
            {notice}
          </p>
        ) : null}
        <div style={{ height: live ? viewport.h * scale : 0, width: live ? viewport.w * scale : 0 }} className="relative overflow-hidden">
          <div ref={stageRef} style={{ transform: `scale(${scale})`, transformOrigin: "0 0" }} className="cobrowse-stage" />
          {live && overlay ? (
            <div className="pointer-events-none absolute inset-0" style={{ width: viewport.w * scale, height: viewport.h * scale }}>
              {overlay(geom)}
            </div>
          ) : null}
        </div>
      </div>
    </section>
  );
}

function stopText(reason: StateMsg["reason"]): string {
  switch (reason) {
    case "too_large":
      return "The visitor's page is too large to mirror. Ask them to describe what they see, or send them a simpler page.";
    case "session_ended":
      return "Sharing ended with the session.";
    case "disabled":
      return "Co-browsing is turned off for this launcher.";
    case "error":
      return "The visitor's tab stopped sharing after an error.";
    default:
      return "The visitor stopped sharing their tab.";
  }
}

"use client";
// The agent's open sessions side by side as tabs, each with its unread count. Keyboard: Alt+1..9
// picks a tab, arrow keys move along the tab list, Alt+M puts the cursor in the active composer.
import { useCallback, useEffect, useRef, useState } from "react";
import type { MacroItem } from "@/lib/macros";
import { SessionPane, type PaneHandle } from "./session-pane";

export type OpenSession = { sessionId: string; title: string; question: string; visitors: string[]; role: string };

export function SessionTabs({
  orgId,
  sessions,
  macros,
  activeId,
  onActivate,
  onGone,
}: {
  orgId: string;
  sessions: OpenSession[];
  macros: MacroItem[];
  activeId: string | null;
  onActivate: (sessionId: string) => void;
  onGone: (sessionId: string, message: string) => void;
}) {
  const [unread, setUnread] = useState<Record<string, number>>({});
  const panes = useRef(new Map<string, PaneHandle>());
  const tabs = useRef(new Map<string, HTMLButtonElement>());
  const current = sessions.find((s) => s.sessionId === activeId) ?? sessions[0];

  const onUnread = useCallback((id: string, n: number) => setUnread((u) => (u[id] === n ? u : { ...u, [id]: n })), []);
  const pick = useCallback(
    (i: number, focusTab = false) => {
      const s = sessions[i];
      if (!s) return;
      onActivate(s.sessionId);
      if (focusTab) tabs.current.get(s.sessionId)?.focus();
    },
    [onActivate, sessions],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      if (/^Digit[1-9]$/.test(e.code)) {
        e.preventDefault();
        pick(Number(e.code.slice(5)) - 1, true);
      } else if (e.code === "KeyM" && current) {
        e.preventDefault();
        panes.current.get(current.sessionId)?.focusComposer();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [current, pick]);

  if (sessions.length === 0) {
    return (
      <p className="rounded-2xl border border-dashed border-slate-300 bg-white px-4 py-8 text-center text-sm text-slate-500">
        No open sessions. Accepted requests appear here as tabs.
      </p>
    );
  }
  const label = (s: OpenSession) => s.visitors.join(", ") || "Visitor";
  return (
    <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white">
      <div
        role="tablist"
        aria-label="Open sessions"
        aria-describedby="session-shortcuts"
        className="flex gap-1 overflow-x-auto border-b border-slate-200 bg-slate-50 px-2 pt-2"
        onKeyDown={(e) => {
          const i = sessions.findIndex((s) => s.sessionId === current?.sessionId);
          if (e.key === "ArrowRight") pick((i + 1) % sessions.length, true);
          else if (e.key === "ArrowLeft") pick((i - 1 + sessions.length) % sessions.length, true);
          else if (e.key === "Home") pick(0, true);
          else if (e.key === "End") pick(sessions.length - 1, true);
          else return;
          e.preventDefault();
        }}
      >
        {sessions.map((s, i) => {
          const selected = s.sessionId === current?.sessionId;
          const n = unread[s.sessionId] ?? 0;
          return (
            <button
              key={s.sessionId}
              ref={(el) => {
                if (el) tabs.current.set(s.sessionId, el);
                else tabs.current.delete(s.sessionId);
              }}
              type="button"
              role="tab"
              id={`tab-${s.sessionId}`}
              aria-selected={selected}
              aria-controls={`panel-${s.sessionId}`}
              tabIndex={selected ? 0 : -1}
              title={i < 9 ? `Alt+${i + 1}` : undefined}
              onClick={() => onActivate(s.sessionId)}
              className="flex max-w-56 shrink-0 items-center gap-2 rounded-t-lg border border-b-0 border-transparent px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-brand-600 aria-selected:border-slate-200 aria-selected:bg-white aria-selected:font-semibold"
            >
              {i < 9 ? (
                <kbd className="hidden rounded bg-slate-200 px-1 font-mono text-[10px] text-slate-600 sm:inline">{i + 1}</kbd>
              ) : null}
              <span className="truncate">{label(s)}</span>
              {n > 0 ? (
                <span className="rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white tabular-nums" aria-label={`${n} unread`}>
                  {n}
                </span>
              ) : null}
            </button>
          );
        })}
      </div>
      {sessions.map((s) => (
        <div
          key={s.sessionId}
          role="tabpanel"
          id={`panel-${s.sessionId}`}
          aria-labelledby={`tab-${s.sessionId}`}
          hidden={s.sessionId !== current?.sessionId}
        >
          <SessionPane
            ref={(h) => {
              if (h) panes.current.set(s.sessionId, h);
              else panes.current.delete(s.sessionId);
            }}
            orgId={orgId}
            sessionId={s.sessionId}
            label={label(s)}
            active={s.sessionId === current?.sessionId}
            macros={macros}
            onUnread={onUnread}
            onGone={onGone}
          />
        </div>
      ))}
      {/* Read with the tab list (aria-describedby), so screen-reader users hear the shortcuts too. */}
      <p id="session-shortcuts" className="border-t border-slate-200 px-3 py-1.5 text-xs text-slate-500">
        <span className="sr-only">Keyboard shortcuts: </span>
        <kbd className="font-mono">Alt+1…9</kbd> switch session · <kbd className="font-mono">←/→</kbd> move along the tabs ·{" "}
        <kbd className="font-mono">Alt+M</kbd> message box · <kbd className="font-mono">/</kbd> macros
      </p>
    </div>
  );
}

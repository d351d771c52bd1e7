"use client";
// Pop-ups on the followers' side (issue 17, part 4). A page the leader sends "in a new window"
// arrives as `popup.sent`; the follower's tab tries to open it at once. Browsers open a window
// only on a user gesture, so this mostly fails (window.open answers null) and the large view shows
// a one-click "Open" card instead; either way the opening is archived as `popup.opened` (once per
// seat and pop-up, on the server). Pop-ups archived before this page loaded are offered, never opened.
import { useCallback, useEffect, useRef, useState } from "react";
import { eventKey, type WireEvent } from "@/lib/session-events";
import { isInvisible } from "@/lib/roles";
import { useTRPCClient } from "@/lib/trpc";

export type PopupOffer = {
  url: string;
  /** Opened in a window (by itself or with a click). */
  opened: boolean;
  /** The browser refused to open it by itself: the card says so. */
  blocked: boolean;
  /** Call from the card's click (a user gesture): records the opening. */
  onOpen: () => void;
};

type SessionLike = {
  sessionId: string;
  me: { id: string; role: string };
  events: readonly WireEvent[];
  lastNavigate: { url: string; newWindow: boolean; actor: string | null; seq: number } | null;
  closed?: boolean;
};

/** Opens `url` in a new window without giving it a handle on this one; false when the browser blocked it. */
export function tryOpenWindow(url: string, open: (url: string, target: string) => Window | null = (u, t) => window.open(u, t)): boolean {
  // Not "noopener" in the features: with it, window.open always answers null and a block can't be told apart.
  const w = open(url, "_blank");
  if (!w) return false;
  try {
    w.opener = null;
  } catch {
    // A window that is already cross-origin refuses the write; it has no useful handle on us then.
  }
  return true;
}

export function usePopupOffer(s: SessionLike): PopupOffer | null {
  const client = useTRPCClient();
  const unseen = isInvisible(s.me.role);
  const [state, setState] = useState<Record<number, { opened: boolean; blocked: boolean }>>({});
  const seenRef = useRef<Set<string> | null>(null);

  const record = useCallback(
    (sentSeq: number, how: "auto" | "click") => {
      // Unseen staff open silently: announcing it would reveal them.
      if (unseen || s.closed) return;
      client.sessions.popupOpened.mutate({ sessionId: s.sessionId, sentSeq, how }).catch(() => {
        // The window is open; a lost record is only a missing line in the archive.
      });
    },
    [client, s.closed, s.sessionId, unseen],
  );

  useEffect(() => {
    const popups = s.events.filter((e) => e.type === "popup.sent" && e.stream === "room");
    if (seenRef.current === null) {
      seenRef.current = new Set(popups.map(eventKey));
      return;
    }
    const seen = seenRef.current;
    for (const e of popups) {
      if (seen.has(eventKey(e))) continue;
      seen.add(eventKey(e));
      if (e.actorParticipantId === s.me.id || s.closed) continue;
      const url = String(e.payload.url ?? "");
      const opened = unseen ? false : tryOpenWindow(url);
      // The outcome of an attempt made from a live event, not render state derived from props.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setState((st) => ({ ...st, [e.seq]: { opened, blocked: !opened } }));
      if (opened) record(e.seq, "auto");
    }
  }, [record, s.closed, s.events, s.me.id, unseen]);

  const last = s.lastNavigate;
  if (!last || !last.newWindow || last.actor === s.me.id) return null;
  const isPopup = s.events.some((e) => e.stream === "room" && e.seq === last.seq && e.type === "popup.sent");
  const st = state[last.seq] ?? { opened: false, blocked: false };
  return {
    url: last.url,
    opened: st.opened,
    blocked: st.blocked,
    onOpen: () => {
      setState((x) => ({ ...x, [last.seq]: { opened: true, blocked: false } }));
      // Older archives sent pop-ups as a navigate: nothing to answer on the server.
      if (isPopup && !st.opened) record(last.seq, "click");
    },
  };
}

"use client";
// Live typing in the viewer: who is typing (and what, with the full-text preview) from the
// presence channel's client events or, for unseen staff, the server's copy on the watch channel;
// previews that expire when a typist goes quiet; and this reader's own typing, throttled. The state
// changes are the pure functions below (tests/unit/viewer-typing.test.ts); the hook only wires them.
import { useCallback, useEffect, useRef, useState } from "react";
import type { TypingCopyPayload, TypingPayload, WireEvent } from "@/lib/session-events";
import type { Typing } from "./types";

export type Typists = Readonly<Record<string, Typing>>;

/** ~3 client events/s per typist: well inside the relay's 10/s. */
export const TYPING_THROTTLE_MS = 300;
/** A preview with no news for this long is dropped (a closed tab sends no "stopped"). */
export const TYPING_STALE_MS = 6000;
/** The most of a draft a full-text preview carries: its end, where the typing is. */
export const PREVIEW_CHARS = 500;

/** `who` started, went on, or stopped typing. */
export function typistUpdate(prev: Typists, who: string, t: TypingPayload, now: number): Typists {
  if (!t.typing) return dropTypists(prev, [who]);
  return { ...prev, [who]: { text: t.text, at: now } };
}

/** Without the given typists; the same object when none of them was typing. */
export function dropTypists(prev: Typists, who: Iterable<string>): Typists {
  let next: Record<string, Typing> | null = null;
  for (const id of who) {
    if (!(next ?? prev)[id]) continue;
    next ??= { ...prev };
    delete next[id];
  }
  return next ?? prev;
}

/** Previews older than TYPING_STALE_MS dropped; the same object when all are fresh. */
export function expireTypists(prev: Typists, now: number): Typists {
  const fresh = Object.entries(prev).filter(([, v]) => now - v.at < TYPING_STALE_MS);
  return fresh.length === Object.keys(prev).length ? prev : Object.fromEntries(fresh);
}

/** A sent line replaces its sender's preview: the senders of the chat lines among `events`. */
export function lineSenders(events: readonly WireEvent[]): string[] {
  return events.filter((e) => e.type === "chat" && e.actorParticipantId).map((e) => e.actorParticipantId!);
}

/** What this reader's typing sends, by the scenario's preview mode; null: nothing is sent. */
export function typingPayload(mode: string, text: string): TypingPayload | null {
  if (mode === "NONE") return null;
  if (!text) return { typing: false };
  return { typing: true, ...(mode === "FULL_TEXT" ? { text: text.slice(-PREVIEW_CHARS) } : {}) };
}

/** Others' typing, fed by the channel handlers it returns, and expired as typists go quiet. */
export function useTypists() {
  const [typing, setTyping] = useState<Typists>({});
  const setTypist = useCallback((who: string, t: TypingPayload) => setTyping((prev) => typistUpdate(prev, who, t, Date.now())), []);
  const onTyping = useCallback(
    (data: unknown, meta?: { user_id?: string }) => {
      if (meta?.user_id) setTypist(meta.user_id, data as TypingPayload);
    },
    [setTypist],
  );
  // Unseen staff get the server's copy of the room's typing on the watch channel (server/sessions/typing-copy.ts).
  const onTypingCopy = useCallback(
    (data: unknown) => setTypist((data as TypingCopyPayload).participantId, data as TypingPayload),
    [setTypist],
  );
  const linesArrived = useCallback((events: readonly WireEvent[]) => {
    const senders = lineSenders(events);
    if (senders.length) setTyping((prev) => dropTypists(prev, senders));
  }, []);
  useEffect(() => {
    const t = setInterval(() => setTyping((prev) => expireTypists(prev, Date.now())), 2000);
    return () => clearInterval(t);
  }, []);
  return { typing, onTyping, onTypingCopy, linesArrived };
}

/** This reader's typing, sent on `channel` at most every TYPING_THROTTLE_MS; the last keystroke always goes out. */
export function useReportTyping(
  mode: string,
  channel: { trigger: (event: string, data: unknown) => unknown } | null,
  subscribed: boolean,
  event: string,
) {
  const lastRef = useRef(0);
  const trailingRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  return useCallback(
    (text: string) => {
      const payload = typingPayload(mode, text);
      if (!payload || !channel || !subscribed) return;
      const fire = () => {
        lastRef.current = Date.now();
        channel.trigger(event, payload);
      };
      if (trailingRef.current) clearTimeout(trailingRef.current);
      const wait = TYPING_THROTTLE_MS - (Date.now() - lastRef.current);
      if (wait <= 0 || !text) fire();
      else trailingRef.current = setTimeout(fire, wait);
    },
    [channel, event, mode, subscribed],
  );
}

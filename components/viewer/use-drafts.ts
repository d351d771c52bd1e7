"use client";
// The input line's text, one per session and conversation (room, each sidebar), kept in
// sessionStorage: switching tabs shows that tab's own draft (a line begun in a sidebar is never
// sent to the room), and a draft outlives the viewer being rebuilt (a role change remounts it) or
// a reload of the tab. sessionStorage is per tab and gone with it: nothing is kept on disk for long.
import { useCallback, useSyncExternalStore, type Ref, type RefCallback } from "react";

const PREFIX = "isession.draft:";
const memory = new Map<string, string>();
const listeners = new Set<() => void>();

/** The key of one conversation's draft: room or sidebar id within a session. */
export function draftKey(sessionId: string, conversation: string): string {
  return `${sessionId}:${conversation}`;
}

function read(key: string): string {
  const held = memory.get(key);
  if (held !== undefined) return held;
  let stored = "";
  try {
    stored = window.sessionStorage.getItem(PREFIX + key) ?? "";
  } catch {
    // Storage blocked (privacy settings, a sandboxed frame): drafts live in memory only.
  }
  memory.set(key, stored);
  return stored;
}

function write(key: string, text: string): void {
  if (read(key) === text) return;
  memory.set(key, text);
  try {
    if (text) window.sessionStorage.setItem(PREFIX + key, text);
    else window.sessionStorage.removeItem(PREFIX + key);
  } catch {
    // As in read: memory only.
  }
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Puts back a line that could not be sent, unless something new was typed meanwhile. */
export function restoreDraft(key: string, text: string): void {
  if (!read(key).trim()) write(key, text);
}

export function useDrafts(key: string): [string, (text: string) => void] {
  const text = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => "",
  );
  const setText = useCallback((t: string) => write(key, t), [key]);
  return [text, setText];
}

/** Input lines that had the keyboard when their viewer was taken down, by draft key. */
const focused = new Set<string>();

/**
 * A ref for the input line that also keeps the keyboard across a rebuild of the viewer (a role
 * change remounts it): the old text area, removed while it had focus, would leave the keyboard on
 * the page's body, and whatever the person typed on would go nowhere. Attached, the new one takes
 * focus back when nothing else holds it. `forwarded` still receives the element.
 */
export function useDraftFocus(key: string, forwarded: Ref<HTMLTextAreaElement>): RefCallback<HTMLTextAreaElement> {
  return useCallback(
    (el: HTMLTextAreaElement | null) => {
      setRef(forwarded, el);
      if (!el) return;
      if (focused.delete(key) && (document.activeElement === null || document.activeElement === document.body)) {
        el.focus();
        el.setSelectionRange(el.value.length, el.value.length);
      }
      // React 19 runs this while the element is still in the document, before it is removed.
      return () => {
        if (document.activeElement === el) focused.add(key);
        setRef(forwarded, null);
      };
    },
    [forwarded, key],
  );
}

function setRef<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === "function") ref(value);
  else if (ref) ref.current = value;
}

"use client";
import { useCallback, useState } from "react";

/**
 * The input line's text, one per conversation (room, each sidebar): switching tabs shows that
 * tab's own draft, so a line begun in a sidebar is never typed into, or sent to, the room.
 */
export function useDrafts(conversation: string): [string, (text: string) => void] {
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const setText = useCallback((text: string) => setDrafts((d) => (d[conversation] === text ? d : { ...d, [conversation]: text })), [conversation]);
  return [drafts[conversation] ?? "", setText];
}

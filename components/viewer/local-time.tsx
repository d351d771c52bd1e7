"use client";
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * A time in the reader's own zone and locale. The server doesn't know either, so it renders nothing
 * and the browser fills it in after hydration: a server-formatted time would differ from the
 * browser's and break hydration of the whole transcript.
 */
export function LocalTime({ iso, withDate = false }: { iso: string; withDate?: boolean }) {
  const inBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
  const d = new Date(iso);
  return (
    <time dateTime={iso}>
      {inBrowser ? (withDate ? d.toLocaleString() : d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })) : ""}
    </time>
  );
}
